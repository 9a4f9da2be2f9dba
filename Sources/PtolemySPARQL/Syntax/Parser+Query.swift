import PtolemyRDF

/// Query forms and solution modifiers.
/// https://www.w3.org/TR/sparql11-query/#rQuery
extension Parser {
    /// QueryUnit ::= Query
    mutating func parseQueryUnit() throws(SPARQLSyntaxError) -> Query {
        try parsePrologue()
        let query: Query
        if current.isKeyword("SELECT") {
            query = try parseSelectQuery()
        } else if current.isKeyword("CONSTRUCT") {
            query = try parseConstructQuery()
        } else if current.isKeyword("DESCRIBE") {
            query = try parseDescribeQuery()
        } else if current.isKeyword("ASK") {
            advance()
            var level = QueryLevelSyntax()
            let dataset = try parseDatasetClauses()
            try parseWhereAndModifiers(into: &level, whereOptional: false)
            query = Query(form: .ask, dataset: dataset, algebra: try buildQueryLevel(level).algebra, baseIRI: base)
        } else {
            throw unexpected("SELECT, CONSTRUCT, DESCRIBE or ASK")
        }
        guard current.kind == .endOfInput else { throw unexpected("end of input") }
        return query
    }

    /// SelectQuery ::= SelectClause DatasetClause* WhereClause SolutionModifier (ValuesClause)
    mutating func parseSelectQuery() throws(SPARQLSyntaxError) -> Query {
        let (saved, savedAllowed) = (pendingAggregates, aggregatesAllowed)
        pendingAggregates = [:]
        defer { (pendingAggregates, aggregatesAllowed) = (saved, savedAllowed) }
        var level = QueryLevelSyntax()
        try parseSelectClause(into: &level)
        let dataset = try parseDatasetClauses()
        try parseWhereAndModifiers(into: &level, whereOptional: false)
        let (algebra, variables) = try buildQueryLevel(level)
        return Query(form: .select(variables: variables), dataset: dataset, algebra: algebra, baseIRI: base)
    }

    /// SubSelect ::= SelectClause WhereClause SolutionModifier ValuesClause
    mutating func parseSubSelect() throws(SPARQLSyntaxError) -> Algebra {
        let (saved, savedAllowed) = (pendingAggregates, aggregatesAllowed)
        pendingAggregates = [:]
        defer { (pendingAggregates, aggregatesAllowed) = (saved, savedAllowed) }
        var level = QueryLevelSyntax()
        try parseSelectClause(into: &level)
        try parseWhereAndModifiers(into: &level, whereOptional: false)
        return try buildQueryLevel(level).algebra
    }

    /// ConstructQuery ::= 'CONSTRUCT' ( ConstructTemplate DatasetClause* WhereClause SolutionModifier
    ///                  | DatasetClause* 'WHERE' '{' TriplesTemplate? '}' SolutionModifier )
    mutating func parseConstructQuery() throws(SPARQLSyntaxError) -> Query {
        advance()
        var level = QueryLevelSyntax()
        let (saved, savedAllowed) = (pendingAggregates, aggregatesAllowed)
        pendingAggregates = [:]
        defer { (pendingAggregates, aggregatesAllowed) = (saved, savedAllowed) }
        let template: [TriplePattern]
        let dataset: QueryDataset?
        if current.kind == .leftBrace {
            template = try parseConstructTemplate()
            dataset = try parseDatasetClauses()
            try parseWhereAndModifiers(into: &level, whereOptional: false)
        } else {
            // CONSTRUCT WHERE { T } is CONSTRUCT { T } WHERE { T } (section 16.2.4).
            dataset = try parseDatasetClauses()
            try expectKeyword("WHERE")
            template = try parseConstructTemplate()
            level.pattern = template.isEmpty ? .empty : .bgp(template.map(Parser.blankNodesAsVariables))
            try parseSolutionModifiers(into: &level)
        }
        let algebra = try buildQueryLevel(level).algebra
        return Query(form: .construct(template: template), dataset: dataset, algebra: algebra, baseIRI: base)
    }

    /// The pattern reading of a template triple: blank nodes become blank-node variables.
    static func blankNodesAsVariables(_ triple: TriplePattern) -> TriplePattern {
        func convert(_ pattern: TermPattern) -> TermPattern {
            if case .term(.blank(let label)) = pattern { return .variable(Variable(label, kind: .blankNode)) }
            return pattern
        }
        return TriplePattern(convert(triple.subject), convert(triple.predicate), convert(triple.object))
    }

