import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemyStorage

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a store's contents as N-Quads.")

    @Option(name: .long, help: "The store directory.")
    var store: String = "ptolemy-data"

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let store = try Store(directory: store, mode: .readOnly)
        let snapshot = store.snapshot
        let out = try output.map { try BufferedOutput(path: $0) } ?? BufferedOutput()
        // Terms repeat across rows: decode each ID once per run of equal IDs.
        var cache: [TermID: Term] = [:]
        func term(_ id: TermID) throws -> Term {
            if let t = cache[id] { return t }
            let t = try snapshot.term(for: id)
            if cache.count > 1 << 16 { cache.removeAll(keepingCapacity: true) }
            cache[id] = t
            return t
        }
        try snapshot.forEachQuad { s, p, o, g in
            let quad = Quad(try term(s), try term(p), try term(o), graph: g.isNone ? nil : try term(g))
            try out.append { NTriplesFormatter.writeLine(quad, to: &$0) }
        }
        try out.flush()
    }
}
