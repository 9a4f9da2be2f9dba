import PtolemySPARQL
import PtolemyStorage

/// Evaluation of ``PreparedExpression``s: the same results as the interpreter, faster.
extension ExpressionEvaluator {
    /// Prepares `expression` for evaluation on many solutions.
    public func prepare(_ expression: Expression) -> PreparedExpression {
        PreparedExpression(expression)
    }

    /// The value of a prepared expression in `solution`.
    public func evaluate(_ prepared: PreparedExpression, _ solution: some SolutionView) throws -> EvalValue {
        try value(prepared.root, solution)
    }

    /// The effective boolean value of a prepared expression; throws ``ExpressionError`` when it has none.
    public func effectiveBooleanValue(_ prepared: PreparedExpression, _ solution: some SolutionView) throws -> Bool {
        try bool(prepared.root, solution)
    }

    /// FILTER's test on a prepared expression: an evaluation error counts as false.
    public func isTrue(_ prepared: PreparedExpression, _ solution: some SolutionView) throws -> Bool {
        do {
            return try bool(prepared.root, solution)
        } catch is ExpressionError {
            return false
        }
    }

    /// BIND's value of a prepared expression: nil when the evaluation is an error.
    public func evaluateOrUnbound(_ prepared: PreparedExpression, _ solution: some SolutionView) throws -> EvalValue? {
        do {
            return try value(prepared.root, solution)
        } catch is ExpressionError {
            return nil
        }
    }

    // MARK: - nodes

    func value(_ node: PreparedNode, _ solution: some SolutionView) throws -> EvalValue {
        switch node {
        case .constant(let value, _, _):
            return value
        case .variable(let variable):
            guard let id = solution.value(of: variable) else { throw ExpressionError.unbound }
            return EvalValue(try context.decode(id), id: id)
        case .or, .and, .not, .compare, .compareVariableToNumber, .compareNumbers, .in:
            return .boolean(try bool(node, solution))
        case .arithmetic, .negate:
            return .numeric(try number(node, solution))
        case .interpreted(let e):
            return try evaluate(e, solution)
        }
    }

    /// The effective boolean value of a node.
    func bool(_ node: PreparedNode, _ solution: some SolutionView) throws -> Bool {
        switch node {
        case .constant(_, _, let ebv):
            guard let ebv else { throw ExpressionError("no effective boolean value") }
            return ebv
        case .or(let a, let b):
            let left = try boolOrError(a, solution)
            if left == true { return true }
            let right = try boolOrError(b, solution)
            if right == true { return true }
            if left == nil || right == nil { throw ExpressionError("error in ||") }
            return false
        case .and(let a, let b):
            let left = try boolOrError(a, solution)
            if left == false { return false }
            let right = try boolOrError(b, solution)
            if right == false { return false }
            if left == nil || right == nil { throw ExpressionError("error in &&") }
            return true
        case .not(let a):
            return !(try bool(a, solution))
        case .compare(let comparison, let a, let b):
            let x = try operand(a, solution), y = try operand(b, solution)
            switch comparison {
            case .equal: return try Operand.equals(x, y)
            case .notEqual: return !(try Operand.equals(x, y))
            default: return comparison.holds(for: try ValueComparison.order(x.literal, y.literal))
            }
        case .compareVariableToNumber(let comparison, let variable, let number, let flipped, let general):
            guard let id = solution.value(of: variable) else { throw ExpressionError.unbound }
            let order: Int?
            if id.tag == .integer, case .integer(let constant) = number {
                let x = Int128(InlineTerms.integerValue(id))
                order = x < constant ? -1 : (x == constant ? 0 : 1)
            } else if id.tag == .integer || id.tag == .decimal, case .numeric(let x)? = LiteralValue.inline(id) {
                order = NumericValue.compare(x, number)
            } else {
                return try bool(general, solution)
            }
            return comparison.holds(for: flipped ? order.map { -$0 } : order)
        case .compareNumbers(let comparison, let a, let b):
            return comparison.holds(for: NumericValue.compare(try number(a, solution), try number(b, solution)))
        case .in(let a, let list, let negated):
            let x = try operand(a, solution)
            var sawError = false
            for member in list {
                do {
                    if try Operand.equals(x, try operand(member, solution)) { return !negated }
                } catch is ExpressionError {
                    sawError = true
                }
            }
            if sawError { throw ExpressionError("error in IN") }
            return negated
        case .variable, .arithmetic, .negate, .interpreted:
            return try ValueComparison.effectiveBooleanValue(try value(node, solution))
        }
    }

    func boolOrError(_ node: PreparedNode, _ solution: some SolutionView) throws -> Bool? {
        do {
            return try bool(node, solution)
        } catch is ExpressionError {
            return nil
        }
    }

    /// A node as an operand: inline IDs and arithmetic results stay values without terms.
    func operand(_ node: PreparedNode, _ solution: some SolutionView) throws -> Operand {
        switch node {
        case .constant(let value, let literal, _):
            return Operand(constant: value, literal: literal)
        case .variable(let variable):
            guard let id = solution.value(of: variable) else { throw ExpressionError.unbound }
            if let inline = LiteralValue.inline(id) { return Operand(literal: inline, id: id) }
            return Operand(EvalValue(try context.decode(id), id: id))
        case .arithmetic, .negate:
            return Operand(literal: .numeric(try number(node, solution)), id: nil)
        case .or, .and, .not, .compare, .compareVariableToNumber, .compareNumbers, .in, .interpreted:
            return Operand(try value(node, solution))
        }
    }
}

extension ExpressionEvaluator {
    /// A node's value as a number, or a type error: arithmetic runs on numbers without
    /// building terms, and inline IDs are read without decoding.
    func number(_ node: PreparedNode, _ solution: some SolutionView) throws -> NumericValue {
        switch node {
        case .constant(_, let literal, _):
            guard case .numeric(let n)? = literal else { throw ExpressionError("not a number") }
            return n
        case .variable(let variable):
            guard let id = solution.value(of: variable) else { throw ExpressionError.unbound }
            if id.tag == .integer { return .integer(Int128(InlineTerms.integerValue(id))) }
            if case .numeric(let n)? = LiteralValue.inline(id) { return n }
            guard case .numeric(let n)? = LiteralValue.of(EvalValue(try context.decode(id), id: id)) else {
                throw ExpressionError("not a number")
            }
            return n
        case .arithmetic(let op, let a, let b):
            let x = try number(a, solution), y = try number(b, solution)
            switch op {
            case .add: return try NumericValue.add(x, y)
            case .subtract: return try NumericValue.subtract(x, y)
            case .multiply: return try NumericValue.multiply(x, y)
            case .divide: return try NumericValue.divide(x, y)
            }
        case .negate(let a):
            return try number(a, solution).negated()
        default:
            guard case .numeric(let n)? = LiteralValue.of(try value(node, solution)) else { throw ExpressionError("not a number") }
            return n
        }
    }
}

extension PreparedNode.Comparison {
    /// Whether the comparison holds for an order (nil: unordered, a NaN, where only `!=` holds).
    func holds(for order: Int?) -> Bool {
        guard let order else { return self == .notEqual }
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .greater: return order > 0
        case .lessOrEqual: return order <= 0
        case .greaterOrEqual: return order >= 0
        }
    }
}
