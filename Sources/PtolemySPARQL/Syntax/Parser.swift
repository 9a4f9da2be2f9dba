import PtolemyRDF

/// A recursive-descent parser for SPARQL 1.1 Query and Update that translates to algebra
/// as it goes (https://www.w3.org/TR/sparql11-query/#sparqlQuery).
///
/// The grammar is LL(1) over the token array except in a few places that look one
/// token further (`NOT IN` / `NOT EXISTS`, `( )` and `[ ]`). Each group graph pattern is
/// translated when its closing brace is read (``GroupTranslator``); each query level
/// (query or sub-select) when its last clause is read (``Parser/buildQueryLevel``).
/// Static rules of the specification are checked at the point they apply, so the
/// error carries the position of the offending token.
struct Parser {
    let locator: SourceLocator
    var tokens: [Token]
    var position = 0

    /// The base IRI in effect.
    var base: String?
    /// Declared prefixes.
    var prefixes: [String: String] = [:]

    /// Blank-node labels written anywhere in the text; generated labels avoid them.
    let writtenLabels: Set<String>
    var generatedLabelCounter = 0

    /// Each label used in a graph pattern, with the basic graph pattern it belongs to
    /// (https://www.w3.org/TR/sparql11-query/#grammarBNodes: a label may not be shared
    /// by two basic graph patterns).
    var labelScopes: [String: Int] = [:]
    var basicGraphPatternCounter = 0
    /// The basic graph pattern that triples being parsed belong to.
    var currentBasicGraphPattern = 0

    /// In an update request: the operation in which each INSERT DATA label was first used
    /// (two operations may not share one), and the index of the current operation.
    var operationOfLabel: [String: Int] = [:]
    var operationIndex: Int? = nil

    /// Whether aggregates may appear in the expression being parsed (SELECT, HAVING and
    /// ORDER BY of a query level), and those met so far at this level, by placeholder.
    var aggregatesAllowed = false
    var pendingAggregates: [Variable: Aggregate] = [:]
    var placeholderCounter = 0
    /// Numbering of the internal variables that hold aggregate results.
    var aggregateCounter = 0
    /// Function IRIs that are custom aggregates (``Aggregate/Function/custom(_:)``).
    var customAggregates: Set<String> = []

    /// How deeply groups, expressions, paths and bracketed triples may nest. The parser
    /// (and whatever walks the algebra) recurses once per level, and a server must refuse
    /// a hostile query rather than overflow its stack; real queries stay far below this.
    static let maximumNestingDepth = 256
    var nestingDepth = 0

    /// How long a chain that translates to a left-deep tree may be: operators of one
    /// expression, elements of one group, UNION branches, steps of one path, SELECT
    /// expressions. Such chains cost no parser stack but make the algebra as deep as they
    /// are long, and everything that walks the algebra recurses on it. Lists that stay
    /// flat (triples, VALUES rows, IN lists, arguments) are not limited.
    static let maximumChainLength = 4096

    init(_ text: String, baseIRI: String?) throws(SPARQLSyntaxError) {
        let bytes = Array(text.utf8)
        locator = SourceLocator(bytes: bytes)
        let (tokens, labels) = Lexer.tokenize(bytes)
        self.tokens = tokens
        self.writtenLabels = labels
        self.base = baseIRI
    }

    // MARK: Token access

    @inline(__always)
    var current: Token { tokens[position] }

    @inline(__always)
    func peek(_ distance: Int = 1) -> Token {
        tokens[min(position + distance, tokens.count - 1)]
    }

    @inline(__always)
    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    @inline(__always)
    mutating func accept(_ kind: TokenKind) -> Bool {
        if current.kind == kind {
            advance()
            return true
        }
        return false
    }

    @inline(__always)
    mutating func acceptKeyword(_ keyword: StaticString) -> Bool {
        if current.isKeyword(keyword) {
            advance()
            return true
        }
        return false
    }

    @discardableResult
    mutating func expect(_ kind: TokenKind, _ description: String) throws(SPARQLSyntaxError) -> Token {
        guard current.kind == kind else { throw unexpected(description) }
        return advance()
    }

    mutating func expectKeyword(_ keyword: StaticString) throws(SPARQLSyntaxError) {
        guard current.isKeyword(keyword) else { throw unexpected("'\(keyword)'") }
        advance()
    }

    /// Enters one level of nesting; pair with `defer { nestingDepth -= 1 }`.
    @inline(__always)
    mutating func enterNesting() throws(SPARQLSyntaxError) {
        nestingDepth += 1
        if nestingDepth > Parser.maximumNestingDepth {
            throw error("the query nests more than \(Parser.maximumNestingDepth) levels deep", at: current.start)
        }
    }

