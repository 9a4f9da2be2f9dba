import PtolemyRDF

/// Triples, blank-node property lists, collections and property paths.
/// https://www.w3.org/TR/sparql11-query/#rTriplesSameSubjectPath
extension Parser {
    /// The predicate of a property list: a term or variable, or a property path.
    enum Verb {
        case term(TermPattern)
        case path(PropertyPath)
    }

    /// TriplesSameSubjectPath, in a graph pattern.
    mutating func parseTriplesSameSubjectPath(into items: inout [TriplesBlockItem]) throws(SPARQLSyntaxError) {
        try parseTriplesSameSubject(context: .pattern, into: &items)
    }

    /// TriplesTemplate ::= TriplesSameSubject ( '.' TriplesTemplate? )?  — up to `}` or `GRAPH`.
    mutating func parseTriplesTemplate(context: TriplesContext, into triples: inout [TriplePattern]) throws(SPARQLSyntaxError) {
        var items: [TriplesBlockItem] = []
        while current.kind != .rightBrace && !current.isKeyword("GRAPH") {
            try parseTriplesSameSubject(context: context, into: &items)
            if !accept(.dot) { break }
        }
        for case .triple(let triple) in items { triples.append(triple) }
    }

    /// TriplesSameSubject(Path) ::= VarOrTerm PropertyListNotEmpty | TriplesNode PropertyList
    mutating func parseTriplesSameSubject(context: TriplesContext, into items: inout [TriplesBlockItem]) throws(SPARQLSyntaxError) {
        if current.kind == .leftBracket && peek().kind != .rightBracket {
            let subject = try parseBlankNodePropertyList(context: context, into: &items)
            if startsVerb(context) { try parsePropertyListNotEmpty(subject: subject, context: context, into: &items) }
        } else if current.kind == .leftParen && peek().kind != .rightParen {
            let subject = try parseCollection(context: context, into: &items)
            if startsVerb(context) { try parsePropertyListNotEmpty(subject: subject, context: context, into: &items) }
        } else {
            let subject = try parseVarOrTerm(context: context, expected: "a subject")
            guard startsVerb(context) else { throw unexpected("a predicate") }
            try parsePropertyListNotEmpty(subject: subject, context: context, into: &items)
        }
    }

    func startsVerb(_ context: TriplesContext) -> Bool {
        let token = current
        switch token.kind {
        case .variable, .iri, .prefixedName: return true
        case .word: return token.value == "a"
        case .caret, .bang, .leftParen: return context.allowsPaths
        default: return false
        }
    }

    /// PropertyListPathNotEmpty ::= ( VerbPath | VerbSimple ) ObjectListPath ( ';' ( ( VerbPath | VerbSimple ) ObjectList )? )*
    mutating func parsePropertyListNotEmpty(subject: TermPattern, context: TriplesContext,
                                            into items: inout [TriplesBlockItem]) throws(SPARQLSyntaxError) {
        while true {
            let verb = try parseVerb(context: context)
            repeat {
                let object = try parseGraphNode(context: context, into: &items)
                switch verb {
                case .term(let predicate): items.append(.triple(TriplePattern(subject, predicate, object)))
                case .path(let path): addPath(subject, path, object, into: &items)
                }
            } while accept(.comma)
            guard accept(.semicolon) else { return }
            while accept(.semicolon) {}
            if !startsVerb(context) { return }
        }
    }

    /// Verb ::= VarOrIri | 'a', or VerbPath | VerbSimple in graph patterns.
    mutating func parseVerb(context: TriplesContext) throws(SPARQLSyntaxError) -> Verb {
        if current.kind == .variable { return .term(try parseVarOrTerm(context: context, expected: "a predicate")) }
        if context.allowsPaths {
            guard startsVerb(context) else { throw unexpected("a predicate") }
            return .path(try parsePath())
        }
        if current.kind == .word && current.value == "a" {
            advance()
            return .term(.iri(RDFVocabulary.type))
        }
        guard atIRI else { throw unexpected("a predicate") }
        return .term(.iri(try parseIRI()))
    }

