public import PtolemyRDF

/// The SPARQL 1.1 query result formats.
public enum ResultsFormat: String, CaseIterable, Sendable {
    /// https://www.w3.org/TR/sparql11-results-json/
    case json
    /// https://www.w3.org/TR/rdf-sparql-XMLres/
    case xml
    /// https://www.w3.org/TR/sparql11-results-csv-tsv/
    case csv
    case tsv

    public var mediaType: String {
        switch self {
        case .json: return "application/sparql-results+json"
        case .xml: return "application/sparql-results+xml"
        case .csv: return "text/csv"
        case .tsv: return "text/tab-separated-values"
        }
    }
}

/// Streams SELECT solutions in one of the result formats: the head first, then each
/// solution as it comes, then the end. Output goes to `emit` in chunks of about
/// `chunkSize` bytes, so a large result never sits in memory.
public final class SolutionsSerializer {
    public let format: ResultsFormat
    public let variables: [String]
    private let emit: ([UInt8]) throws -> Void
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var rows = 0

    public init(format: ResultsFormat, variables: [String], chunkSize: Int = 1 << 16, emit: @escaping ([UInt8]) throws -> Void) throws {
        self.format = format
        self.variables = variables
        self.emit = emit
        self.chunkSize = chunkSize
        buffer.reserveCapacity(chunkSize + 4096)
        writeHead()
    }

    /// The number of solutions written.
    public var solutionCount: Int { rows }

    private func append(_ s: String) { buffer.append(contentsOf: s.utf8) }

    private func writeHead() {
        switch format {
        case .json:
            append("{\"head\":{\"vars\":[")
            for (i, v) in variables.enumerated() {
                if i > 0 { append(",") }
                JSONText.appendString(v, to: &buffer)
            }
            append("]},\"results\":{\"bindings\":[")
        case .xml:
            append("<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head>\n")
            for v in variables { append("<variable name=\""); XMLText.appendEscaped(v, to: &buffer); append("\"/>\n") }
            append("</head>\n<results>\n")
        case .csv:
            append(variables.map { CSVText.field($0) }.joined(separator: ",") + "\r\n")
        case .tsv:
            append(variables.map { "?" + $0 }.joined(separator: "\t") + "\n")
        }
    }

    /// Writes one solution: one optional term per variable, in ``variables`` order.
    public func write(_ solution: [Term?]) throws {
        switch format {
        case .json:
            if rows > 0 { append(",") }
            append("{")
            var first = true
            for (i, term) in solution.enumerated() {
                guard let term else { continue }
                if !first { append(",") }
                first = false
                JSONText.appendString(variables[i], to: &buffer)
                append(":")
                JSONText.appendTerm(term, to: &buffer)
            }
            append("}")
        case .xml:
            append("<result>")
            for (i, term) in solution.enumerated() {
                guard let term else { continue }
                append("<binding name=\""); XMLText.appendEscaped(variables[i], to: &buffer); append("\">")
                XMLText.appendTerm(term, to: &buffer)
                append("</binding>")
            }
            append("</result>\n")
        case .csv:
            append(solution.map { $0.map(CSVText.value) ?? "" }.joined(separator: ",") + "\r\n")
        case .tsv:
            var first = true
            for term in solution {
                if !first { buffer.append(UInt8(ascii: "\t")) }
                first = false
                if let term { TSVText.appendTerm(term, to: &buffer) }
            }
            buffer.append(UInt8(ascii: "\n"))
        }
        rows += 1
        if buffer.count >= chunkSize { try flush() }
    }

