import ArgumentParser
import Foundation
import Synchronization
import PtolemyRDF
import PtolemyRDFIO
import PtolemyCompression
import PtolemyStorage

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Bulk-load RDF files into a store (created when absent).",
        discussion: """
        Formats: N-Triples, N-Quads, Turtle, TriG, RDF/XML, chosen by file extension \
        (.nt .nq .ttl .trig .rdf .xml .owl), also gzip- or zstd-compressed (.gz, .zst).
        The load is atomic: on a syntax error nothing is added and the error names the \
        file, line and column. With --skip-invalid, bad statements are skipped and listed.
        """)

    @Option(name: .long, help: "The store directory.")
    var store: String = "ptolemy-data"

    @Option(name: .long, help: "The syntax of every input (default: from each file's extension).")
    var format: String?

    @Option(name: .long, help: "Base IRI for relative IRIs (default: each file's file:// IRI).")
    var base: String?

    @Flag(name: .long, help: "Skip invalid statements, list them on standard error, and load the rest.")
    var skipInvalid = false

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    @Argument(help: "The files to load.")
    var files: [String]

    func run() throws {
        var sources: [LoadSource] = []
        let skipped = SkippedStatements()
        for file in files {
            guard FileManager.default.isReadableFile(atPath: file) else { throw CLIError("\(file): cannot read the file") }
            let rdfFormat: RDFFormat
            if let format {
                guard let f = RDFFormat(rawValue: format) else {
                    throw CLIError("unknown format '\(format)' (use one of: \(RDFFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                rdfFormat = f
            } else {
                guard let f = RDFFormat.guess(fromFileName: file) else {
                    throw CLIError("\(file): cannot tell the format from the file name; use --format")
                }
                rdfFormat = f
            }
            let parser = RDFParser(format: rdfFormat, baseIRI: base ?? RDFParser.fileIRI(forPath: file))
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            let counter = ByteCounter()
            let skipInvalid = self.skipInvalid
            if rdfFormat == .ntriples || rdfFormat == .nquads {
                // The zero-allocation path: statements go from the parser's buffers to term keys.
                let nt = NTriplesParser(format: rdfFormat)
                sources.append(LoadSource(name: file, size: size, counter: counter, raw: { emit in
                    var input = try InputFile.open(file, counter: counter)
                    try nt.parseRaw(source: &input, fileName: file, onError: skipInvalid ? { skipped.add($0) } : nil,
                                    onStatement: emit)
                }))
                continue
            }
            sources.append(LoadSource(name: file, size: size, counter: counter) { emit in
                var input = try InputFile.open(file, counter: counter)
                try parser.parse(source: &input, fileName: file,
                                 onError: skipInvalid ? { skipped.add($0) } : nil, onQuad: emit)
            })
        }
        let storeHandle = try Store(directory: store, create: true)
        let display = ProgressDisplay(enabled: !quiet)
        let report = try BulkLoader(store: storeHandle).load(sources) { display.update($0) }
        display.finish()
        for error in skipped.all { printError("skipped: \(error)") }
        let added = Int64(report.quadsAfter) - Int64(report.quadsBefore)
        let rate = report.seconds > 0 ? Double(report.statementsRead) / report.seconds : 0
        print(String(format: "loaded %d statements in %.2f s (%.0f statements/s): %d new quads, %d in the store",
                     report.statementsRead, report.seconds, rate, added, report.quadsAfter))
        if !skipped.all.isEmpty { print("skipped \(skipped.all.count) invalid statement\(skipped.all.count == 1 ? "" : "s")") }
        if report.geometriesIndexed > 0 { print("indexed \(report.geometriesIndexed) geometry literals") }
        if report.invalidGeometries > 0 {
            print("\(report.invalidGeometries) geometry literals are not valid (kept as data, not indexed):")
            for e in report.geometryErrors { print("  \(e)") }
        }
    }
}

/// The statements `--skip-invalid` left out, with their positions.
final class SkippedStatements: Sendable {
    private let errors = Mutex<[RDFParseError]>([])
    func add(_ error: RDFParseError) { errors.withLock { $0.append(error) } }
    var all: [RDFParseError] { errors.withLock { $0 } }
}

/// The load's progress on standard error: a redrawn bar on a terminal, a plain line
/// every few seconds otherwise (logs, CI).
final class ProgressDisplay: @unchecked Sendable {
    // Invariant: only the loader's reporting thread calls update/finish.
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastPrint = Date.distantPast
    private var drewBar = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: LoadProgress) {
        guard enabled else { return }
        let now = Date()
        let interval = isTerminal ? 0.2 : 5.0
        guard now.timeIntervalSince(lastPrint) >= interval || p.phase != .parsing else { return }
        lastPrint = now
        let rate = p.elapsed > 0 ? Double(p.statements) / p.elapsed : 0
        var line = String(format: "%@  %@ statements  %@/s", p.phase.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0),
                          Self.count(p.statements), Self.count(Int(rate)))
        if p.phase == .parsing, let total = p.totalBytes, total > 0 {
            let fraction = min(Double(p.bytesRead) / Double(total), 1)
            let eta = fraction > 0.01 ? p.elapsed / fraction - p.elapsed : .nan
            if isTerminal {
                let width = 24
                let filled = Int(fraction * Double(width))
                line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line
            }
            line += String(format: "  %3.0f%%", fraction * 100)
            if eta.isFinite { line += String(format: "  ETA %@", Self.duration(eta)) }
        }
        line += String(format: "  %@ elapsed", Self.duration(p.elapsed))
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            drewBar = true
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if drewBar { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func count(_ n: Int) -> String {
        if n >= 10_000_000 { return String(format: "%.1fM", Double(n) / 1e6) }
        if n >= 10_000 { return String(format: "%.0fk", Double(n) / 1e3) }
        return "\(n)"
    }

    static func duration(_ s: Double) -> String {
        if s < 60 { return String(format: "%.0fs", s) }
        if s < 3600 { return String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) }
        return String(format: "%dh%02dm", Int(s) / 3600, Int(s) % 3600 / 60)
    }
}