    /// DescribeQuery ::= 'DESCRIBE' ( VarOrIri+ | '*' ) DatasetClause* WhereClause? SolutionModifier
    mutating func parseDescribeQuery() throws(SPARQLSyntaxError) -> Query {
        advance()
        let (saved, savedAllowed) = (pendingAggregates, aggregatesAllowed)
        pendingAggregates = [:]
        defer { (pendingAggregates, aggregatesAllowed) = (saved, savedAllowed) }
        var resources: [TermPattern] = []
        var all = false
        if accept(.star) {
            all = true
        } else {
            while current.kind == .variable || atIRI { resources.append(try parseVarOrIRI()) }
            if resources.isEmpty { throw unexpected("a variable, an IRI or '*'") }
        }
        let dataset = try parseDatasetClauses()
        var level = QueryLevelSyntax()
        try parseWhereAndModifiers(into: &level, whereOptional: true)
        if all { resources = level.pattern.projectableVariables.map { .variable($0) } }
        let algebra = try buildQueryLevel(level).algebra
        return Query(form: .describe(resources: resources), dataset: dataset, algebra: algebra, baseIRI: base)
    }

    /// SelectClause ::= 'SELECT' ( 'DISTINCT' | 'REDUCED' )? ( ( Var | ( '(' Expression 'AS' Var ')' ) )+ | '*' )
    mutating func parseSelectClause(into level: inout QueryLevelSyntax) throws(SPARQLSyntaxError) {
        level.selectOffset = current.start
        try expectKeyword("SELECT")
        if acceptKeyword("DISTINCT") {
            level.distinct = true
        } else if acceptKeyword("REDUCED") {
            level.reduced = true
        }
        var items: [QueryLevelSyntax.ProjectionItem] = []
        if accept(.star) {
            level.selectAll = true
        } else {
            aggregatesAllowed = true
            while true {
                let offset = current.start
                if current.kind == .variable {
                    items.append(.init(variable: Variable(advance().value), expression: nil, offset: offset))
                } else if accept(.leftParen) {
                    try checkChainLength(items.count + 1, of: "items in one SELECT clause")
                    let expression = try parseExpression()
                    try expectKeyword("AS")
                    let variableOffset = current.start
                    let variable = try parseVariable()
                    try expect(.rightParen, "')'")
                    items.append(.init(variable: variable, expression: expression, offset: variableOffset))
                } else {
                    break
                }
            }
            aggregatesAllowed = false
            if items.isEmpty { throw unexpected("a variable, '(' or '*'") }
        }
        level.projection = items
    }

    /// DatasetClause* ; `nil` when there is none.
    mutating func parseDatasetClauses() throws(SPARQLSyntaxError) -> QueryDataset? {
        var dataset: QueryDataset?
        while acceptKeyword("FROM") {
            var clause = dataset ?? QueryDataset()
            if acceptKeyword("NAMED") {
                clause.namedGraphs.append(try parseIRI())
            } else {
                clause.defaultGraphs.append(try parseIRI())
            }
            dataset = clause
        }
        return dataset
    }

    /// WhereClause SolutionModifier ValuesClause
    mutating func parseWhereAndModifiers(into level: inout QueryLevelSyntax, whereOptional: Bool) throws(SPARQLSyntaxError) {
        let hasWhere = acceptKeyword("WHERE")
        if hasWhere || current.kind == .leftBrace || !whereOptional {
            level.pattern = try parseGroupGraphPattern().algebra
        }
        try parseSolutionModifiers(into: &level)
    }