    /// Writes the end of the document and flushes.
    public func finish() throws {
        switch format {
        case .json: append("]}}\n")
        case .xml: append("</results>\n</sparql>\n")
        case .csv, .tsv: break
        }
        try flush()
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try emit(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// An ASK result in `format` (CSV and TSV have no boolean form; they get the word).
    public static func boolean(_ value: Bool, format: ResultsFormat) -> [UInt8] {
        switch format {
        case .json: return Array("{\"head\":{},\"boolean\":\(value)}\n".utf8)
        case .xml:
            return Array("<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n<head/>\n<boolean>\(value)</boolean>\n</sparql>\n".utf8)
        case .csv: return Array("_askResult\r\n\(value)\r\n".utf8)
        case .tsv: return Array("?_askResult\n\(value)\n".utf8)
        }
    }
}

enum JSONText {
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): out.append(contentsOf: [92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendTerm(_ term: Term, to out: inout [UInt8]) {
        switch term {
        case .iri(let iri):
            out.append(contentsOf: "{\"type\":\"uri\",\"value\":".utf8)
            appendString(iri, to: &out)
        case .blank(let label):
            out.append(contentsOf: "{\"type\":\"bnode\",\"value\":".utf8)
            appendString(label, to: &out)
        case .literal(let literal):
            out.append(contentsOf: "{\"type\":\"literal\",\"value\":".utf8)
            appendString(literal.lexicalForm, to: &out)
            if let language = literal.language {
                out.append(contentsOf: ",\"xml:lang\":".utf8)
                appendString(language, to: &out)
            } else if literal.datatype != XSD.string {
                out.append(contentsOf: ",\"datatype\":".utf8)
                appendString(literal.datatype, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}

enum XMLText {
    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            default: out.append(byte)
            }
        }
    }

    static func appendTerm(_ term: Term, to out: inout [UInt8]) {
        switch term {
        case .iri(let iri):
            out.append(contentsOf: "<uri>".utf8); appendEscaped(iri, to: &out); out.append(contentsOf: "</uri>".utf8)
        case .blank(let label):
            out.append(contentsOf: "<bnode>".utf8); appendEscaped(label, to: &out); out.append(contentsOf: "</bnode>".utf8)
        case .literal(let literal):
            if let language = literal.language {
                out.append(contentsOf: "<literal xml:lang=\"".utf8); appendEscaped(language, to: &out); out.append(contentsOf: "\">".utf8)
            } else if literal.datatype != XSD.string {
                out.append(contentsOf: "<literal datatype=\"".utf8); appendEscaped(literal.datatype, to: &out); out.append(contentsOf: "\">".utf8)
            } else {
                out.append(contentsOf: "<literal>".utf8)
            }
            appendEscaped(literal.lexicalForm, to: &out)
            out.append(contentsOf: "</literal>".utf8)
        }
    }
}

enum CSVText {
    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            var quoted = "\""
            for c in s { quoted += c == "\"" ? "\"\"" : String(c) }
            return quoted + "\""
        }
        return s
    }

    static func value(_ term: Term) -> String {
        switch term {
        case .iri(let iri): return field(iri)
        case .blank(let label): return "_:" + label
        case .literal(let literal): return field(literal.lexicalForm)
        }
    }
}

enum TSVText {
    static func appendTerm(_ term: Term, to out: inout [UInt8]) {
        switch term {
        case .iri, .blank:
            NTriplesFormatter.write(term, to: &out)
        case .literal(let literal):
            // TSV uses Turtle's syntax; escape the tab too, which would end the field.
            out.append(UInt8(ascii: "\""))
            for byte in literal.lexicalForm.utf8 {
                switch byte {
                case UInt8(ascii: "\t"): out.append(contentsOf: [92, UInt8(ascii: "t")])
                case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
                case UInt8(ascii: "\n"): out.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): out.append(contentsOf: [92, UInt8(ascii: "r")])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
            if let language = literal.language {
                out.append(UInt8(ascii: "@")); out.append(contentsOf: language.utf8)
            } else if literal.datatype != XSD.string {
                out.append(contentsOf: [UInt8(ascii: "^"), UInt8(ascii: "^")])
                NTriplesFormatter.writeIRI(literal.datatype, to: &out)
            }
        }
    }
}
