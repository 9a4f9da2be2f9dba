import Testing
import Foundation
import PtolemyStorage

@Suite(.serialized) struct LoadCommandTests {
    @Test func aSyntaxErrorDeepInALargeFileLeavesTheStoreAsItWas() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = dir.file("store")
        try sampleNTriples(count: 1000).write(toFile: dir.file("first.nt"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["load", "--quiet", "--store", store, dir.file("first.nt")]).status == 0)
        let manifestBefore = try String(contentsOfFile: store + "/MANIFEST", encoding: .utf8)
        // 300k good statements, then one bad one on the last line.
        var big = sampleNTriples(count: 300_000, prefix: "http://example.org/big/")
        big += "<http://example.org/x> <http://example.org/p> \"unterminated .\n"
        try big.write(toFile: dir.file("big.nt"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["load", "--quiet", "--store", store, dir.file("big.nt")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("big.nt:300001:"), "the error names the file and line: \(result.stderr)")
        #expect(try String(contentsOfFile: store + "/MANIFEST", encoding: .utf8) == manifestBefore)
        let export = try CLI.run(["export", "--store", store])
        #expect(export.stdout.split(separator: "\n").count == 1000)
    }

    @Test func skipInvalidLoadsTheRestAndListsWhatItSkipped() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let text = """
        <http://ex/a> <http://ex/p> "ok 1" .
        <http://ex/b> <http://ex/p> "bad
        <http://ex/c> <http://ex/p> "ok 2" .
        <http://ex/d> "not a predicate" "x" .
        <http://ex/e> <http://ex/p> "ok 3" .

        """
        try text.write(toFile: dir.file("mixed.nt"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["load", "--quiet", "--skip-invalid", "--store", dir.file("store"), dir.file("mixed.nt")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("mixed.nt:2:"))
        #expect(result.stderr.contains("mixed.nt:4:"))
        #expect(result.stdout.contains("skipped 2 invalid statements"))
        let export = try CLI.run(["export", "--store", dir.file("store")])
        #expect(export.stdout.split(separator: "\n").count == 3)
    }

    @Test func killDuringALoadLeavesTheOldContents() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = dir.file("store")
        try sampleNTriples(count: 2000).write(toFile: dir.file("base.nt"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["load", "--quiet", "--store", store, dir.file("base.nt")]).status == 0)
        try sampleNTriples(count: 600_000, prefix: "http://example.org/more/").write(toFile: dir.file("more.nt"), atomically: true, encoding: .utf8)
        // Kill at several moments of the load: early, middle, late.
        for delay in [0.05, 0.3, 0.6, 1.0, 1.5] {
            let process = try CLI.start(["load", "--quiet", "--store", store, dir.file("more.nt")])
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let stats = try CLI.run(["stats", "--verify", "--store", store])
            #expect(stats.status == 0, "the store opens after kill -9: \(stats.stderr)")
            let quads = stats.stdout.split(separator: "\n").first { $0.hasPrefix("quads") }.map { $0.split(separator: " ").last! } ?? ""
            // Either the old contents, or (if the commit happened first) old plus new: never a mix.
            #expect(quads == "2000" || quads == "602000", "after kill at \(delay) s: \(quads) quads")
            if quads == "602000" { break }
        }
        // The store is still loadable afterwards.
        #expect(try CLI.run(["load", "--quiet", "--store", store, dir.file("base.nt")]).status == 0)
    }

    @Test func aCorruptFileIsRefusedWithItsName() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = dir.file("store")
        try sampleNTriples(count: 5000).write(toFile: dir.file("d.nt"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["load", "--quiet", "--store", store, dir.file("d.nt")]).status == 0)
        let part = try #require(try FileManager.default.contentsOfDirectory(atPath: store).first { $0.hasSuffix(".part") })
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: store + "/" + part)))
        bytes[bytes.count / 3] ^= 0x55
        try Data(bytes).write(to: URL(fileURLWithPath: store + "/" + part))
        let result = try CLI.run(["stats", "--verify", "--store", store])
        #expect(result.status != 0)
        #expect(result.stderr.contains(part))
    }
}
