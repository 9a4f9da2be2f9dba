import PtolemyRDF

/// Expressions: https://www.w3.org/TR/sparql11-query/#rExpression
extension Parser {
    /// Expression ::= ConditionalOrExpression
    mutating func parseExpression() throws(SPARQLSyntaxError) -> Expression {
        try enterNesting()
        defer { nestingDepth -= 1 }
        return try parseBinaryExpression(above: .or)
    }

    /// Binding strength of the binary operators, loosest first.
    enum Precedence: Int, Comparable {
        /// ConditionalOrExpression ::= ConditionalAndExpression ( '||' ConditionalAndExpression )*
        case or
        /// ConditionalAndExpression ::= ValueLogical ( '&&' ValueLogical )*
        case and
        /// RelationalExpression ::= NumericExpression ( ( '=' | '!=' | '<' | '>' | '<=' | '>=' ) NumericExpression
        ///   | 'IN' ExpressionList | 'NOT' 'IN' ExpressionList )?
        case relational
        /// AdditiveExpression ::= MultiplicativeExpression ( '+' MultiplicativeExpression | '-' MultiplicativeExpression
        ///   | ( NumericLiteralPositive | NumericLiteralNegative ) ( ( '*' | '/' ) UnaryExpression )* )*
        case additive
        /// MultiplicativeExpression ::= UnaryExpression ( '*' UnaryExpression | '/' UnaryExpression )*
        case multiplicative

        static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

        var next: Precedence { Precedence(rawValue: rawValue + 1) ?? .multiplicative }
    }

    /// The grammar's chain of binary levels by precedence climbing: one recursion per
    /// operand instead of one per level, which keeps deep nesting cheap on the stack.
    mutating func parseBinaryExpression(above minimum: Precedence) throws(SPARQLSyntaxError) -> Expression {
        try continueBinaryExpression(try parseUnaryExpression(), above: minimum)
    }

    /// Applies the operators of precedence `minimum` or tighter that follow `left`.
    mutating func continueBinaryExpression(_ left: Expression, above minimum: Precedence) throws(SPARQLSyntaxError) -> Expression {
        var left = left
        // A relational expression has at most one comparison (`a = b = c` is no expression).
        var compared = false
        var operators = 0
        while true {
            let token = current
            switch token.kind {
            case .or where minimum <= .or:
                advance()
                left = .or(left, try parseBinaryExpression(above: .and))
                compared = true
            case .and where minimum <= .and:
                advance()
                left = .and(left, try parseBinaryExpression(above: .relational))
                compared = true
            case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual:
                guard minimum <= .relational, !compared else { return left }
                advance()
                let right = try parseBinaryExpression(above: .additive)
                switch token.kind {
                case .equal: left = .equal(left, right)
                case .notEqual: left = .notEqual(left, right)
                case .less: left = .less(left, right)
                case .greater: left = .greater(left, right)
                case .lessOrEqual: left = .lessOrEqual(left, right)
                default: left = .greaterOrEqual(left, right)
                }
                compared = true
            case .word where minimum <= .relational && !compared:
                if acceptKeyword("IN") {
                    left = .in(left, try parseExpressionList())
                } else if token.isKeyword("NOT") && peek().isKeyword("IN") {
                    advance()
                    advance()
                    left = .notIn(left, try parseExpressionList())
                } else {
                    return left
                }
                compared = true
            case .plus where minimum <= .additive:
                advance()
                left = .add(left, try parseBinaryExpression(above: .multiplicative))
            case .minus where minimum <= .additive:
                advance()
                left = .subtract(left, try parseBinaryExpression(above: .multiplicative))
            case .integer, .decimal, .double:
                // A signed number right after an operand (`?x -1`) is an addition or subtraction
                // of the unsigned number: the lexer cannot tell, so the grammar handles it here.
                guard minimum <= .additive, let sign = token.value.first, sign == "+" || sign == "-" else { return left }
                advance()
                let datatype = token.kind == .integer ? XSD.integer : token.kind == .decimal ? XSD.decimal : XSD.double
                let number = Expression.literal(Literal(String(token.value.dropFirst()), datatype: datatype))
                let operand = try continueBinaryExpression(number, above: .multiplicative)
                left = sign == "+" ? .add(left, operand) : .subtract(left, operand)
            case .star where minimum <= .multiplicative:
                advance()
                left = .multiply(left, try parseUnaryExpression())
            case .slash where minimum <= .multiplicative:
                advance()
                left = .divide(left, try parseUnaryExpression())
            default:
                return left
            }
            operators += 1
            try checkChainLength(operators, of: "operators in one expression")
        }
    }

