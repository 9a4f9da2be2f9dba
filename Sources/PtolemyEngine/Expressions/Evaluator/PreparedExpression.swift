import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// An expression prepared once for evaluation on many solutions (a FILTER, a BIND):
/// constants are parsed and classified ahead of time, and comparisons, arithmetic,
/// `&&`, `||`, `!` and `IN` run on values directly — a variable bound to an inline number
/// or boolean is never decoded into a term, and `?x + 1 > 5` never formats `?x + 1`.
/// Everything else runs through the interpreter (``ExpressionEvaluator/evaluate(_:_:)-(Expression,_)``).
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
        case .equal(let a, let b): self = .compare(.equal, PreparedNode(a), PreparedNode(b))
        case .notEqual(let a, let b): self = .compare(.notEqual, PreparedNode(a), PreparedNode(b))
        case .less(let a, let b): self = .compare(.less, PreparedNode(a), PreparedNode(b))
        case .greater(let a, let b): self = .compare(.greater, PreparedNode(a), PreparedNode(b))
        case .lessOrEqual(let a, let b): self = .compare(.lessOrEqual, PreparedNode(a), PreparedNode(b))
        case .greaterOrEqual(let a, let b): self = .compare(.greaterOrEqual, PreparedNode(a), PreparedNode(b))
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
}
