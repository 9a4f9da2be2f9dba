import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemyRDFIO
import PtolemyCompression
import PtolemyStorage
import PtolemyMapping

/// `ptolemy map`: runs an RML mapping and writes N-Quads to a file, or streams the quads
/// into a store through the bulk loader.
///
/// The RML kit's contract (../shared/conformance/rml/README.md):
/// `ptolemy map --mapping M --base-dir D --output O --format nquads [--base-iri IRI]`.
/// Output goes to a temporary file renamed over `O` when the mapping succeeds, so an
/// error never leaves a half-written result; with `--store` the load is atomic as
/// `ptolemy load` is. Errors name the triples map, the mapping property and the place
/// in the source; the exit status is then 1.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Run an RML mapping: CSV, JSON, XML, GeoJSON or Shapefile sources to N-Quads or into a store.",
        discussion: """
        Mappings may use the classic rml.io vocabulary (rml: http://semweb.mmlab.be/ns/rml# with rr:) \
        or the current RML modules (rml: http://w3id.org/rml/). Relative source paths resolve against \
        --base-dir (default: the mapping's folder). The base IRI for relative IRIs is --base-iri, else \
        $RML_BASE_IRI, else the mapping's @base.
        """)

    @Option(help: "The RML mapping (Turtle).")
    var mapping: String

    @Option(help: "Folder that relative source paths resolve against (default: the mapping's folder).")
    var baseDir: String?

    @Option(help: "Output file (default: standard output).")
    var output: String?

    @Option(help: "Output syntax: nquads or ntriples.")
    var format: String = "nquads"

    @Option(help: "Base IRI for relative IRIs made by the mapping.")
    var baseIri: String?

    @Option(help: "Stream the quads into this store (created when absent) instead of writing a file.")
    var store: String?

    @Option(help: "Worker threads (default: one per core).")
    var workers: Int?

    @Flag(help: "No progress display.")
    var quiet = false

    func run() throws {
        guard format == "nquads" || format == "ntriples" else {
            throw CLIError("unknown output format '\(format)' (use nquads or ntriples)")
        }
        let document: MappingDocument
        do {
            document = try MappingReader(baseDirectory: baseDir).read(file: mapping)
        } catch {
            throw CLIError("\(error)")
        }
        var options = MappingEngine.Options()
        options.baseIRI = baseIri ?? ProcessInfo.processInfo.environment["RML_BASE_IRI"].flatMap { $0.isEmpty ? nil : $0 }
        if let workers { options.workers = max(1, workers) }
        let engine = MappingEngine(document: document, options: options)
        if let store {
            try mapIntoStore(engine, store: store)
        } else {
            try mapToFile(engine)
        }
    }

    private func mapToFile(_ engine: MappingEngine) throws {
        let display = MapProgressDisplay(enabled: !quiet && output != nil)
        var fd = STDOUT_FILENO
        var temporary: String?
        if let output {
            let tmp = output + ".partial-\(getpid())"
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw CLIError("\(output): \(String(cString: strerror(errno)))") }
            temporary = tmp
        }
        do {
            let report = try engine.run(.nquads(fileDescriptor: fd)) { display.update($0) }
            display.finish()
            if let output, let temporary {
                // No fsync: the rename is what makes the result appear whole; durability on
                // power loss is the file system's business, as for any generated file.
                guard close(fd) == 0 else {
                    throw CLIError("\(output): \(String(cString: strerror(errno)))")
                }
                guard rename(temporary, output) == 0 else { throw CLIError("\(output): \(String(cString: strerror(errno)))") }
                if !quiet {
                    printError(String(format: "mapped %d records to %d quads in %.2f s (%.0f records/s, %.0f quads/s)",
                                      report.records, report.quads, report.seconds,
                                      report.seconds > 0 ? Double(report.records) / report.seconds : 0,
                                      report.seconds > 0 ? Double(report.quads) / report.seconds : 0))
                }
            }
        } catch {
            display.finish()
            if let temporary {
                close(fd)
                unlink(temporary)
            }
            if error is CLIError { throw error }
            throw CLIError("\(error)")
        }
    }

    private func mapIntoStore(_ engine: MappingEngine, store: String) throws {
        let storeHandle = try Store(directory: store, create: true)
        let counter = ByteCounter()
        let source = LoadSource(name: mapping, size: nil, counter: counter) { emit in
            try withoutActuallyEscaping(emit) { emit in _ = try engine.run(.quads(emit)) }
        }
        let display = ProgressDisplay(enabled: !quiet)
        do {
            let report = try BulkLoader(store: storeHandle).load([source]) { display.update($0) }
            display.finish()
            let added = Int64(report.quadsAfter) - Int64(report.quadsBefore)
            print(String(format: "mapped and loaded %d statements in %.2f s: %d new quads, %d in the store",
                         report.statementsRead, report.seconds, added, report.quadsAfter))
        } catch {
            display.finish()
            throw CLIError("\(error)")
        }
    }
}

/// The mapping's progress on standard error, in the style of `ptolemy load`: a redrawn
/// bar on a terminal, a line every few seconds otherwise.
final class MapProgressDisplay: @unchecked Sendable {
    // Invariant: only the engine's calling thread calls update/finish.
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastPrint = Date.distantPast
    private var drewBar = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: MappingEngine.Progress) {
        guard enabled, !p.source.isEmpty, p.elapsed > 0.5 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= (isTerminal ? 0.2 : 5.0) else { return }
        lastPrint = now
        let rate = p.elapsed > 0 ? Double(p.quads) / p.elapsed : 0
        var line = String(format: "mapping  %@ records  %@ quads  %@ quads/s", ProgressDisplay.count(p.records),
                          ProgressDisplay.count(p.quads), ProgressDisplay.count(Int(rate)))
        if let total = p.totalBytes, total > 0 {
            let fraction = min(Double(p.bytesRead) / Double(total), 1)
            if isTerminal {
                let width = 24
                let filled = Int(fraction * Double(width))
                line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line
            }
            line += String(format: "  %3.0f%%", fraction * 100)
            let eta = fraction > 0.01 ? p.elapsed / fraction - p.elapsed : .nan
            if eta.isFinite { line += "  ETA " + ProgressDisplay.duration(eta) }
        }
        line += "  " + ProgressDisplay.duration(p.elapsed) + " elapsed"
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
}
