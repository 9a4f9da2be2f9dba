import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemyStorage

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show what a store holds: partitions, rows, sizes.")

    @Option(name: .long, help: "The store directory.")
    var store: String = "ptolemy-data"

    @Flag(name: .long, help: "Also read every file and check every checksum.")
    var verify = false

    func run() throws {
        let store = try Store(directory: store, mode: .readOnly)
        let snapshot = store.snapshot
        if verify { try snapshot.verify() }
        let manifest = snapshot.manifest
        func name(_ id: TermID) -> String {
            guard let term = try? snapshot.term(for: id) else { return "\(id)" }
            if case .iri(let iri) = term { return Self.abbreviate(iri) }
            return term.description
        }
        var rows: [[String]] = []
        var partitionBytes: UInt64 = 0
        let keys = snapshot.partitionKeys.map { ($0, snapshot.statistics($0)) }.sorted { $0.1.rows > $1.1.rows }
        for (key, s) in keys {
            let label = key.isClassPartition ? "\(name(key.predicate)) \(name(key.typeClass))" : name(key.predicate)
            let size = snapshot.segments[key]?.fileSize ?? 0
            rows.append([label, "\(s.rows)", "\(s.distinctSubjects)", "\(s.distinctObjects)", Self.bytes(size)])
            partitionBytes += size
        }
        let dictionaryBytes = manifest.dictionary.reduce(0) { $0 + $1.size }
        let terms = manifest.dictionary.reduce(0) { $0 + $1.count }
        let quads = snapshot.quadCount
        let total = partitionBytes + dictionaryBytes + manifest.geometries.reduce(0) { $0 + $1.size }
        print("store      \(store.directory) (generation \(manifest.generation))")
        print("quads      \(quads)")
        print("graphs     \(manifest.graphs.count) named, plus the default graph")
        print("terms      \(terms) in the dictionary (\(Self.bytes(dictionaryBytes)) in \(manifest.dictionary.count) segment(s))")
        print("partitions \(keys.count) (\(Self.bytes(partitionBytes)))")
        if !snapshot.delta.isEmpty {
            print("delta      \(snapshot.delta.changedRows) changed rows in the write-ahead log, not yet compacted")
        }
        let geometryBytes = manifest.geometries.reduce(0) { $0 + $1.size }
        let invalid = manifest.geometries.reduce(0) { $0 + $1.invalid }
        print("geometry   \(manifest.geometries.reduce(0) { $0 + $1.geometries }) geometry literals indexed in \(manifest.geometries.count) segment(s) (\(Self.bytes(geometryBytes)))"
              + (invalid > 0 ? ", \(invalid) invalid" : ""))
        print("on disk    \(Self.bytes(total))" + (quads > 0 ? String(format: ", %.1f bytes per quad", Double(total) / Double(quads)) : ""))
        if verify { print("verify     every checksum matches") }
        if !rows.isEmpty {
            print("")
            Self.printTable(header: ["partition", "rows", "subjects", "objects", "size"], rows: rows)
        }
    }

    static func abbreviate(_ iri: String) -> String {
        let prefixes = [("rdf:", RDFVocabulary.namespace), ("rdfs:", RDFS.namespace), ("xsd:", XSD.namespace),
                        ("geo:", GeoVocabulary.namespace), ("sf:", GeoVocabulary.sfNamespace)]
        for (prefix, namespace) in prefixes where iri.hasPrefix(namespace) { return prefix + iri.dropFirst(namespace.count) }
        return "<\(iri)>"
    }

    static func bytes(_ n: UInt64) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(format: "%.1f KiB", Double(n) / 1024) }
        if n < 1 << 30 { return String(format: "%.1f MiB", Double(n) / 1048576) }
        return String(format: "%.2f GiB", Double(n) / 1073741824)
    }

    static func printTable(header: [String], rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        print(line(header))
        for row in rows { print(line(row)) }
    }
}
