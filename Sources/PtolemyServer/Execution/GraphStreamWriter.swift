import PtolemyRDF
import PtolemyRDFIO

/// Writes quads in any graph syntax the endpoint offers, into a buffer that the caller
/// takes piece by piece (``take()``) to stream a response.
///
/// N-Triples, Turtle and RDF/XML hold one graph: quads are written as triples. N-Quads
/// and TriG keep graph names.
struct GraphStreamWriter {
    let format: RDFFormat
    private var lines: [UInt8] = []
    private var turtle: TurtleWriter?
    private var rdfxml: RDFXMLWriter?

    /// Namespaces declared in Turtle, TriG and RDF/XML output: the W3C and OGC ones and
    /// the Ptolemy ontologies the demo data uses.
    static let prefixes: [String: String] = [
        "rdf": RDFVocabulary.namespace,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": XSD.namespace,
        "owl": "http://www.w3.org/2002/07/owl#",
        "geo": GeoVocabulary.namespace,
        "sf": GeoVocabulary.sfNamespace,
        "sosa": "http://www.w3.org/ns/sosa/",
        "sd": "http://www.w3.org/ns/sparql-service-description#",
        "eo": "https://w3id.org/ptolemy/ont/eo#",
        "polar": "https://w3id.org/ptolemy/ont/polar#",
        "fs": "https://w3id.org/ptolemy/ont/foodsec#",
    ]

    init(format: RDFFormat, prefixes: [String: String] = GraphStreamWriter.prefixes) throws {
        self.format = format
        switch format {
        case .turtle, .trig: turtle = try TurtleWriter(format: format, prefixes: prefixes)
        case .rdfxml: rdfxml = RDFXMLWriter(prefixes: prefixes)
        case .ntriples, .nquads: break
        }
    }

    mutating func write(_ quad: Quad) throws {
        var quad = quad
        if !format.supportsNamedGraphs { quad.graph = nil }
        if turtle != nil {
            try turtle!.write(quad)
        } else if rdfxml != nil {
            try rdfxml!.write(quad)
        } else {
            NTriplesFormatter.writeLine(quad, to: &lines)
        }
    }

    /// Bytes written and not yet taken.
    var pendingBytes: Int { turtle?.bytes.count ?? rdfxml?.buffer.count ?? lines.count }

    /// Hands over what has been written so far.
    mutating func take() -> [UInt8] {
        if turtle != nil { return turtle!.takeBytes() }
        if rdfxml != nil { return rdfxml!.take() }
        defer { lines.removeAll(keepingCapacity: true) }
        return lines
    }

    /// Ends the document; the rest is then in ``take()``.
    mutating func finish() throws {
        if turtle != nil { try turtle!.finish() }
        if rdfxml != nil { rdfxml!.finish() }
    }
}
