public import PtolemyRDF
public import PtolemyCompression

/// A streaming parser for [Turtle](https://www.w3.org/TR/turtle/) and
/// [TriG](https://www.w3.org/TR/trig/).
///
/// A recursive-descent parser over ``TurtleLexer`` tokens, one token of look-ahead,
/// following the grammars of both recommendations exactly: `@prefix`/`@base` and the
/// SPARQL-style `PREFIX`/`BASE`, predicate-object lists with `;` and `,`, collections,
/// blank-node property lists, numeric and boolean abbreviations with their lexical form
/// kept as written, and in TriG graph blocks with or without the `GRAPH` keyword, named
/// by an IRI or a blank node. Relative IRIs are resolved against the base per RFC 3986
/// (``BaseIRI``). Triples are delivered as soon as they are complete; memory use does not
/// grow with the document (only with its nesting and its prefix declarations).
///
/// Blank nodes: labels from the document are kept (`_:x` → `.blank("x")`); anonymous ones
/// (`[]`, property lists, collections) get `_g1`, `_g2`, ...; a document label that starts
/// with `_g` is prefixed with another `_g`, so the two can never clash.
///
/// Recovery: with `onError`, a bad statement is reported and skipped (none of its
/// triples are delivered) and parsing resumes after the next `.` at the statement's own
/// nesting level (or the `}` closing a TriG graph block).
public struct TurtleParser: Sendable {
    /// `.turtle` or `.trig`.
    public let format: RDFFormat
    /// The IRI relative IRIs resolve against until the document sets its own with `@base`.
    public var baseIRI: String?
    /// How deeply property lists and collections may nest (a guard against stack exhaustion).
    public var maximumNesting = 128

    /// - Precondition: `format` is `.turtle` or `.trig`.
    public init(format: RDFFormat = .turtle, baseIRI: String? = nil) {
        precondition(format == .turtle || format == .trig, "TurtleParser reads Turtle or TriG, not \(format)")
        self.format = format
        self.baseIRI = baseIRI
    }

    /// Parses a document, calling `onQuad` with each triple (in TriG, each quad).
    ///
    /// - Parameters:
    ///   - source: the input; read to its end.
    ///   - fileName: named in errors.
    ///   - onError: called with each syntax error; return to skip the statement and go on,
    ///     throw to stop. Without it, the first error is thrown.
    ///   - onQuad: called with each quad; the graph is nil for the default graph.
    /// - Returns: the prefixes declared by the document, as they stood at its end.
    /// - Throws: ``RDFParseError``, an error of the source, or what a callback throws.
    @discardableResult
    public func parse<Source: ByteSource>(
        source: inout Source, fileName: String? = nil,
        onError: ((RDFParseError) throws -> Void)? = nil,
        onQuad: (Quad) throws -> Void
    ) throws -> [String: String] {
        var base: BaseIRI? = nil
        if let baseIRI {
            guard let parsed = BaseIRI(baseIRI) else {
                throw RDFParseError(fileName: fileName, line: 1, column: 1, message: "the base IRI <\(baseIRI)> is not absolute")
            }
            base = parsed
        }
        let lexer = TurtleLexer(source: source as any ByteSource, fileName: fileName)
        return try withoutActuallyEscaping(onQuad) { onQuad in
            var core = TurtleParserCore(
                lexer: lexer, isTriG: format == .trig, base: base, maximumNesting: maximumNesting,
                emit: onQuad, onError: onError)
            // Hand back the source in the state reading left it (it may be a value type).
            defer { source = core.lexer.source as! Source }
            try core.parseDocument()
            return core.prefixes
        }
    }
}

/// The parser's state for one document.
struct TurtleParserCore {
    var lexer: TurtleLexer
    let isTriG: Bool
    var base: BaseIRI?
    let maximumNesting: Int
    let emit: (Quad) throws -> Void
    let onError: ((RDFParseError) throws -> Void)?

    var prefixes: [String: String] = [:]
    private var token: TurtleToken = .end
    private var graph: Term? = nil
    private var blankCounter = 0
    private var nesting = 0
    /// In recovery mode, the current statement's quads wait here until it is complete.
    private var pending: [Quad] = []

    init(lexer: TurtleLexer, isTriG: Bool, base: BaseIRI?, maximumNesting: Int,
         emit: @escaping (Quad) throws -> Void, onError: ((RDFParseError) throws -> Void)?) {
        self.lexer = lexer
        self.isTriG = isTriG
        self.base = base
        self.maximumNesting = maximumNesting
        self.emit = emit
        self.onError = onError
    }

