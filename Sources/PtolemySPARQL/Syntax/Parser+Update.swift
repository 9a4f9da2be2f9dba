import PtolemyRDF

/// SPARQL 1.1 Update: https://www.w3.org/TR/sparql11-update/#grammar
extension Parser {
    /// UpdateUnit ::= Update ; Update ::= Prologue ( Update1 ( ';' Update )? )?
    ///
    /// Each operation may start with its own prologue; prefixes and base carry over.
    mutating func parseUpdateUnit() throws(SPARQLSyntaxError) -> Update {
        var operations: [UpdateOperation] = []
        try parsePrologue()
        while current.kind != .endOfInput {
            operationIndex = operations.count
            // Each operation's WHERE clause is a pattern of its own for blank-node scoping.
            labelScopes.removeAll()
            operations.append(try parseUpdateOperation())
            guard accept(.semicolon) else {
                if current.kind != .endOfInput { throw unexpected("';' or end of input") }
                break
            }
            try parsePrologue()
        }
        return Update(operations: operations)
    }

    /// Update1 ::= Load | Clear | Drop | Add | Move | Copy | Create | InsertData | DeleteData | DeleteWhere | Modify
    mutating func parseUpdateOperation() throws(SPARQLSyntaxError) -> UpdateOperation {
        let token = current
        if acceptKeyword("LOAD") {
            let silent = acceptKeyword("SILENT")
            let source = try parseIRI()
            var destination: String?
            if acceptKeyword("INTO") {
                try expectKeyword("GRAPH")
                destination = try parseIRI()
            }
            return .load(source: source, destination: destination, silent: silent)
        }
        if acceptKeyword("CLEAR") {
            let silent = acceptKeyword("SILENT")
            return .clear(try parseGraphRefAll(), silent: silent)
        }
        if acceptKeyword("DROP") {
            let silent = acceptKeyword("SILENT")
            return .drop(try parseGraphRefAll(), silent: silent)
        }
        if acceptKeyword("CREATE") {
            let silent = acceptKeyword("SILENT")
            try expectKeyword("GRAPH")
            return .create(graph: try parseIRI(), silent: silent)
        }
        if token.isKeyword("ADD") || token.isKeyword("MOVE") || token.isKeyword("COPY") {
            advance()
            let silent = acceptKeyword("SILENT")
            let from = try parseGraphOrDefault()
            try expectKeyword("TO")
            let to = try parseGraphOrDefault()
            if token.isKeyword("ADD") { return .add(from: from, to: to, silent: silent) }
            if token.isKeyword("MOVE") { return .move(from: from, to: to, silent: silent) }
            return .copy(from: from, to: to, silent: silent)
        }
        if token.isKeyword("INSERT") && peek().isKeyword("DATA") {
            advance()
            advance()
            return .insertData(try parseQuadData(context: .insertData))
        }
        if token.isKeyword("DELETE") && peek().isKeyword("DATA") {
            advance()
            advance()
            return .deleteData(try parseQuadData(context: .deleteData))
        }
        if token.isKeyword("DELETE") && peek().isKeyword("WHERE") {
            advance()
            advance()
            let (quads, pattern) = try parseQuadPattern(context: .deleteWhere)
            return .modify(Modify(delete: quads, pattern: pattern, baseIRI: base))
        }
        if token.isKeyword("WITH") || token.isKeyword("DELETE") || token.isKeyword("INSERT") {
            return .modify(try parseModify())
        }
        throw unexpected("an update operation")
    }