    /// SolutionModifier ::= GroupClause? HavingClause? OrderClause? LimitOffsetClauses?, then ValuesClause.
    mutating func parseSolutionModifiers(into level: inout QueryLevelSyntax) throws(SPARQLSyntaxError) {
        if acceptKeyword("GROUP") {
            try expectKeyword("BY")
            repeat {
                level.groupKeyOffsets.append(current.start)
                level.groupKeys.append(try parseGroupCondition())
            } while startsGroupCondition
        }
        aggregatesAllowed = true
        if acceptKeyword("HAVING") {
            repeat {
                try checkChainLength(level.having.count + 1, of: "HAVING conditions")
                level.having.append(try parseConstraint())
            } while startsConstraint
        }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                level.order.append(try parseOrderCondition())
            } while startsOrderCondition
        }
        aggregatesAllowed = false
        if acceptKeyword("LIMIT") {
            level.hasSlice = true
            level.limit = try parseNonNegativeInteger()
            if acceptKeyword("OFFSET") { level.offset = try parseNonNegativeInteger() }
        } else if acceptKeyword("OFFSET") {
            level.hasSlice = true
            level.offset = try parseNonNegativeInteger()
            if acceptKeyword("LIMIT") { level.limit = try parseNonNegativeInteger() }
        }
        if acceptKeyword("VALUES") {
            level.values = try parseDataBlock()
        }
        level.aggregates = pendingAggregates
    }

    var startsGroupCondition: Bool {
        current.kind == .variable || current.kind == .leftParen || atIRI || startsBuiltInCall
    }

    var startsConstraint: Bool {
        current.kind == .leftParen || atIRI || startsBuiltInCall
    }

    var startsOrderCondition: Bool {
        startsConstraint || current.kind == .variable || current.isKeyword("ASC") || current.isKeyword("DESC")
    }

    /// GroupCondition ::= BuiltInCall | FunctionCall | '(' Expression ( 'AS' Var )? ')' | Var
    mutating func parseGroupCondition() throws(SPARQLSyntaxError) -> GroupKey {
        if current.kind == .variable { return GroupKey(.variable(Variable(advance().value))) }
        if accept(.leftParen) {
            let expression = try parseExpression()
            var variable: Variable?
            if acceptKeyword("AS") { variable = try parseVariable() }
            try expect(.rightParen, "')'")
            return GroupKey(expression, as: variable)
        }
        if atIRI { return GroupKey(try parseFunctionCall()) }
        if startsBuiltInCall { return GroupKey(try parseBuiltInCall()) }
        throw unexpected("a grouping condition")
    }

    /// OrderCondition ::= ( ( 'ASC' | 'DESC' ) BrackettedExpression ) | ( Constraint | Var )
    mutating func parseOrderCondition() throws(SPARQLSyntaxError) -> OrderCondition {
        if current.isKeyword("ASC") || current.isKeyword("DESC") {
            let descending = advance().isKeyword("DESC")
            try expect(.leftParen, "'('")
            let expression = try parseExpression()
            try expect(.rightParen, "')'")
            return OrderCondition(expression, descending: descending)
        }
        if current.kind == .variable { return OrderCondition(.variable(Variable(advance().value))) }
        return OrderCondition(try parseConstraint())
    }

    /// ConstructTemplate ::= '{' ConstructTriples? '}'
    mutating func parseConstructTemplate() throws(SPARQLSyntaxError) -> [TriplePattern] {
        try expect(.leftBrace, "'{'")
        var triples: [TriplePattern] = []
        try parseTriplesTemplate(context: .template, into: &triples)
        try expect(.rightBrace, "'}'")
        return triples
    }

    /// DataBlock ::= InlineDataOneVar | InlineDataFull
    mutating func parseDataBlock() throws(SPARQLSyntaxError) -> Algebra {
        if current.kind == .variable {
            let variable = Variable(advance().value)
            try expect(.leftBrace, "'{'")
            var rows: [[Term?]] = []
            while !accept(.rightBrace) { rows.append([try parseDataBlockValue()]) }
            return .values(variables: [variable], rows: rows)
        }
        guard accept(.leftParen) else { throw unexpected("a variable or '(' after VALUES") }
        var variables: [Variable] = []
        while current.kind == .variable {
            let token = advance()
            let variable = Variable(token.value)
            if variables.contains(variable) {
                throw error("variable ?\(token.value) appears twice in VALUES", at: token.start)
            }
            variables.append(variable)
        }
        try expect(.rightParen, "a variable or ')'")
        try expect(.leftBrace, "'{'")
        var rows: [[Term?]] = []
        while !accept(.rightBrace) {
            let rowStart = current.start
            try expect(.leftParen, "'(' or '}'")
            var row: [Term?] = []
            while !accept(.rightParen) { row.append(try parseDataBlockValue()) }
            guard row.count == variables.count else {
                throw error("VALUES row has \(row.count) values for \(variables.count) variables", at: rowStart)
            }
            rows.append(row)
        }
        return .values(variables: variables, rows: rows)
    }

    /// DataBlockValue ::= iri | RDFLiteral | NumericLiteral | BooleanLiteral | 'UNDEF'
    mutating func parseDataBlockValue() throws(SPARQLSyntaxError) -> Term? {
        if acceptKeyword("UNDEF") { return nil }
        if atIRI { return .iri(try parseIRI()) }
        if let literal = try parseLiteralIfPresent() { return .literal(literal) }
        throw unexpected("an IRI, a literal or UNDEF")
    }
}
