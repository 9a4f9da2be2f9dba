/// Built-in calls and aggregates: https://www.w3.org/TR/sparql11-query/#rBuiltInCall
extension Parser {
    static let aggregateKeywords: Set<String> = ["COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"]

    /// Whether the current token starts a BuiltInCall (aggregates, EXISTS and NOT EXISTS included).
    var startsBuiltInCall: Bool {
        let token = current
        guard token.kind == .word else { return false }
        if token.isKeyword("EXISTS") { return true }
        if token.isKeyword("NOT") { return peek().isKeyword("EXISTS") }
        let upper = token.value.uppercased()
        return BuiltInFunction.named(upper) != nil || Parser.aggregateKeywords.contains(upper)
    }

    /// BuiltInCall, including Aggregate, ExistsFunc and NotExistsFunc.
    mutating func parseBuiltInCall() throws(SPARQLSyntaxError) -> Expression {
        let token = advance()
        let upper = token.value.uppercased()
        if Parser.aggregateKeywords.contains(upper) { return try parseAggregate(upper, at: token) }
        if upper == "EXISTS" { return .exists(try parseGroupGraphPattern().algebra) }
        if upper == "NOT" {
            try expectKeyword("EXISTS")
            return .notExists(try parseGroupGraphPattern().algebra)
        }
        guard let function = BuiltInFunction.named(upper) else {
            throw error("unknown function \(token.value)", at: token.start)
        }
        switch function {
        case .bound:
            try expect(.leftParen, "'('")
            let variable = try parseVariable()
            try expect(.rightParen, "')'")
            return .builtIn(.bound, [.variable(variable)])
        case .coalesce, .concat:
            return .builtIn(function, try parseExpressionList())
        default:
            break
        }
        try expect(.leftParen, "'('")
        var arguments: [Expression] = []
        if !accept(.rightParen) {
            arguments.append(try parseExpression())
            while accept(.comma) { arguments.append(try parseExpression()) }
            try expect(.rightParen, "',' or ')'")
        }
        let arity = function.arity
        guard arity.contains(arguments.count) else {
            let expected = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
            throw error("\(function.keyword) takes \(expected) argument\(arity.upperBound == 1 ? "" : "s"), not \(arguments.count)", at: token.start)
        }
        return .builtIn(function, arguments)
    }

    /// Aggregate ::= 'COUNT' '(' 'DISTINCT'? ( '*' | Expression ) ')' | 'SUM' '(' 'DISTINCT'? Expression ')' | ...
    ///   | 'GROUP_CONCAT' '(' 'DISTINCT'? Expression ( ';' 'SEPARATOR' '=' String )? ')'
    ///
    /// Returns a placeholder variable; the query level's translation numbers it and moves
    /// the aggregate into its group node.
    mutating func parseAggregate(_ keyword: String, at token: Token) throws(SPARQLSyntaxError) -> Expression {
        guard aggregatesAllowed else {
            throw error("aggregate \(keyword) is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY", at: token.start)
        }
        try expect(.leftParen, "'('")
        let distinct = acceptKeyword("DISTINCT")
        aggregatesAllowed = false
        defer { aggregatesAllowed = true }
        var expression: Expression?
        if keyword == "COUNT" && accept(.star) {
            expression = nil
        } else {
            expression = try parseExpression()
        }
        let function: Aggregate.Function
        switch keyword {
        case "COUNT": function = .count
        case "SUM": function = .sum
        case "MIN": function = .min
        case "MAX": function = .max
        case "AVG": function = .avg
        case "SAMPLE": function = .sample
        default:
            var separator = " "
            if accept(.semicolon) {
                try expectKeyword("SEPARATOR")
                try expect(.equal, "'='")
                separator = try expect(.string, "a string").value
            }
            function = .groupConcat(separator: separator)
        }
        try expect(.rightParen, "')'")
        placeholderCounter += 1
        let placeholder = Variable("pending\(placeholderCounter)", kind: .internal)
        pendingAggregates[placeholder] = Aggregate(function, expression, distinct: distinct)
        return .variable(placeholder)
    }

    /// `<iri> '(' 'DISTINCT'? Expression ')'` for a custom aggregate IRI: like the
    /// built-in aggregates, it is allowed only in SELECT, HAVING and ORDER BY, takes one
    /// argument, and returns a placeholder for the query level to bind.
    mutating func parseCustomAggregate(_ iri: String, at token: Token) throws(SPARQLSyntaxError) -> Expression {
        guard aggregatesAllowed else {
            throw error("aggregate <\(iri)> is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY", at: token.start)
        }
        try expect(.leftParen, "'('")
        let distinct = acceptKeyword("DISTINCT")
        aggregatesAllowed = false
        defer { aggregatesAllowed = true }
        let expression = try parseExpression()
        guard accept(.rightParen) else {
            throw error("aggregate <\(iri)> takes one argument", at: current.start)
        }
        placeholderCounter += 1
        let placeholder = Variable("pending\(placeholderCounter)", kind: .internal)
        pendingAggregates[placeholder] = Aggregate(.custom(iri), expression, distinct: distinct)
        return .variable(placeholder)
    }
}
