import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
import PtolemyEngine

struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Run a SPARQL update on a store (atomic and durable) or on files (with --dump).")

    @OptionGroup var dataset: DatasetOptions

    @OptionGroup var federation: FederationOptions

    @Option(name: .long, help: "The update file (.ru).")
    var update: String?

    @Option(name: .customShort("e"), help: "The update text.")
    var expression: String?

    @Option(name: .long, help: "Base IRI (default: the update file's file:// URL).")
    var base: String?

    @Option(name: .long, help: "A directory LOAD may read files from (repeatable; default: the current directory).")
    var loadDirectory: [String] = []

    @Flag(name: .long, help: "Print the whole resulting dataset as N-Quads.")
    var dump = false

    func run() throws {
        let (text, fileBase): (String, String?)
        if let update {
            guard let data = FileManager.default.contents(atPath: update), let t = String(data: data, encoding: .utf8) else {
                throw CLIError("\(update): cannot read the file")
            }
            (text, fileBase) = (t, URL(fileURLWithPath: update).standardizedFileURL.absoluteString)
        } else if let expression {
            (text, fileBase) = (expression, nil)
        } else {
            throw ValidationError("give the update with --update FILE or -e TEXT")
        }
        let parsed: Update
        do { parsed = try Update(parsing: text, baseIRI: base ?? fileBase) } catch {
            throw CLIError("\(update ?? "update"):\(error.line):\(error.column): \(error.message)")
        }
        let store = try dataset.open(readOnly: false)
        var directories = loadDirectory.isEmpty ? [FileManager.default.currentDirectoryPath] : loadDirectory
        // Files named on the command line are readable by LOAD too (the conformance kit's contract).
        directories += (dataset.data + dataset.named.compactMap { $0.split(separator: "=").last.map(String.init) })
            .map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        if let update { directories.append(URL(fileURLWithPath: update).deletingLastPathComponent().path) }
        let report = try UpdateExecutor(engine: try federation.engine(), loadDirectories: directories).execute(parsed, on: store)
        if dump {
            let out = BufferedOutput()
            let snapshot = store.snapshot
            try snapshot.forEachQuad { s, p, o, g in
                let quad = Quad(try snapshot.term(for: s), try snapshot.term(for: p), try snapshot.term(for: o),
                                graph: g.isNone ? nil : try snapshot.term(for: g))
                try out.append { NTriplesFormatter.writeLine(quad, to: &$0) }
            }
            try out.flush()
        } else {
            printError("\(report.inserted) quads inserted, \(report.deleted) deleted")
        }
    }
}
