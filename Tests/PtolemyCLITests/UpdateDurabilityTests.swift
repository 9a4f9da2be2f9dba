import Testing
import Foundation
import PtolemyStorage
import PtolemyRDF

@Suite(.serialized) struct UpdateDurabilityTests {
    func count(_ store: String, _ pattern: String) throws -> Int {
        let result = try CLI.run(["query", "--store", store, "--format", "csv", "-e", "SELECT (COUNT(*) AS ?n) WHERE { \(pattern) }"])
        #expect(result.status == 0, "\(result.stderr)")
        return Int(result.stdout.split(separator: "\r\n").dropFirst().first ?? "") ?? -1
    }

    @Test func acknowledgedUpdatesSurviveKillDuringLaterOnes() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = dir.file("store")
        #expect(try CLI.run(["update", "--store", store, "-e", "INSERT DATA { <http://ex/seed> <http://ex/p> 0 }"]).status == 0)
        // A shell loop of updates that records each acknowledgement after the command returns;
        // killed (with its running update) at an arbitrary point.
        let script = """
            i=1
            while [ $i -le 400 ]; do
              "\(CLI.binary)" update --store "\(store)" -e "INSERT DATA { <http://ex/s$i> <http://ex/p> $i . <http://ex/s$i> <http://ex/q> \\"v$i\\" }" 2>/dev/null || exit 1
              echo $i >> "\(dir.file("acked"))"
              i=$((i+1))
            done
            """
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", script]
        try shell.run()
        Thread.sleep(forTimeInterval: 2.0)
        // kill -9 the loop and whatever update it is running.
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-9", "-f", store]
        try pkill.run()
        pkill.waitUntilExit()
        kill(shell.processIdentifier, SIGKILL)
        shell.waitUntilExit()
        let acked = ((try? String(contentsOfFile: dir.file("acked"), encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
        #expect(acked.count > 0, "some updates were acknowledged before the kill")
        // Every acknowledged update is there, in full; at most the one in flight may be too.
        let p = try count(store, "?s <http://ex/p> ?o")
        let q = try count(store, "?s <http://ex/q> ?o")
        #expect(p - 1 == q, "each update's two quads are there together or not at all")
        #expect(q >= acked.count && q <= acked.count + 1, "acknowledged \(acked.count), found \(q)")
        #expect(try CLI.run(["stats", "--verify", "--store", store]).status == 0)
    }

    @Test func killDuringALargeUpdateLeavesNoneOfIt() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = dir.file("store")
        #expect(try CLI.run(["update", "--store", store, "-e", "INSERT DATA { <http://ex/a> <http://ex/p> 1 }"]).status == 0)
        var text = "INSERT DATA {\n"
        for i in 0..<150_000 { text += "<http://ex/big\(i)> <http://ex/p> \"value \(i)\" .\n" }
        text += "}"
        try text.write(toFile: dir.file("big.ru"), atomically: true, encoding: .utf8)
        for delay in [0.2, 0.6, 1.2] {
            let process = try CLI.start(["update", "--store", store, "--update", dir.file("big.ru")])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let n = try count(store, "?s <http://ex/p> ?o")
            #expect(n == 1 || n == 150_001, "after kill at \(delay) s: \(n) (never part of the request)")
            if n == 150_001 { break }
        }
    }

    @Test func aFailingUpdateRequestChangesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = dir.file("store")
        #expect(try CLI.run(["update", "--store", store, "-e", "CREATE GRAPH <http://ex/g> ; INSERT DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/p> 1 } }"]).status == 0)
        let before = try CLI.run(["export", "--store", store]).stdout
        // The first operation would succeed; the second fails (the graph exists): nothing may remain.
        let result = try CLI.run(["update", "--store", store, "-e",
                                  "INSERT DATA { <http://ex/b> <http://ex/p> 2 } ; DELETE DATA { GRAPH <http://ex/g> { <http://ex/a> <http://ex/p> 1 } } ; CREATE GRAPH <http://ex/g>"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("already exists"))
        #expect(try CLI.run(["export", "--store", store]).stdout == before)
    }
}
