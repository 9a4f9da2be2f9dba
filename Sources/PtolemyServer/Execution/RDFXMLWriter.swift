import PtolemyRDF

/// A streaming writer of [RDF/XML](https://www.w3.org/TR/rdf-syntax-grammar/) for graphs
/// (triples; graph names are not expressible and are ignored).
///
/// RDFIO reads RDF/XML through raptor but has no writer; clients such as SPARQLWrapper
/// ask for RDF/XML by default for CONSTRUCT and DESCRIBE, so the endpoint writes it
/// itself. Consecutive triples of one subject share an `rdf:Description`. A predicate
/// is written as a qualified name: a known namespace when one fits, otherwise a
/// namespace declared on the element. A predicate IRI that cannot be split into a
/// namespace and an XML local name cannot be written in RDF/XML at all, and throws.
struct RDFXMLWriter {
    private(set) var buffer: [UInt8] = []
    private let prefixes: [(name: String, namespace: String)]
    private var subject: Term?
    private var started = false

    struct Unrepresentable: Error, CustomStringConvertible {
        let description: String
    }

    init(prefixes: [String: String]) {
        self.prefixes = prefixes.filter { $0.key != "rdf" && isNCName($0.key) }
            .map { (name: $0.key, namespace: $0.value) }.sorted { $0.name < $1.name }
    }

    mutating func write(_ quad: Quad) throws {
        if !started { writeHeader() }
        guard case .iri(let predicate) = quad.predicate else {
            throw Unrepresentable(description: "RDF/XML cannot write the predicate \(quad.predicate)")
        }
        guard let (namespace, local) = Self.split(predicate) else {
            throw Unrepresentable(description: "RDF/XML cannot write the predicate <\(predicate)>: it does not end in an XML name")
        }
        if quad.subject != subject {
            if subject != nil { append("  </rdf:Description>\n") }
            append("  <rdf:Description ")
            switch quad.subject {
            case .iri(let iri): append("rdf:about=\""); appendEscaped(iri); append("\">\n")
            case .blank(let label): append("rdf:nodeID=\""); appendEscaped(nodeID(label)); append("\">\n")
            case .literal: throw Unrepresentable(description: "not an RDF subject: \(quad.subject)")
            }
            subject = quad.subject
        }
        var element: String
        var declaration = ""
        if namespace == RDFVocabulary.namespace {
            element = "rdf:" + local
        } else if let prefix = prefixes.first(where: { $0.namespace == namespace }) {
            element = prefix.name + ":" + local
        } else {
            element = "ns0:" + local
            declaration = " xmlns:ns0=\"" + Self.escaped(namespace) + "\""
        }
        append("    <" + element + declaration)
        switch quad.object {
        case .iri(let iri):
            append(" rdf:resource=\""); appendEscaped(iri); append("\"/>\n")
        case .blank(let label):
            append(" rdf:nodeID=\""); appendEscaped(nodeID(label)); append("\"/>\n")
        case .literal(let literal):
            if let language = literal.language {
                append(" xml:lang=\""); appendEscaped(language); append("\"")
            } else if literal.datatype != XSD.string {
                append(" rdf:datatype=\""); appendEscaped(literal.datatype); append("\"")
            }
            append(">"); appendEscaped(literal.lexicalForm); append("</" + element + ">\n")
        }
    }

    mutating func finish() {
        if !started { writeHeader() }
        if subject != nil { append("  </rdf:Description>\n") }
        subject = nil
        append("</rdf:RDF>\n")
    }

    /// Hands over what has been written so far.
    mutating func take() -> [UInt8] {
        defer { buffer.removeAll(keepingCapacity: true) }
        return buffer
    }

    private mutating func writeHeader() {
        started = true
        append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=\"\(RDFVocabulary.namespace)\"")
        for (name, namespace) in prefixes { append("\n    xmlns:\(name)=\""); appendEscaped(namespace); append("\"") }
        append(">\n")
    }

    /// Blank node labels become rdf:nodeID values, which must be XML names.
    private func nodeID(_ label: String) -> String {
        isNCName(label) ? label : "b" + String(label.unicodeScalars.map { isNameScalar($0) ? Character($0) : "_" })
    }

    private mutating func append(_ s: String) { buffer.append(contentsOf: s.utf8) }

    private mutating func appendEscaped(_ s: String) { buffer.append(contentsOf: Self.escaped(s).utf8) }

    static func escaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Splits an IRI into a namespace and the longest XML local name that ends it.
    static func split(_ iri: String) -> (String, String)? {
        let scalars = Array(iri.unicodeScalars)
        var start = scalars.count
        while start > 0 && isNameScalar(scalars[start - 1]) { start -= 1 }
        // A local name cannot start with a digit, '-' or '.'.
        while start < scalars.count && !isNameStartScalar(scalars[start]) { start += 1 }
        guard start < scalars.count, start > 0 else { return nil }
        var namespace = String.UnicodeScalarView(), local = String.UnicodeScalarView()
        namespace.append(contentsOf: scalars[..<start])
        local.append(contentsOf: scalars[start...])
        return (String(namespace), String(local))
    }
}

private func isNameStartScalar(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x41...0x5A, 0x61...0x7A, 0x5F, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
         0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
         0x10000...0xEFFFF:
        return true
    default:
        return false
    }
}

private func isNameScalar(_ c: Unicode.Scalar) -> Bool {
    isNameStartScalar(c) || (0x30...0x39).contains(c.value) || c == "-" || c == "." || c.value == 0xB7
        || (0x300...0x36F).contains(c.value) || (0x203F...0x2040).contains(c.value)
}

private func isNCName(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, isNameStartScalar(first) else { return false }
    return s.unicodeScalars.allSatisfy(isNameScalar)
}
