import PtolemyRDF

/// Expressions: https://www.w3.org/TR/sparql11-query/#rExpression
extension Parser {
    /// Expression ::= ConditionalOrExpression
    mutating func parseExpression() throws(SPARQLSyntaxError) -> Expression {
        var expression = try parseAndExpression()
        while accept(.or) { expression = .or(expression, try parseAndExpression()) }
        return expression
    }

    /// ConditionalAndExpression ::= ValueLogical ( '&&' ValueLogical )*
    mutating func parseAndExpression() throws(SPARQLSyntaxError) -> Expression {
        var expression = try parseRelationalExpression()
        while accept(.and) { expression = .and(expression, try parseRelationalExpression()) }
        return expression
    }

    /// RelationalExpression ::= NumericExpression ( ( '=' | '!=' | '<' | '>' | '<=' | '>=' ) NumericExpression
    ///   | 'IN' ExpressionList | 'NOT' 'IN' ExpressionList )?
    mutating func parseRelationalExpression() throws(SPARQLSyntaxError) -> Expression {
        let left = try parseAdditiveExpression()
        switch current.kind {
        case .equal:
            advance()
            return .equal(left, try parseAdditiveExpression())
        case .notEqual:
            advance()
            return .notEqual(left, try parseAdditiveExpression())
        case .less:
            advance()
            return .less(left, try parseAdditiveExpression())
        case .greater:
            advance()
            return .greater(left, try parseAdditiveExpression())
        case .lessOrEqual:
            advance()
            return .lessOrEqual(left, try parseAdditiveExpression())
        case .greaterOrEqual:
            advance()
            return .greaterOrEqual(left, try parseAdditiveExpression())
        case .word:
            if acceptKeyword("IN") { return .in(left, try parseExpressionList()) }
            if current.isKeyword("NOT") && peek().isKeyword("IN") {
                advance()
                advance()
                return .notIn(left, try parseExpressionList())
            }
            return left
        default:
            return left
        }
    }

    /// AdditiveExpression ::= MultiplicativeExpression ( '+' MultiplicativeExpression | '-' MultiplicativeExpression
    ///   | ( NumericLiteralPositive | NumericLiteralNegative ) ( ( '*' | '/' ) UnaryExpression )* )*
    ///
    /// A signed number right after an operand (`?x -1`) is a subtraction or addition of
    /// the unsigned number: the lexer cannot tell, so the grammar handles it here.
    mutating func parseAdditiveExpression() throws(SPARQLSyntaxError) -> Expression {
        var expression = try parseMultiplicativeExpression()
        while true {
            switch current.kind {
            case .plus:
                advance()
                expression = .add(expression, try parseMultiplicativeExpression())
            case .minus:
                advance()
                expression = .subtract(expression, try parseMultiplicativeExpression())
            case .integer, .decimal, .double:
                let token = current
                guard let sign = token.value.first, sign == "+" || sign == "-" else { return expression }
                advance()
                let datatype = token.kind == .integer ? XSD.integer : token.kind == .decimal ? XSD.decimal : XSD.double
                var operand = Expression.literal(Literal(String(token.value.dropFirst()), datatype: datatype))
                while true {
                    if accept(.star) {
                        operand = .multiply(operand, try parseUnaryExpression())
                    } else if accept(.slash) {
                        operand = .divide(operand, try parseUnaryExpression())
                    } else {
                        break
                    }
                }
                expression = sign == "+" ? .add(expression, operand) : .subtract(expression, operand)
            default:
                return expression
            }
        }
    }

    /// MultiplicativeExpression ::= UnaryExpression ( '*' UnaryExpression | '/' UnaryExpression )*
    mutating func parseMultiplicativeExpression() throws(SPARQLSyntaxError) -> Expression {
        var expression = try parseUnaryExpression()
        while true {
            if accept(.star) {
                expression = .multiply(expression, try parseUnaryExpression())
            } else if accept(.slash) {
                expression = .divide(expression, try parseUnaryExpression())
            } else {
                return expression
            }
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
    mutating func parseArgumentList(of iri: String) throws(SPARQLSyntaxError) -> Expression {
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
