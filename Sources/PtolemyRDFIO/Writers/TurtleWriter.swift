public import PtolemyRDF

/// A streaming, buffered writer of [Turtle](https://www.w3.org/TR/turtle/) or
/// [TriG](https://www.w3.org/TR/trig/).
///
/// Consecutive quads with the same subject share it (`;`), and with the same predicate
/// too (`,`); in TriG, consecutive quads of the same named graph share a `<g> { … }` block,
/// and default-graph triples stand at the top level. Quads are written as they come (the
/// writer keeps only the current subject, predicate and graph), so grouping is best when
/// the input is sorted by graph and subject. IRIs become prefixed names where a declared
/// namespace and a plain local name allow it, `rdf:type` becomes `a`, and integers,
/// decimals, doubles and booleans whose lexical form the Turtle grammar can hold are
/// written bare. The output reads back with ``TurtleParser`` to the same quads.
///
/// Call ``finish()`` at the end: it ends the last statement and flushes.
public struct TurtleWriter: QuadSink {
    /// `.turtle` or `.trig`.
    public let format: RDFFormat
    /// The declared prefixes, sorted by name.
    public let prefixes: [(name: String, namespace: String)]
    private var output: ByteOutput
    private var started = false
    private var finished = false
    /// The graph whose block is open (TriG), and whether one is.
    private var graph: Term?
    private var inGraphBlock = false
    private var subject: Term?
    private var predicate: Term?

    /// A writer to a file descriptor (which stays open; the caller closes it).
    ///
    /// - Parameters:
    ///   - prefixes: prefix name → namespace IRI, declared at the top and used for prefixed names.
    /// - Throws: ``RDFWriteError`` when a prefix name is not a valid PN_PREFIX.
    /// - Precondition: `format` is `.turtle` or `.trig`.
    public init(fileDescriptor: Int32, format: RDFFormat = .turtle, prefixes: [String: String] = [:],
                bufferSize: Int = 1 << 16) throws {
        precondition(format == .turtle || format == .trig, "TurtleWriter writes Turtle or TriG, not \(format)")
        self.format = format
        self.prefixes = try Self.validated(prefixes)
        self.output = ByteOutput(fileDescriptor: fileDescriptor, bufferSize: bufferSize)
    }

    /// A writer to memory; read the result from ``bytes`` or ``string`` after ``finish()``.
    public init(format: RDFFormat = .turtle, prefixes: [String: String] = [:]) throws {
        precondition(format == .turtle || format == .trig, "TurtleWriter writes Turtle or TriG, not \(format)")
        self.format = format
        self.prefixes = try Self.validated(prefixes)
        self.output = ByteOutput(fileDescriptor: nil, bufferSize: 0)
    }

    private static func validated(_ prefixes: [String: String]) throws -> [(name: String, namespace: String)] {
        for name in prefixes.keys where !TurtleNames.isPrefixName(name) {
            throw RDFWriteError(message: "'\(name)' is not a valid Turtle prefix name")
        }
        return prefixes.map { (name: $0.key, namespace: $0.value) }.sorted { $0.name < $1.name }
    }

    /// Everything written so far (memory writers), or what is not yet flushed.
    public var bytes: [UInt8] { output.buffer }

    /// ``bytes`` as a string.
    public var string: String { String(decoding: output.buffer, as: UTF8.self) }

    /// Returns what a memory writer has produced since the last call, and forgets it: a
    /// streaming consumer (an HTTP response) takes the document piece by piece this way.
    /// The pieces concatenated are the document.
    public mutating func takeBytes() -> [UInt8] {
        defer { output.buffer.removeAll(keepingCapacity: true) }
        return output.buffer
    }

    /// Writes one quad.
    /// - Throws: ``RDFWriteError`` when the quad is not valid RDF, when Turtle is asked to
    ///   write a named graph, or when the output fails.
    public mutating func write(_ quad: Quad) throws {
        guard quad.isValidRDF else {
            throw RDFWriteError(message: "not an RDF statement (literal subject or graph name, or non-IRI predicate): \(quad)")
        }
        if quad.graph != nil && format == .turtle {
            throw RDFWriteError(message: "Turtle cannot hold a statement in a named graph (use TriG): \(quad)")
        }
        if !started { writePrologue() }
        if format == .trig && (quad.graph != graph || (quad.graph != nil && !inGraphBlock)) {
            endStatement()
            if inGraphBlock { append("}\n") }
            inGraphBlock = false
            graph = quad.graph
            if let name = quad.graph {
                writeTerm(name, isPredicate: false)
                append(" {\n")
                inGraphBlock = true
            }
        }
        let indent = inGraphBlock ? "    " : ""
        if quad.subject == subject {
            if quad.predicate == predicate {
                append(" ,\n\(indent)        ")
            } else {
                append(" ;\n\(indent)    ")
                writeTerm(quad.predicate, isPredicate: true)
                append(" ")
            }
        } else {
            endStatement()
            append(indent)
            writeTerm(quad.subject, isPredicate: false)
            append(" ")
            writeTerm(quad.predicate, isPredicate: true)
            append(" ")
        }
        writeTerm(quad.object, isPredicate: false)
        subject = quad.subject
        predicate = quad.predicate
        try output.flushIfFull()
    }

    /// ``QuadSink`` conformance: the same as ``write(_:)``.
    public mutating func add(_ quad: Quad) throws { try write(quad) }