    // MARK: - Plumbing

    private mutating func advance() throws {
        do {
            token = try lexer.next()
        } catch {
            token = .invalid
            throw error
        }
    }

    private func error(_ message: String) -> RDFParseError {
        lexer.tokenError(message)
    }

    private func unexpected(_ expected: String) -> RDFParseError {
        error("expected \(expected), found \(token.display)")
    }

    private mutating func expect(_ punctuation: TurtleToken, _ what: String) throws {
        guard token == punctuation else { throw unexpected(what) }
        try advance()
    }

    @inline(__always)
    private mutating func add(_ s: Term, _ p: Term, _ o: Term) throws {
        let quad = Quad(s, p, o, graph: graph)
        if onError != nil {
            pending.append(quad)
        } else {
            try emit(quad)
        }
    }

    /// Delivers the quads of a statement that ended well (recovery mode).
    private mutating func commit() throws {
        if pending.isEmpty { return }
        for quad in pending { try emit(quad) }
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func freshBlank() -> Term {
        blankCounter += 1
        return .blank("_g\(blankCounter)")
    }

    private func documentBlank(_ label: String) -> Term {
        label.hasPrefix("_g") ? .blank("_g" + label) : .blank(label)
    }

    // MARK: - Document and statements

    mutating func parseDocument() throws {
        do {
            try advance()
        } catch let error as RDFParseError {
            try recover(from: error, inBlock: false)
        }
        while token != .end {
            do {
                try statement()
                try commit()
            } catch let error as RDFParseError {
                try recover(from: error, inBlock: false)
            }
        }
    }

    /// Reports an error (or rethrows it without a handler), drops the statement's quads and
    /// skips to the next statement boundary.
    private mutating func recover(from error: RDFParseError, inBlock: Bool) throws {
        guard let onError else { throw error }
        try onError(error)
        pending.removeAll(keepingCapacity: true)
        nesting = 0
        var brackets = 0, braces = 0
        while true {
            if token == .invalid {
                do {
                    try lexer.skipByte()
                    try advance()
                } catch is RDFParseError {
                    continue
                }
                continue
            }
            switch token {
            case .end:
                return
            case .dot where brackets == 0 && braces == 0:
                try? advance()
                return
            case .openBracket, .openParen:
                brackets += 1
            case .closeBracket, .closeParen:
                brackets = max(0, brackets - 1)
            case .openBrace:
                braces += 1
            case .closeBrace:
                if braces == 0 {
                    if inBlock { return } // the block's '}' closes it
                    try? advance()
                    graph = nil
                    return
                }
                braces -= 1
                if braces == 0 && !inBlock {
                    // A whole graph block was skipped.
                    try? advance()
                    graph = nil
                    return
                }
            default:
                break
            }
            do { try advance() } catch is RDFParseError { continue }
        }
    }

    private mutating func statement() throws {
        switch token {
        case .atWord("prefix"):
            try advance()
            try prefixDeclaration()
            try expect(.dot, "'.' after the @prefix declaration")
        case .atWord("base"):
            try advance()
            try baseDeclaration()
            try expect(.dot, "'.' after the @base declaration")
        case .atWord(let word):
            throw error("unknown directive @\(word) (expected @prefix or @base)")
        case .word(let word) where word.lowercased() == "prefix":
            try advance()
            try prefixDeclaration()
        case .word(let word) where word.lowercased() == "base":
            try advance()
            try baseDeclaration()
        case .word(let word) where isTriG && word.lowercased() == "graph":
            try advance()
            let label: Term
            switch token {
            case .iriRef, .prefixedName, .blankNodeLabel:
                label = try iriOrBlank()
            case .openBracket:
                try advance()
                guard token == .closeBracket else { throw unexpected("']' (a graph name is an IRI or a blank node)") }
                try advance()
                label = freshBlank()
            default:
                throw unexpected("a graph name (IRI or blank node) after GRAPH")
            }
            try wrappedGraph(label)
        case .openBrace where isTriG:
            try wrappedGraph(nil)
        default:
            if isTriG {
                try triplesOrGraph()
            } else {
                try triples()
                try expect(.dot, "'.' at the end of the statement")
            }
        }
    }

    /// `PNAME_NS IRIREF` (after `@prefix` or `PREFIX`).
    private mutating func prefixDeclaration() throws {
        guard case .prefixedName(let prefix, nil) = token else {
            throw unexpected("a prefix name ending with ':' (as in ex:)")
        }
        try advance()
        guard case .iriRef(let raw) = token else { throw unexpected("an IRI in <> for the prefix") }
        let iri = try resolve(raw)
        try advance()
        prefixes[prefix] = iri
    }

    /// `IRIREF` (after `@base` or `BASE`).
    private mutating func baseDeclaration() throws {
        guard case .iriRef(let raw) = token else { throw unexpected("an IRI in <> for the base") }
        let iri = try resolve(raw)
        guard let newBase = BaseIRI(iri) else { throw error("the base IRI <\(iri)> is not absolute") }
        base = newBase
        try advance()
    }

    /// TriG `triplesOrGraph` and `triples2` (https://www.w3.org/TR/trig/#grammar-production-block).
    private mutating func triplesOrGraph() throws {
        switch token {
        case .iriRef, .prefixedName, .blankNodeLabel:
            let term = try iriOrBlank()
            if token == .openBrace {
                try wrappedGraph(term)
            } else {
                try predicateObjectList(term)
                try expect(.dot, "'.' at the end of the statement (or '{' for a graph)")
            }
        case .openBracket:
            try advance()
            if token == .closeBracket {
                try advance()
                let node = freshBlank()
                if token == .openBrace {
                    try wrappedGraph(node)
                } else {
                    try predicateObjectList(node)
                    try expect(.dot, "'.' at the end of the statement")
                }
            } else {
                let node = try blankNodePropertyListBody()
                if token != .dot { try predicateObjectList(node) }
                try expect(.dot, "'.' at the end of the statement")
            }
        case .openParen:
            let node = try collection()
            try predicateObjectList(node)
            try expect(.dot, "'.' at the end of the statement")
        default:
            throw unexpected("a subject, a graph or a directive")
        }
    }

    /// `'{' triplesBlock? '}'` with `graph` as the graph name (nil: the default graph).
    private mutating func wrappedGraph(_ name: Term?) throws {
        guard token == .openBrace else { throw unexpected("'{' to open the graph") }
        try advance()
        graph = name
        defer { graph = nil }
        try commit()
        while token != .closeBrace {
            do {
                try triples()
                if token == .dot {
                    try advance()
                } else if token != .closeBrace {
                    throw unexpected("'.' or '}'")
                }
                try commit()
            } catch let error as RDFParseError {
                if token == .end { throw error }
                try recover(from: error, inBlock: true)
                if token == .end { throw self.error("unterminated graph: missing '}'") }
            }
        }
        try advance()
    }

    /// Turtle `triples` (also the statements inside a TriG graph block).
    private mutating func triples() throws {
        switch token {
        case .iriRef, .prefixedName, .blankNodeLabel:
            let subject = try iriOrBlank()
            try predicateObjectList(subject)
        case .openBracket:
            try advance()
            if token == .closeBracket {
                try advance()
                try predicateObjectList(freshBlank())
            } else {
                let node = try blankNodePropertyListBody()
                if isVerbStart { try predicateObjectList(node) }
            }
        case .openParen:
            let node = try collection()
            try predicateObjectList(node)
        case .end:
            throw unexpected("a statement")
        default:
            throw unexpected("a subject (IRI, blank node, '[' or '(')")
        }
    }

    private var isVerbStart: Bool {
        switch token {
        case .iriRef, .prefixedName, .word("a"): return true
        default: return false
        }
    }

    /// `verb objectList (';' (verb objectList)?)*`
    private mutating func predicateObjectList(_ subject: Term) throws {
        let predicate = try verb()
        try objectList(subject, predicate)
        while token == .semicolon {
            try advance()
            if isVerbStart {
                let predicate = try verb()
                try objectList(subject, predicate)
            }
        }
    }

    private mutating func verb() throws -> Term {
        switch token {
        case .word("a"):
            try advance()
            return .iri(RDFVocabulary.type)
        case .iriRef, .prefixedName:
            return try iri()
        case .blankNodeLabel, .openBracket:
            throw error("a predicate must be an IRI, not a blank node")
        case .string, .integer, .decimal, .double, .word("true"), .word("false"):
            throw error("a predicate must be an IRI, not a literal")
        default:
            throw unexpected("a predicate (IRI or 'a')")
        }
    }

    private mutating func objectList(_ subject: Term, _ predicate: Term) throws {
        try add(subject, predicate, try object())
        while token == .comma {
            try advance()
            try add(subject, predicate, try object())
        }
    }

    private mutating func object() throws -> Term {
        switch token {
        case .iriRef, .prefixedName:
            return try iri()
        case .blankNodeLabel(let label):
            try advance()
            return documentBlank(label)
        case .openBracket:
            try advance()
            if token == .closeBracket {
                try advance()
                return freshBlank()
            }
            return try blankNodePropertyListBody()
        case .openParen:
            return try collection()
        case .string(let lexical):
            try advance()
            switch token {
            case .atWord(let language):
                try advance()
                return .literal(Literal(lexical, language: language))
            case .datatypeMarker:
                try advance()
                switch token {
                case .iriRef, .prefixedName:
                    let datatype = try iriString()
                    if datatype == RDFVocabulary.langString {
                        throw error("rdf:langString needs a language tag, not a datatype")
                    }
                    return .literal(Literal(lexical, datatype: datatype))
                default:
                    throw unexpected("a datatype IRI after '^^'")
                }
            default:
                return .literal(Literal(lexical))
            }
        case .integer(let lexical):
            try advance()
            return .literal(Literal(lexical, datatype: XSD.integer))
        case .decimal(let lexical):
            try advance()
            return .literal(Literal(lexical, datatype: XSD.decimal))
        case .double(let lexical):
            try advance()
            return .literal(Literal(lexical, datatype: XSD.double))
        case .word("true"), .word("false"):
            guard case .word(let value) = token else { fatalError("unreachable") }
            try advance()
            return .literal(Literal(value, datatype: XSD.boolean))
        case .word("a"):
            throw error("'a' can only be a predicate")
        default:
            throw unexpected("an object (IRI, blank node, literal, '[' or '(')")
        }
    }

    /// After '[' (not followed by ']'): `predicateObjectList ']'`; returns the new node.
    private mutating func blankNodePropertyListBody() throws -> Term {
        try enterNesting()
        defer { nesting -= 1 }
        let node = freshBlank()
        try predicateObjectList(node)
        try expect(.closeBracket, "']' to close the blank node property list")
        return node
    }

    /// `'(' object* ')'`: an RDF collection (https://www.w3.org/TR/turtle/#collections).
    private mutating func collection() throws -> Term {
        try enterNesting()
        defer { nesting -= 1 }
        try advance() // '('
        if token == .closeParen {
            try advance()
            return .iri(RDFVocabulary.nil)
        }
        let head = freshBlank()
        var node = head
        while true {
            let item = try object()
            try add(node, .iri(RDFVocabulary.first), item)
            if token == .closeParen {
                try add(node, .iri(RDFVocabulary.rest), .iri(RDFVocabulary.nil))
                try advance()
                return head
            }
            if token == .end { throw unexpected("')' to close the collection") }
            let next = freshBlank()
            try add(node, .iri(RDFVocabulary.rest), next)
            node = next
        }
    }

    private mutating func enterNesting() throws {
        nesting += 1
        if nesting > maximumNesting {
            throw error("blank node property lists and collections nest deeper than \(maximumNesting) levels")
        }
    }

    // MARK: - Terms

    private mutating func iriOrBlank() throws -> Term {
        if case .blankNodeLabel(let label) = token {
            try advance()
            return documentBlank(label)
        }
        return try iri()
    }

    private mutating func iri() throws -> Term {
        .iri(try iriString())
    }

    /// An IRIREF (resolved) or a prefixed name (expanded) as an IRI string.
    private mutating func iriString() throws -> String {
        switch token {
        case .iriRef(let raw):
            let iri = try resolve(raw)
            try advance()
            return iri
        case .prefixedName(let prefix, let local):
            guard let namespace = prefixes[prefix] else {
                throw error("undefined prefix '\(prefix):' (declare it with @prefix or PREFIX)")
            }
            try advance()
            guard let local else { return namespace }
            return namespace + local
        default:
            throw unexpected("an IRI")
        }
    }

    private func resolve(_ raw: String) throws -> String {
        if let base { return base.resolve(raw) }
        guard BaseIRI.hasScheme(raw) else {
            throw error("relative IRI <\(raw)> and no base IRI to resolve it against")
        }
        return raw
    }
}