    /// Modify ::= ( 'WITH' iri )? ( DeleteClause InsertClause? | InsertClause ) UsingClause* 'WHERE' GroupGraphPattern
    mutating func parseModify() throws(SPARQLSyntaxError) -> Modify {
        var modify = Modify(pattern: .empty, baseIRI: base)
        if acceptKeyword("WITH") { modify.with = try parseIRI() }
        if acceptKeyword("DELETE") {
            modify.delete = try parseQuadPattern(context: .deleteTemplate).quads
            if acceptKeyword("INSERT") { modify.insert = try parseQuadPattern(context: .template).quads }
        } else if acceptKeyword("INSERT") {
            modify.insert = try parseQuadPattern(context: .template).quads
        } else {
            throw unexpected("DELETE or INSERT")
        }
        while acceptKeyword("USING") {
            var using = modify.using ?? QueryDataset()
            if acceptKeyword("NAMED") {
                using.namedGraphs.append(try parseIRI())
            } else {
                using.defaultGraphs.append(try parseIRI())
            }
            modify.using = using
        }
        try expectKeyword("WHERE")
        modify.pattern = try parseGroupGraphPattern().algebra
        return modify
    }

    /// GraphRefAll ::= GraphRef | 'DEFAULT' | 'NAMED' | 'ALL'
    mutating func parseGraphRefAll() throws(SPARQLSyntaxError) -> GraphTarget {
        if acceptKeyword("GRAPH") { return .graph(try parseIRI()) }
        if acceptKeyword("DEFAULT") { return .defaultGraph }
        if acceptKeyword("NAMED") { return .namedGraphs }
        if acceptKeyword("ALL") { return .allGraphs }
        throw unexpected("GRAPH, DEFAULT, NAMED or ALL")
    }

    /// GraphOrDefault ::= 'DEFAULT' | 'GRAPH'? iri
    mutating func parseGraphOrDefault() throws(SPARQLSyntaxError) -> GraphOrDefault {
        if acceptKeyword("DEFAULT") { return .defaultGraph }
        _ = acceptKeyword("GRAPH")
        return .graph(try parseIRI())
    }

    /// QuadData ::= '{' Quads '}' — ground quads.
    mutating func parseQuadData(context: TriplesContext) throws(SPARQLSyntaxError) -> [Quad] {
        try parseQuadPattern(context: context).quads.map { quad in
            // The context refused variables, so every position holds a term.
            Quad(quad.subject.term!, quad.predicate.term!, quad.object.term!, graph: quad.graph?.term)
        }
    }

    /// QuadPattern ::= '{' Quads '}' ; Quads ::= TriplesTemplate? ( QuadsNotTriples '.'? TriplesTemplate? )*
    ///
    /// Also returns the quads read as a group graph pattern (for DELETE WHERE).
    mutating func parseQuadPattern(context: TriplesContext) throws(SPARQLSyntaxError) -> (quads: [QuadPattern], pattern: Algebra) {
        try expect(.leftBrace, "'{'")
        var quads: [QuadPattern] = []
        var group = GroupTranslator()
        while current.kind != .rightBrace {
            if acceptKeyword("GRAPH") {
                let nameToken = current
                let name = try parseVarOrIRI()
                if name.variable != nil && !context.allowsVariables {
                    throw error("variables are not allowed in INSERT DATA or DELETE DATA", at: nameToken.start)
                }
                try expect(.leftBrace, "'{'")
                var triples: [TriplePattern] = []
                try parseTriplesTemplate(context: context, into: &triples)
                try expect(.rightBrace, "'}'")
                _ = accept(.dot)
                quads += triples.map { QuadPattern($0.subject, $0.predicate, $0.object, graph: name) }
                group.join(.graph(name: name, triples.isEmpty ? .empty : .bgp(triples)))
            } else {
                var triples: [TriplePattern] = []
                try parseTriplesTemplate(context: context, into: &triples)
                if triples.isEmpty { throw unexpected("a triple, GRAPH or '}'") }
                quads += triples.map { QuadPattern($0.subject, $0.predicate, $0.object) }
                group.block += triples.map { .triple($0) }
                if current.kind != .rightBrace && !current.isKeyword("GRAPH") { throw unexpected("'.', GRAPH or '}'") }
            }
            try checkChainLength(group.chainLength, of: "elements in one group graph pattern")
        }
        advance()
        return (quads, group.finish().algebra)
    }
}
