import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// An expression prepared once for evaluation on many solutions (a FILTER, a BIND):
/// constants are parsed and classified ahead of time, and comparisons, arithmetic,
/// `&&`, `||`, `!` and `IN` run on values directly — a variable bound to an inline number
/// or boolean is never decoded into a term, and `?x + 1 > 5` never formats `?x + 1`.
/// Everything else runs through the interpreter, with the same results.
///
/// Create it with ``ExpressionEvaluator/prepare(_:)``; it is tied to nothing else and may be
/// kept as long as the expression.
public struct PreparedExpression: Sendable {
    public let expression: Expression
    let root: PreparedNode

    init(_ expression: Expression) {
        self.expression = expression
        root = PreparedNode(expression)
    }
}

/// The operators the prepared form evaluates itself.
indirect enum PreparedNode: Sendable {
    /// A constant, its value and its effective boolean value (nil when it has none).
    case constant(EvalValue, LiteralValue?, ebv: Bool?)
    case variable(Variable)
    case or(PreparedNode, PreparedNode)
    case and(PreparedNode, PreparedNode)
    case not(PreparedNode)
    case compare(Comparison, PreparedNode, PreparedNode)
    /// `?v op number` (or `number op ?v`, `flipped`): the most common FILTER, decided from
    /// an inline ID without building operands; `general` is the same comparison for other IDs.
    case compareVariableToNumber(Comparison, Variable, NumericValue, flipped: Bool, general: PreparedNode)
    /// A comparison whose operands can only be numbers (arithmetic, numeric constants; for
    /// `<`-like comparisons, variables too, since any other value is an error there as well):
    /// evaluated on numbers, without operands.
    case compareNumbers(Comparison, PreparedNode, PreparedNode)
    case arithmetic(ArithmeticOperator, PreparedNode, PreparedNode)
    case negate(PreparedNode)
    case `in`(PreparedNode, [PreparedNode], negated: Bool)
    /// Anything else, left to the interpreter.
    case interpreted(Expression)

    enum Comparison: Sendable { case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual }
    enum ArithmeticOperator: Sendable { case add, subtract, multiply, divide }

    init(_ e: Expression) {
        switch e {
        case .term(let term):
            var id: TermID?
            if case .literal(let literal) = term { id = InlineTerms.encode(literal) }
            let value = EvalValue(term, id: id)
            self = .constant(value, LiteralValue.of(value), ebv: try? ValueComparison.effectiveBooleanValue(value))
        case .variable(let v): self = .variable(v)
        case .or(let a, let b): self = .or(PreparedNode(a), PreparedNode(b))
        case .and(let a, let b): self = .and(PreparedNode(a), PreparedNode(b))
        case .not(let a): self = .not(PreparedNode(a))
        case .equal(let a, let b): self = .comparison(.equal, a, b)
        case .notEqual(let a, let b): self = .comparison(.notEqual, a, b)
        case .less(let a, let b): self = .comparison(.less, a, b)
        case .greater(let a, let b): self = .comparison(.greater, a, b)
        case .lessOrEqual(let a, let b): self = .comparison(.lessOrEqual, a, b)
        case .greaterOrEqual(let a, let b): self = .comparison(.greaterOrEqual, a, b)
        case .add(let a, let b): self = .arithmetic(.add, PreparedNode(a), PreparedNode(b))
        case .subtract(let a, let b): self = .arithmetic(.subtract, PreparedNode(a), PreparedNode(b))
        case .multiply(let a, let b): self = .arithmetic(.multiply, PreparedNode(a), PreparedNode(b))
        case .divide(let a, let b): self = .arithmetic(.divide, PreparedNode(a), PreparedNode(b))
        case .unaryMinus(let a): self = .negate(PreparedNode(a))
        case .in(let a, let list): self = .in(PreparedNode(a), list.map(PreparedNode.init), negated: false)
        case .notIn(let a, let list): self = .in(PreparedNode(a), list.map(PreparedNode.init), negated: true)
        case .unaryPlus, .exists, .notExists, .builtIn, .function: self = .interpreted(e)
        }
    }

    static func comparison(_ op: Comparison, _ a: Expression, _ b: Expression) -> PreparedNode {
        let x = PreparedNode(a), y = PreparedNode(b)
        let general = PreparedNode.compare(op, x, y)
        switch (x, y) {
        case (.variable(let v), .constant(_, .numeric(let n)?, _)):
            return .compareVariableToNumber(op, v, n, flipped: false, general: general)
        case (.constant(_, .numeric(let n)?, _), .variable(let v)):
            return .compareVariableToNumber(op, v, n, flipped: true, general: general)
        default:
            let ordering = op != .equal && op != .notEqual
            guard x.isNumeric || y.isNumeric, x.isNumeric || (ordering && x.isVariable), y.isNumeric || (ordering && y.isVariable)
            else { return general }
            return .compareNumbers(op, x, y)
        }
    }

    /// Whether the node's value is a number whenever it is not an error.
    var isNumeric: Bool {
        switch self {
        case .arithmetic, .negate: return true
        case .constant(_, .numeric?, _): return true
        default: return false
        }
    }

    var isVariable: Bool {
        if case .variable = self { return true }
        return false
    }
}
