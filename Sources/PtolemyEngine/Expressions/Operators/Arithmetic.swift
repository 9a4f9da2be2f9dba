import PtolemyRDF

/// SPARQL's arithmetic operators on RDF terms: `A + B`, `A - B`, `A * B`, `A / B`, `+A`, `-A`
/// (https://www.w3.org/TR/sparql11-query/#OperatorMapping). Operands must be numeric
/// literals with a valid lexical form; anything else is a type error.
enum Arithmetic {
    /// The numeric value of an operand, or a type error.
    static func numericValue(_ value: EvalValue) throws(ExpressionError) -> NumericValue {
        guard let literal = LiteralValue.of(value), case .numeric(let number) = literal else {
            throw ExpressionError("not a number: \(value.term)")
        }
        return number
    }

    static func add(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        .numeric(try NumericValue.add(try numericValue(a), try numericValue(b)))
    }

    static func subtract(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        .numeric(try NumericValue.subtract(try numericValue(a), try numericValue(b)))
    }

    static func multiply(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        .numeric(try NumericValue.multiply(try numericValue(a), try numericValue(b)))
    }

    static func divide(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        .numeric(try NumericValue.divide(try numericValue(a), try numericValue(b)))
    }

    /// `op:numeric-unary-plus` returns its operand: a literal of a primitive numeric type
    /// comes back as it is (the same term), one of a derived integer type as `xsd:integer`.
    static func plus(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        let number = try numericValue(a)
        if case .literal(let literal) = a.term, literal.datatype == number.datatype { return a }
        return .numeric(number)
    }

    /// `op:numeric-unary-minus`.
    static func minus(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .numeric(try numericValue(a).negated())
    }
}
