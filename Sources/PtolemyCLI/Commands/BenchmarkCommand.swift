import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
import PtolemyEngine

/// Times queries inside one warm process: the store is opened once, each query gets a
/// warm-up run and then `--runs` timed runs (median reported), reading every result row
/// as a client would (terms decoded). Used by Benchmarks/query_bench.py.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Time queries in a warm process (median of --runs after a warm-up).")

    @Option(name: .long, help: "The store directory.")
    var store: String = "ptolemy-data"

    @OptionGroup var federation: FederationOptions

    @Option(name: .long, help: "Timed runs per query.")
    var runs: Int = 5

    @Option(name: .long, help: "Per-run time limit in seconds.")
    var timeout: Double = 120

    @Option(name: .long, help: "Write the results as JSON to this file.")
    var json: String?

    @Argument(help: "Query files (.rq).")
    var queries: [String]

    struct Result: Codable {
        var query: String
        var rows: Int
        var checksum: Int?
        var runs: [Double]
        var median: Double
        var cpuMedian: Double
        var plan: String
    }

    func run() throws {
        let store = try Store(directory: store, mode: .readOnly)
        let engine = try federation.engine()
        var results: [Result] = []
        for file in queries {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("\(file): cannot read the file") }
            let query = try Query(parsing: text, baseIRI: URL(fileURLWithPath: file).absoluteString)
            var times: [Double] = []
            var cpus: [Double] = []
            var rows = 0
            var checksum: Int?
            var plan = ""
            for run in 0...runs {
                let cpu0 = Self.cpuSeconds()
                let start = DispatchTime.now()
                let prepared = try engine.prepare(query, snapshot: store.snapshot, control: QueryControl(timeout: timeout))
                let nIndex = prepared.variables.firstIndex { $0.name == "n" }
                var count = 0
                var sum = 0
                switch query.form {
                case .select:
                    try prepared.forEachSolution { row in
                        count += 1
                        if let nIndex, case .literal(let l)? = row[nIndex], let v = Int(l.lexicalForm) { sum += v }
                        return true
                    }
                case .ask:
                    count = try prepared.ask() ? 1 : 0
                case .construct, .describe:
                    try prepared.forEachTriple { _ in count += 1 }
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
                if run == 0 {
                    rows = count
                    checksum = nIndex == nil ? nil : sum
                    plan = prepared.explain()
                    continue // the warm-up is not timed
                }
                times.append(seconds)
                cpus.append(Self.cpuSeconds() - cpu0)
            }
            let result = Result(query: file, rows: rows, checksum: checksum, runs: times,
                                median: Self.median(times), cpuMedian: Self.median(cpus), plan: plan)
            results.append(result)
            print(String(format: "%@  %d rows  median %.2f ms (cpu %.2f ms)", URL(fileURLWithPath: file).lastPathComponent,
                         rows, result.median * 1000, result.cpuMedian * 1000))
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(results).write(to: URL(fileURLWithPath: json))
        }
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// CPU time of this process (user + system), in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