    /// Ends the last statement (and graph block) and flushes; call once after the last quad.
    public mutating func finish() throws {
        if !finished {
            if !started { writePrologue() }
            endStatement()
            if inGraphBlock { append("}\n") }
            inGraphBlock = false
            finished = true
        }
        try output.flush()
    }

    private mutating func writePrologue() {
        started = true
        for (name, namespace) in prefixes {
            append("@prefix \(name): ")
            NTriplesFormatter.writeIRI(namespace, to: &output.buffer)
            append(" .\n")
        }
        if !prefixes.isEmpty { append("\n") }
    }

    private mutating func endStatement() {
        if subject != nil { append(" .\n") }
        subject = nil
        predicate = nil
    }

    @inline(__always)
    private mutating func append(_ text: String) {
        output.buffer.append(contentsOf: text.utf8)
    }

    private mutating func writeTerm(_ term: Term, isPredicate: Bool) {
        switch term {
        case .iri(let iri):
            if isPredicate && iri == RDFVocabulary.type {
                append("a")
            } else {
                writeIRI(iri)
            }
        case .blank(let label):
            append("_:")
            NTriplesFormatter.writeBlankLabel(label, to: &output.buffer)
        case .literal(let literal):
            if literal.language == nil, TurtleNames.isBareLiteral(literal.lexicalForm, datatype: literal.datatype) {
                append(literal.lexicalForm)
                return
            }
            output.buffer.append(UInt8(ascii: "\""))
            NTriplesFormatter.writeEscapedString(literal.lexicalForm, to: &output.buffer)
            output.buffer.append(UInt8(ascii: "\""))
            if let language = literal.language {
                append("@" + language)
            } else if literal.datatype != XSD.string {
                append("^^")
                writeIRI(literal.datatype)
            }
        }
    }

    /// A prefixed name when a namespace (the longest that fits) leaves a plain local name,
    /// else `<IRI>`.
    private mutating func writeIRI(_ iri: String) {
        var best: (name: String, namespace: String)? = nil
        for entry in prefixes where iri.utf8.starts(with: entry.namespace.utf8) {
            if best == nil || entry.namespace.utf8.count > best!.namespace.utf8.count { best = entry }
        }
        if let best {
            let local = String(iri.utf8.dropFirst(best.namespace.utf8.count))!
            if TurtleNames.isPlainLocalName(local) {
                append(best.name + ":" + local)
                return
            }
        }
        NTriplesFormatter.writeIRI(iri, to: &output.buffer)
    }
}

/// What the Turtle grammar allows in names and bare literals, for the writer.
enum TurtleNames {
    /// PN_PREFIX (or the empty prefix): PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
    static func isPrefixName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first else { return true }
        guard NTriplesFormatter.isPNCharsBase(first), scalars.last != "." else { return false }
        return scalars.dropFirst().allSatisfy { NTriplesFormatter.isPNChars($0) || $0 == "." }
    }

    /// A PN_LOCAL that needs no `\` escape: (PN_CHARS_U | ':' | [0-9] | PERCENT)
    /// ((PN_CHARS | '.' | ':' | PERCENT)* (PN_CHARS | ':' | PERCENT))?
    static func isPlainLocalName(_ local: String) -> Bool {
        let scalars = Array(local.unicodeScalars)
        if scalars.isEmpty { return true }
        if scalars.last == "." { return false }
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit,
                      scalars[i + 2].properties.isASCIIHexDigit else { return false }
                i += 3
                continue
            }
            let allowed = i == 0
                ? NTriplesFormatter.isPNCharsU(c) || c == ":" || ("0"..."9").contains(c)
                : NTriplesFormatter.isPNChars(c) || c == ":" || c == "."
            if !allowed { return false }
            i += 1
        }
        return true
    }

    /// Whether a literal can be written bare: an INTEGER, DECIMAL, DOUBLE or BooleanLiteral
    /// whose datatype is the one the bare form means.
    static func isBareLiteral(_ lexical: String, datatype: String) -> Bool {
        switch datatype {
        case XSD.boolean: return lexical == "true" || lexical == "false"
        case XSD.integer: return matchesNumber(lexical) == .integer
        case XSD.decimal: return matchesNumber(lexical) == .decimal
        case XSD.double: return matchesNumber(lexical) == .double
        default: return false
        }
    }

    enum NumberKind { case integer, decimal, double }

    /// The Turtle numeric terminal `lexical` is, if any
    /// (https://www.w3.org/TR/turtle/#grammar-production-NumericLiteral).
    static func matchesNumber(_ lexical: String) -> NumberKind? {
        var bytes = Array(lexical.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let n = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(n)
            return n
        }
        let integerDigits = digits()
        var fractionDigits = 0
        var hasDot = false
        if bytes.first == UInt8(ascii: ".") {
            hasDot = true
            bytes = bytes.dropFirst()
            fractionDigits = digits()
        }
        if bytes.isEmpty {
            if !hasDot { return integerDigits > 0 ? .integer : nil }
            return fractionDigits > 0 ? .decimal : nil
        }
        guard bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") else { return nil }
        guard integerDigits + fractionDigits > 0 else { return nil }
        bytes = bytes.dropFirst()
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard digits() > 0, bytes.isEmpty else { return nil }
        return .double
    }
}
