import ArgumentParser
import Foundation
import PtolemyRDF
import PtolemyRDFIO
import PtolemySPARQL
import PtolemyStorage
import PtolemyEngine

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a SPARQL query over a store or over files.",
        discussion: """
        SELECT and ASK results are written as SPARQL results (json, xml, csv, tsv); CONSTRUCT \
        and DESCRIBE as N-Triples or Turtle. --explain prints the plan with estimated and actual rows.
        """)

    @OptionGroup var dataset: DatasetOptions

    @OptionGroup var federation: FederationOptions

    @Option(name: .long, help: "The query file (.rq).")
    var query: String?

    @Option(name: .customShort("e"), help: "The query text.")
    var expression: String?

    @Option(name: .long, help: "Result format: json, xml, csv, tsv (SELECT/ASK); ntriples, turtle (CONSTRUCT/DESCRIBE).")
    var format: String = "json"

    @Option(name: .long, help: "Base IRI (default: the query file's file:// URL).")
    var base: String?

    @Option(name: .long, help: "Time limit in seconds.")
    var timeout: Double?

    @Option(name: .long, help: "Memory budget in MiB for hash tables, sorts and groups (the query fails cleanly beyond it).")
    var memoryLimit: Int = 4096

    @Flag(name: .long, help: "Run the query, then print the plan with estimated and actual rows on standard error.")
    var explain = false

    func run() throws {
        let (text, fileBase): (String, String?)
        if let query {
            guard let data = FileManager.default.contents(atPath: query), let t = String(data: data, encoding: .utf8) else {
                throw CLIError("\(query): cannot read the file")
            }
            (text, fileBase) = (t, URL(fileURLWithPath: query).standardizedFileURL.absoluteString)
        } else if let expression {
            (text, fileBase) = (expression, nil)
        } else {
            throw ValidationError("give the query with --query FILE or -e TEXT")
        }
        let parsed: Query
        do { parsed = try Query(parsing: text, baseIRI: base ?? fileBase) } catch {
            throw CLIError("\(query ?? "query"):\(error.line):\(error.column): \(error.message)")
        }
        let store = try dataset.open(readOnly: true)
        let engine = try federation.engine()
        let prepared = try engine.prepare(parsed, snapshot: store.snapshot, control: QueryControl(timeout: timeout, memoryBudget: memoryLimit << 20))
        let out = BufferedOutput()
        switch parsed.form {
        case .select:
            guard let resultsFormat = ResultsFormat(rawValue: format) else { throw CLIError("unknown results format '\(format)'") }
            let serializer = try SolutionsSerializer(format: resultsFormat, variables: prepared.variables.map(\.name)) { bytes in
                try out.append { $0.append(contentsOf: bytes) }
            }
            try prepared.forEachSolution { row in
                try serializer.write(row)
                return true
            }
            try serializer.finish()
        case .ask:
            guard let resultsFormat = ResultsFormat(rawValue: format) else { throw CLIError("unknown results format '\(format)'") }
            let answer = try prepared.ask()
            try out.append { $0.append(contentsOf: SolutionsSerializer.boolean(answer, format: resultsFormat)) }
        case .construct, .describe:
            if format == "turtle" {
                var writer = try TurtleWriter(prefixes: ["rdf": RDFVocabulary.namespace, "xsd": XSD.namespace, "geo": GeoVocabulary.namespace])
                try prepared.forEachTriple { try writer.write($0) }
                try writer.finish()
                try out.append { $0.append(contentsOf: writer.bytes) }
            } else {
                try prepared.forEachTriple { quad in try out.append { NTriplesFormatter.writeLine(quad, to: &$0) } }
            }
        }
        try out.flush()
        if explain { printError(prepared.explain()) }
    }
}
