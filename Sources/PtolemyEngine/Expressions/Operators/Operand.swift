import PtolemyStorage

/// An operand of a comparison or arithmetic operator in a ``PreparedExpression``: its value,
/// and its term only when it has one at hand. A variable bound to an inline number or
/// boolean, and the result of arithmetic, are compared without ever building their terms.
struct Operand {
    /// The literal's value; nil for an IRI or a blank node.
    var literal: LiteralValue?
    /// The term; nil only for inline IDs and computed numbers, which are valid literals
    /// of known types (never IRIs, blank nodes or ``LiteralValue/other``).
    var value: EvalValue?
    var id: TermID?

    init(_ value: EvalValue) {
        self.literal = LiteralValue.of(value)
        self.value = value
        self.id = value.id
    }

    /// A constant, classified ahead of time.
    init(constant value: EvalValue, literal: LiteralValue?) {
        self.literal = literal
        self.value = value
        self.id = value.id
    }

    init(literal: LiteralValue, id: TermID?) {
        self.literal = literal
        self.value = nil
        self.id = id
    }

    /// Whether both operands are the same term. Only asked when one of them is an IRI,
    /// a blank node or a literal of unknown value, which an operand without a term is not:
    /// so an operand without a term is never the same term as the other.
    func isSameTerm(as other: Operand) -> Bool {
        guard let a = value, let b = other.value else { return false }
        return ValueComparison.sameTerm(a.term, b.term)
    }

    static func equals(_ a: Operand, _ b: Operand) throws(ExpressionError) -> Bool {
        if let ida = a.id, let idb = b.id, ida == idb, !ValueComparison.mayBeNaN(ida.tag) { return true }
        return try ValueComparison.equals(a.literal, b.literal) { a.isSameTerm(as: b) }
    }
}
