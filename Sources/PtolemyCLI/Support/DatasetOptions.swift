import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemyRDFIO
import PtolemyStorage

/// Where a query or update runs: a store directory, or a fresh in-memory dataset built
/// from `--data` files (default graph) and `--named IRI=FILE` files (named graphs).
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: "The store directory to use (instead of --data / --named).")
    var store: String?

    @Option(name: .long, help: "A file loaded into the default graph of an in-memory dataset (repeatable).")
    var data: [String] = []

    @Option(name: .long, help: "IRI=FILE: a file loaded into the named graph IRI (repeatable; split at the last '=').")
    var named: [String] = []

    /// Opens the store, or builds the in-memory dataset.
    func open(readOnly: Bool) throws -> Store {
        if let store {
            guard data.isEmpty && named.isEmpty else { throw ValidationError("--store cannot be combined with --data or --named") }
            return try Store(directory: store, mode: readOnly ? .readOnly : .readWrite, create: !readOnly)
        }
        let memory = Store.inMemory()
        var sources: [LoadSource] = []
        for file in data { sources.append(try Self.source(file, graph: nil)) }
        for spec in named {
            guard let split = spec.lastIndex(of: "=") else { throw ValidationError("--named expects IRI=FILE, got '\(spec)'") }
            sources.append(try Self.source(String(spec[spec.index(after: split)...]), graph: String(spec[..<split])))
        }
        if !sources.isEmpty { _ = try BulkLoader(store: memory).load(sources) }
        return memory
    }

    /// A load source for a data file: format from the extension, base IRI the file's URL.
    static func source(_ path: String, graph: String?) throws -> LoadSource {
        guard let format = RDFFormat.guess(fromFileName: path) else {
            throw CLIError("\(path): cannot tell the format from the file name")
        }
        let base = URL(fileURLWithPath: path).standardizedFileURL.absoluteString
        let parser = RDFParser(format: format, baseIRI: base)
        return LoadSource(name: path, size: nil) { emit in
            try parser.parse(file: path) { quad in
                var q = quad
                if let graph { q.graph = .iri(graph) }
                try emit(q)
            }
        }
    }
}
