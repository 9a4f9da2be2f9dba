import Testing
import Foundation

/// The planner's estimates against actual rows on the benchmark data (generated small by
/// ../shared/bench/gen_geo.py): every operator of the benchmark's BGP queries and of the thematic + spatial q10 must be within
/// the stated factor, or both figures small. Skipped (with a recorded reason) only when the
/// generator or numpy is absent — the test command installs both.
@Suite(.serialized) struct BenchEstimateTests {
    /// The stated bound: an estimate is off by at most this factor (either way).
    static let factor = 10.0

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = ProcessInfo.processInfo.environment["PTOLEMY_SHARED"].map { URL(fileURLWithPath: $0) }
        ?? repository.deletingLastPathComponent().appendingPathComponent("shared")

    @Test func estimatesAreWithinAFactorOfActualRowsOnTheBenchData() throws {
        let generator = Self.shared.appendingPathComponent("bench/gen_geo.py").path
        guard FileManager.default.fileExists(atPath: generator) else {
            Issue.record("no bench generator at \(generator) (set PTOLEMY_SHARED)")
            return
        }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gen.arguments = ["python3", generator, "--scale", "0.2", "--out", dir.file("data")]
        gen.standardOutput = FileHandle.nullDevice
        try gen.run()
        gen.waitUntilExit()
        try #require(gen.terminationStatus == 0, "gen_geo.py failed (numpy missing?)")
        #expect(try CLI.run(["load", "--quiet", "--store", dir.file("store"), dir.file("data/data.nt")]).status == 0)
        let queries = ["q10_mixed_thematic_spatial.rq", "q12_bgp_star.rq", "q13_bgp_group_count.rq"].map { Self.shared.appendingPathComponent("bench/queries/\($0)").path }
            + ["b1_star_selective.rq", "b2_star_large.rq", "b3_chain.rq", "b4_snowflake.rq", "b5_chain_type.rq"]
                .map { Self.repository.appendingPathComponent("Benchmarks/queries/\($0)").path }
        let result = try CLI.run(["benchmark", "--store", dir.file("store"), "--runs", "1", "--json", dir.file("out.json")] + queries)
        #expect(result.status == 0, "\(result.stderr)")
        struct Entry: Decodable { var query: String; var plan: String }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: URL(fileURLWithPath: dir.file("out.json"))))
        #expect(entries.count == queries.count)
        let pattern = try NSRegularExpression(pattern: #"\(estimated ([0-9.e+]+), actual ([0-9]+) rows\)"#)
        var checked = 0
        for entry in entries {
            for line in entry.plan.split(separator: "\n").map(String.init) {
                let range = NSRange(line.startIndex..., in: line)
                guard let m = pattern.firstMatch(in: line, range: range),
                      let e = Double(line[Range(m.range(at: 1), in: line)!]), let a = Double(line[Range(m.range(at: 2), in: line)!]) else { continue }
                checked += 1
                let (x, y) = (max(e, 1), max(a, 1))
                #expect(max(x, y) / min(x, y) <= Self.factor || max(x, y) < 100,
                        "\(URL(fileURLWithPath: entry.query).lastPathComponent): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(checked > 20)
    }
}
