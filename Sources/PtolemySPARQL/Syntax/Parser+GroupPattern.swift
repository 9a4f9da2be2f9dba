/// Group graph patterns: https://www.w3.org/TR/sparql11-query/#rGroupGraphPattern
extension Parser {
    /// GroupGraphPattern ::= '{' ( SubSelect | GroupGraphPatternSub ) '}'
    ///
    /// Returns the translation and whether the group has FILTERs of its own.
    mutating func parseGroupGraphPattern() throws(SPARQLSyntaxError) -> (algebra: Algebra, hasFilters: Bool) {
        try enterNesting()
        defer { nestingDepth -= 1 }
        try expect(.leftBrace, "'{'")
        let savedAllowed = aggregatesAllowed
        let savedBGP = currentBasicGraphPattern
        aggregatesAllowed = false
        defer {
            aggregatesAllowed = savedAllowed
            currentBasicGraphPattern = savedBGP
        }
        if current.isKeyword("SELECT") {
            let algebra = try parseSubSelect()
            try expect(.rightBrace, "'}'")
            return (algebra, false)
        }
        var group = GroupTranslator()
        // The basic graph pattern of the current run of triples; FILTERs do not end it.
        var inTriplesRun = false
        while current.kind != .rightBrace {
            if startsGraphPatternNotTriples {
                let isFilter = current.isKeyword("FILTER")
                try parseGraphPatternNotTriples(into: &group)
                if !isFilter { inTriplesRun = false }
                _ = accept(.dot)
            } else {
                if !inTriplesRun {
                    basicGraphPatternCounter += 1
                    currentBasicGraphPattern = basicGraphPatternCounter
                    inTriplesRun = true
                }
                let start = group.block.count
                try parseTriplesSameSubjectPath(into: &group.block)
                group.notePaths(from: start)
                if !accept(.dot) && current.kind != .rightBrace && !startsGraphPatternNotTriples {
                    throw unexpected("'.' or '}'")
                }
            }
            try checkChainLength(group.chainLength, of: "elements in one group graph pattern")
        }
        advance()
        return group.finish()
    }

    var startsGraphPatternNotTriples: Bool {
        let token = current
        if token.kind == .leftBrace { return true }
        guard token.kind == .word else { return false }
        return token.isKeyword("OPTIONAL") || token.isKeyword("MINUS") || token.isKeyword("GRAPH")
            || token.isKeyword("SERVICE") || token.isKeyword("FILTER") || token.isKeyword("BIND")
            || token.isKeyword("VALUES")
    }

    /// GraphPatternNotTriples ::= GroupOrUnionGraphPattern | OptionalGraphPattern | MinusGraphPattern
    ///   | GraphGraphPattern | ServiceGraphPattern | Filter | Bind | InlineData
    mutating func parseGraphPatternNotTriples(into group: inout GroupTranslator) throws(SPARQLSyntaxError) {
        let token = current
        if token.kind == .leftBrace {
            var algebra = try parseGroupGraphPattern().algebra
            var branches = 1
            while acceptKeyword("UNION") {
                branches += 1
                try checkChainLength(branches, of: "UNION branches")
                algebra = .union(algebra, try parseGroupGraphPattern().algebra)
            }
            group.join(algebra)
        } else if acceptKeyword("OPTIONAL") {
            let (algebra, hasFilters) = try parseGroupGraphPattern()
            group.leftJoin(algebra, groupHasFilters: hasFilters)
        } else if acceptKeyword("MINUS") {
            group.minus(try parseGroupGraphPattern().algebra)
        } else if acceptKeyword("GRAPH") {
            let name = try parseVarOrIRI()
            group.join(.graph(name: name, try parseGroupGraphPattern().algebra))
        } else if acceptKeyword("SERVICE") {
            let silent = acceptKeyword("SILENT")
            let endpoint = try parseVarOrIRI()
            group.join(.service(endpoint: endpoint, try parseGroupGraphPattern().algebra, silent: silent))
        } else if acceptKeyword("FILTER") {
            group.addFilter(try parseConstraint())
        } else if acceptKeyword("BIND") {
            try expect(.leftParen, "'('")
            let expression = try parseExpression()
            try expectKeyword("AS")
            let variableToken = current
            let variable = try parseVariable()
            try expect(.rightParen, "')'")
            // The variable must not be in scope in the group so far (section 18.2.1).
            if group.inScope(variable) {
                throw error("variable ?\(variable.name) is already in scope: BIND must introduce a new variable", at: variableToken.start)
            }
            group.extend(variable, expression)
        } else if acceptKeyword("VALUES") {
            group.join(try parseDataBlock())
        } else {
            throw unexpected("a graph pattern")
        }
    }
}