    /// Fails when a chain of `count` items is longer than ``maximumChainLength``.
    @inline(__always)
    func checkChainLength(_ count: Int, of items: String) throws(SPARQLSyntaxError) {
        if count > Parser.maximumChainLength {
            throw error("more than \(Parser.maximumChainLength) \(items) in a row", at: current.start)
        }
    }

    // MARK: Errors

    func error(_ message: String, at offset: Int) -> SPARQLSyntaxError {
        locator.error(message, at: offset)
    }

    /// "expected X but found Y" at the current token (or the lexer's message at a lexical error).
    func unexpected(_ expected: String) -> SPARQLSyntaxError {
        let token = current
        if token.kind == .error { return locator.error(token.value, at: token.start) }
        return locator.error("expected \(expected) but found \(describe(token))", at: token.start)
    }

    func describe(_ token: Token) -> String {
        if token.kind == .endOfInput { return "end of input" }
        var text = String(decoding: locator.bytes[token.start..<token.end], as: UTF8.self)
        if text.count > 40 { text = String(text.prefix(37)) + "..." }
        return "'\(text)'"
    }

    // MARK: Prologue and IRIs

    /// Prologue ::= ( BaseDecl | PrefixDecl )*
    mutating func parsePrologue() throws(SPARQLSyntaxError) {
        while true {
            if acceptKeyword("BASE") {
                let iri = try expect(.iri, "an IRI after BASE")
                base = IRIResolver.resolve(iri.value, against: base)
            } else if acceptKeyword("PREFIX") {
                let name = current
                guard name.kind == .prefixedName, name.local.isEmpty else {
                    throw unexpected("a prefix such as 'ex:'")
                }
                advance()
                let iri = try expect(.iri, "an IRI after the prefix")
                prefixes[name.value] = IRIResolver.resolve(iri.value, against: base)
            } else {
                return
            }
        }
    }

    /// Whether the current token is an IRI (IRIREF or prefixed name).
    @inline(__always)
    var atIRI: Bool { current.kind == .iri || current.kind == .prefixedName }

    /// iri ::= IRIREF | PrefixedName, resolved to an absolute IRI.
    mutating func parseIRI() throws(SPARQLSyntaxError) -> String {
        let token = current
        switch token.kind {
        case .iri:
            advance()
            return IRIResolver.resolve(token.value, against: base)
        case .prefixedName:
            guard let namespace = prefixes[token.value] else {
                throw error("undefined prefix '\(token.value):'", at: token.start)
            }
            advance()
            return namespace + token.local
        default:
            throw unexpected("an IRI")
        }
    }

    // MARK: Literals

    /// RDFLiteral, NumericLiteral or BooleanLiteral at the current token, or `nil`.
    mutating func parseLiteralIfPresent() throws(SPARQLSyntaxError) -> Literal? {
        let token = current
        switch token.kind {
        case .string:
            advance()
            if current.kind == .langTag {
                return Literal(token.value, language: advance().value)
            }
            if accept(.doubleCaret) {
                return Literal(token.value, datatype: try parseIRI())
            }
            return Literal(token.value)
        case .integer:
            advance()
            return Literal(token.value, datatype: XSD.integer)
        case .decimal:
            advance()
            return Literal(token.value, datatype: XSD.decimal)
        case .double:
            advance()
            return Literal(token.value, datatype: XSD.double)
        case .word:
            if token.isKeyword("TRUE") {
                advance()
                return Literal("true", datatype: XSD.boolean)
            }
            if token.isKeyword("FALSE") {
                advance()
                return Literal("false", datatype: XSD.boolean)
            }
            return nil
        default:
            return nil
        }
    }

    /// Var ::= VAR1 | VAR2
    mutating func parseVariable() throws(SPARQLSyntaxError) -> Variable {
        Variable(try expect(.variable, "a variable").value)
    }

    /// VarOrIri ::= Var | iri
    mutating func parseVarOrIRI() throws(SPARQLSyntaxError) -> TermPattern {
        if current.kind == .variable { return .variable(Variable(advance().value)) }
        if atIRI { return .iri(try parseIRI()) }
        throw unexpected("a variable or an IRI")
    }

    /// A non-negative INTEGER (LIMIT, OFFSET).
    mutating func parseNonNegativeInteger() throws(SPARQLSyntaxError) -> Int {
        let token = current
        guard token.kind == .integer, token.value.first != "+", token.value.first != "-" else {
            throw unexpected("an integer")
        }
        guard let value = Int(token.value) else {
            throw error("integer \(token.value) is too large", at: token.start)
        }
        advance()
        return value
    }

    // MARK: Generated names

    /// A blank-node label that is not written in the text and not generated before.
    mutating func freshLabel() -> String {
        while true {
            let label = "b\(generatedLabelCounter)"
            generatedLabelCounter += 1
            if !writtenLabels.contains(label) { return label }
        }
    }
}