    /// Translates `subject path object` (https://www.w3.org/TR/sparql11-query/#sparqlTranslatePathPatterns):
    /// an IRI or an inverted IRI is a triple pattern, a sequence goes through a fresh
    /// blank-node variable, anything else stays a path.
    mutating func addPath(_ subject: TermPattern, _ path: PropertyPath, _ object: TermPattern,
                          into items: inout [TriplesBlockItem]) {
        switch path {
        case .link(let iri):
            items.append(.triple(TriplePattern(subject, .iri(iri), object)))
        case .inverse(.link(let iri)):
            items.append(.triple(TriplePattern(object, .iri(iri), subject)))
        case .sequence(let first, let second):
            let middle = TermPattern.variable(Variable(freshLabel(), kind: .blankNode))
            addPath(subject, first, middle, into: &items)
            addPath(middle, second, object, into: &items)
        default:
            items.append(.path(subject, path, object))
        }
    }

    /// GraphNode(Path) ::= VarOrTerm | TriplesNode(Path)
    mutating func parseGraphNode(context: TriplesContext, into items: inout [TriplesBlockItem]) throws(SPARQLSyntaxError) -> TermPattern {
        if current.kind == .leftBracket && peek().kind != .rightBracket {
            return try parseBlankNodePropertyList(context: context, into: &items)
        }
        if current.kind == .leftParen && peek().kind != .rightParen {
            return try parseCollection(context: context, into: &items)
        }
        return try parseVarOrTerm(context: context, expected: "an object")
    }

    /// BlankNodePropertyList(Path) ::= '[' PropertyListNotEmpty ']'
    mutating func parseBlankNodePropertyList(context: TriplesContext, into items: inout [TriplesBlockItem]) throws(SPARQLSyntaxError) -> TermPattern {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let open = advance()
        let node = try blankNode(label: nil, offset: open.start, context: context)
        try parsePropertyListNotEmpty(subject: node, context: context, into: &items)
        try expect(.rightBracket, "']'")
        return node
    }

    /// Collection(Path) ::= '(' GraphNode+ ')', as rdf:first/rdf:rest triples.
    mutating func parseCollection(context: TriplesContext, into items: inout [TriplesBlockItem]) throws(SPARQLSyntaxError) -> TermPattern {
        try enterNesting()
        defer { nestingDepth -= 1 }
        let open = advance()
        var elements: [TermPattern] = []
        while !accept(.rightParen) {
            elements.append(try parseGraphNode(context: context, into: &items))
        }
        var nodes: [TermPattern] = []
        for _ in elements { nodes.append(try blankNode(label: nil, offset: open.start, context: context)) }
        for (index, element) in elements.enumerated() {
            items.append(.triple(TriplePattern(nodes[index], .iri(RDFVocabulary.first), element)))
            let rest: TermPattern = index + 1 < nodes.count ? nodes[index + 1] : .iri(RDFVocabulary.nil)
            items.append(.triple(TriplePattern(nodes[index], .iri(RDFVocabulary.rest), rest)))
        }
        return nodes[0]
    }

    /// VarOrTerm ::= Var | GraphTerm
    mutating func parseVarOrTerm(context: TriplesContext, expected: String) throws(SPARQLSyntaxError) -> TermPattern {
        let token = current
        switch token.kind {
        case .variable:
            guard context.allowsVariables else {
                throw error("variables are not allowed in INSERT DATA or DELETE DATA", at: token.start)
            }
            advance()
            return .variable(Variable(token.value))
        case .iri, .prefixedName:
            return .iri(try parseIRI())
        case .blankNodeLabel:
            advance()
            return try blankNode(label: token.value, offset: token.start, context: context)
        case .leftBracket where peek().kind == .rightBracket:
            advance()
            advance()
            return try blankNode(label: nil, offset: token.start, context: context)
        case .leftParen where peek().kind == .rightParen:
            advance()
            advance()
            return .iri(RDFVocabulary.nil)
        default:
            if let literal = try parseLiteralIfPresent() { return .term(.literal(literal)) }
            throw unexpected(expected)
        }
    }