    /// UnaryExpression ::= '!' PrimaryExpression | '+' PrimaryExpression | '-' PrimaryExpression | PrimaryExpression
    mutating func parseUnaryExpression() throws(SPARQLSyntaxError) -> Expression {
        if accept(.bang) { return .not(try parsePrimaryExpression()) }
        if accept(.plus) { return .unaryPlus(try parsePrimaryExpression()) }
        if accept(.minus) { return .unaryMinus(try parsePrimaryExpression()) }
        return try parsePrimaryExpression()
    }

    /// PrimaryExpression ::= BrackettedExpression | BuiltInCall | iriOrFunction | RDFLiteral
    ///   | NumericLiteral | BooleanLiteral | Var
    mutating func parsePrimaryExpression() throws(SPARQLSyntaxError) -> Expression {
        let token = current
        switch token.kind {
        case .leftParen:
            advance()
            let expression = try parseExpression()
            try expect(.rightParen, "')'")
            return expression
        case .variable:
            advance()
            return .variable(Variable(token.value))
        case .iri, .prefixedName:
            // iriOrFunction ::= iri ArgList?
            let iri = try parseIRI()
            if current.kind == .leftParen { return try parseArgumentList(of: iri) }
            return .iri(iri)
        default:
            if let literal = try parseLiteralIfPresent() { return .literal(literal) }
            if startsBuiltInCall { return try parseBuiltInCall() }
            throw unexpected("an expression")
        }
    }

    /// BrackettedExpression | BuiltInCall | FunctionCall (FILTER, HAVING, ORDER BY).
    mutating func parseConstraint() throws(SPARQLSyntaxError) -> Expression {
        if accept(.leftParen) {
            let expression = try parseExpression()
            try expect(.rightParen, "')'")
            return expression
        }
        if atIRI { return try parseFunctionCall() }
        if startsBuiltInCall { return try parseBuiltInCall() }
        throw unexpected("'(', a function call or a built-in call")
    }

    /// FunctionCall ::= iri ArgList
    mutating func parseFunctionCall() throws(SPARQLSyntaxError) -> Expression {
        let iri = try parseIRI()
        guard current.kind == .leftParen else { throw unexpected("'(' after the function IRI") }
        return try parseArgumentList(of: iri)
    }

    /// ArgList ::= NIL | '(' 'DISTINCT'? Expression ( ',' Expression )* ')'
    ///
    /// A call of a custom aggregate IRI is an aggregate (the `DISTINCT` of ArgList exists
    /// for them): see ``parseCustomAggregate(_:at:)``.
    mutating func parseArgumentList(of iri: String) throws(SPARQLSyntaxError) -> Expression {
        if customAggregates.contains(iri) { return try parseCustomAggregate(iri, at: current) }
        try expect(.leftParen, "'('")
        if accept(.rightParen) { return .function(iri, [], distinct: false) }
        let distinct = acceptKeyword("DISTINCT")
        var arguments = [try parseExpression()]
        while accept(.comma) { arguments.append(try parseExpression()) }
        try expect(.rightParen, "',' or ')'")
        return .function(iri, arguments, distinct: distinct)
    }

    /// ExpressionList ::= NIL | '(' Expression ( ',' Expression )* ')'
    mutating func parseExpressionList() throws(SPARQLSyntaxError) -> [Expression] {
        try expect(.leftParen, "'('")
        if accept(.rightParen) { return [] }
        var list = [try parseExpression()]
        while accept(.comma) { list.append(try parseExpression()) }
        try expect(.rightParen, "',' or ')'")
        return list
    }
}
