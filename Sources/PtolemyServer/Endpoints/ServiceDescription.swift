import PtolemyRDF
import PtolemyRDFIO
import PtolemyStorage

/// The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/)
/// answered at the endpoint URL: the languages, result formats and features the endpoint
/// supports, and the dataset it serves (its size and named graphs).
struct ServiceDescription {
    let endpoint: String
    let readOnly: Bool
    let loadEnabled: Bool

    static let sd = "http://www.w3.org/ns/sparql-service-description#"
    static let formats = "http://www.w3.org/ns/formats/"
    static let void = "http://rdfs.org/ns/void#"
    /// Named graphs listed at most (a store may hold millions).
    static let graphListLimit = 1000

    func quads(snapshot: StoreSnapshot) throws -> [Quad] {
        let sd = Self.sd, f = Self.formats
        let service = Term.blank("service"), dataset = Term.blank("dataset"), defaultGraph = Term.blank("defaultGraph")
        let type = Term.iri(RDFVocabulary.type)
        var quads: [Quad] = [
            Quad(service, type, .iri(sd + "Service")),
            Quad(service, .iri(sd + "endpoint"), .iri(endpoint)),
            Quad(service, .iri(sd + "supportedLanguage"), .iri(sd + "SPARQL11Query")),
        ]
        if !readOnly { quads.append(Quad(service, .iri(sd + "supportedLanguage"), .iri(sd + "SPARQL11Update"))) }
        for format in ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "RDF_XML", "N-Quads", "TriG"] {
            quads.append(Quad(service, .iri(sd + "resultFormat"), .iri(f + format)))
        }
        if loadEnabled {
            for format in ["Turtle", "N-Triples", "RDF_XML", "N-Quads", "TriG"] {
                quads.append(Quad(service, .iri(sd + "inputFormat"), .iri(f + format)))
            }
        }
        // CREATE GRAPH keeps an empty graph until it is dropped.
        quads.append(Quad(service, .iri(sd + "feature"), .iri(sd + "EmptyGraphs")))
        quads += [
            Quad(service, .iri(sd + "defaultDataset"), dataset),
            Quad(dataset, type, .iri(sd + "Dataset")),
            Quad(dataset, .iri(Self.void + "triples"), .typed(String(snapshot.quadCount), XSD.integer)),
            Quad(dataset, .iri(sd + "defaultGraph"), defaultGraph),
            Quad(defaultGraph, type, .iri(sd + "Graph")),
        ]
        for (i, id) in snapshot.graphs.prefix(Self.graphListLimit).enumerated() {
            guard case .iri(let name) = try snapshot.term(for: id) else { continue }
            let namedGraph = Term.blank("namedGraph\(i)")
            quads += [
                Quad(dataset, .iri(sd + "namedGraph"), namedGraph),
                Quad(namedGraph, type, .iri(sd + "NamedGraph")),
                Quad(namedGraph, .iri(sd + "name"), .iri(name)),
            ]
        }
        return quads
    }

    func serialize(format: RDFFormat, snapshot: StoreSnapshot) throws -> [UInt8] {
        var prefixes = GraphStreamWriter.prefixes
        prefixes["formats"] = Self.formats
        prefixes["void"] = Self.void
        var writer = try GraphStreamWriter(format: format, prefixes: prefixes)
        for quad in try quads(snapshot: snapshot) { try writer.write(quad) }
        try writer.finish()
        return writer.take()
    }
}