    /// A blank node of a pattern (a blank-node variable) or of a template or data (a
    /// blank term), after the scoping rules for labels.
    mutating func blankNode(label: String?, offset: Int, context: TriplesContext) throws(SPARQLSyntaxError) -> TermPattern {
        guard context.allowsBlankNodes else { throw error(context.blankNodeRestriction, at: offset) }
        let name: String
        if let label {
            // Data blank nodes denote the same node across a request, so two INSERT DATA
            // operations may not share a label; template blank nodes are fresh per solution.
            if context == .insertData, let operation = operationIndex {
                if let first = operationOfLabel[label], first != operation {
                    throw error("blank node label _:\(label) is used in two operations of the request", at: offset)
                }
                operationOfLabel[label] = operation
            }
            if context == .pattern {
                if let scope = labelScopes[label], scope != currentBasicGraphPattern {
                    throw error("blank node label _:\(label) is used in two basic graph patterns", at: offset)
                }
                labelScopes[label] = currentBasicGraphPattern
            }
            name = label
        } else {
            name = freshLabel()
        }
        return context == .pattern ? .variable(Variable(name, kind: .blankNode)) : .term(.blank(name))
    }

    // MARK: Property paths (https://www.w3.org/TR/sparql11-query/#rPath)

    /// PathAlternative ::= PathSequence ( '|' PathSequence )*
    mutating func parsePath() throws(SPARQLSyntaxError) -> PropertyPath {
        try enterNesting()
        defer { nestingDepth -= 1 }
        var path = try parsePathSequence()
        var alternatives = 1
        while accept(.pipe) {
            alternatives += 1
            try checkChainLength(alternatives, of: "alternatives in one property path")
            path = .alternative(path, try parsePathSequence())
        }
        return path
    }

    /// PathSequence ::= PathEltOrInverse ( '/' PathEltOrInverse )*
    mutating func parsePathSequence() throws(SPARQLSyntaxError) -> PropertyPath {
        var path = try parsePathEltOrInverse()
        var steps = 1
        while accept(.slash) {
            steps += 1
            try checkChainLength(steps, of: "steps in one property path")
            path = .sequence(path, try parsePathEltOrInverse())
        }
        return path
    }

    /// PathEltOrInverse ::= PathElt | '^' PathElt ; PathElt ::= PathPrimary PathMod?
    mutating func parsePathEltOrInverse() throws(SPARQLSyntaxError) -> PropertyPath {
        let inverse = accept(.caret)
        var path = try parsePathPrimary()
        switch current.kind {
        case .question:
            advance()
            path = .zeroOrOne(path)
        case .star:
            advance()
            path = .zeroOrMore(path)
        case .plus:
            advance()
            path = .oneOrMore(path)
        default:
            break
        }
        return inverse ? .inverse(path) : path
    }

    /// PathPrimary ::= iri | 'a' | '!' PathNegatedPropertySet | '(' Path ')'
    mutating func parsePathPrimary() throws(SPARQLSyntaxError) -> PropertyPath {
        if atIRI { return .link(try parseIRI()) }
        if current.kind == .word && current.value == "a" {
            advance()
            return .link(RDFVocabulary.type)
        }
        if accept(.leftParen) {
            let path = try parsePath()
            try expect(.rightParen, "')'")
            return path
        }
        if accept(.bang) { return try parseNegatedPropertySet() }
        throw unexpected("a property path")
    }

    /// PathNegatedPropertySet, translated as in 18.2.2.3: forward IRIs make one negated
    /// set, inverse ones an inverted set, and a mix the alternative of the two.
    mutating func parseNegatedPropertySet() throws(SPARQLSyntaxError) -> PropertyPath {
        var forward: [String] = []
        var inverse: [String] = []
        if accept(.leftParen) {
            if !accept(.rightParen) {
                repeat {
                    try parsePathOneInPropertySet(forward: &forward, inverse: &inverse)
                } while accept(.pipe)
                try expect(.rightParen, "'|' or ')'")
            }
        } else {
            try parsePathOneInPropertySet(forward: &forward, inverse: &inverse)
        }
        if inverse.isEmpty { return .negatedPropertySet(forward) }
        if forward.isEmpty { return .inverse(.negatedPropertySet(inverse)) }
        return .alternative(.negatedPropertySet(forward), .inverse(.negatedPropertySet(inverse)))
    }

    /// PathOneInPropertySet ::= iri | 'a' | '^' ( iri | 'a' )
    mutating func parsePathOneInPropertySet(forward: inout [String], inverse: inout [String]) throws(SPARQLSyntaxError) {
        let inverted = accept(.caret)
        let iri: String
        if current.kind == .word && current.value == "a" {
            advance()
            iri = RDFVocabulary.type
        } else if atIRI {
            iri = try parseIRI()
        } else {
            throw unexpected("an IRI or 'a'")
        }
        if inverted { inverse.append(iri) } else { forward.append(iri) }
    }
}
