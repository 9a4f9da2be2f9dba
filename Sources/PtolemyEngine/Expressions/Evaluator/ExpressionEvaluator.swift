import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// Evaluates SPARQL expressions (https://www.w3.org/TR/sparql11-query/#expressions) against
/// solutions: FILTER, BIND, SELECT expressions, ORDER BY keys, GROUP BY keys, HAVING and
/// aggregate arguments.
///
/// Create one per query execution (and per thread: it caches compiled regular expressions
/// and the query's `NOW()` and is not thread-safe). Evaluation errors — type errors,
/// unbound variables, invalid arguments — are thrown as ``ExpressionError``; what an error
/// means is the caller's: FILTER treats it as false (``isTrue(_:_:)``), BIND leaves the
/// variable unbound (``evaluateOrUnbound(_:_:)``). Any other error (a storage failure,
/// a cancelled EXISTS) is thrown as it is and must end the query.
public final class ExpressionEvaluator {
    public let context: any EvaluationContext
    /// The base IRI of the query, against which `IRI()` resolves relative references.
    public let baseIRI: String?

    let regexCache = RegexCache()
    /// `NOW()`: the same instant for the whole query.
    lazy var now: EvalValue = DateTimeFunctions.dateTime(of: context.queryTime)

    public init(context: any EvaluationContext, baseIRI: String? = nil) {
        self.context = context
        self.baseIRI = baseIRI
    }

    // MARK: - entry points

    /// The value of `expression` in `solution`.
    public func evaluate(_ expression: Expression, _ solution: some SolutionView) throws -> EvalValue {
        switch expression {
        case .term(let term):
            return EvalValue(term)
        case .variable(let variable):
            guard let id = solution.value(of: variable) else { throw ExpressionError.unbound }
            return EvalValue(try context.decode(id), id: id)

        case .or(let a, let b):
            return .boolean(try logicalOr(a, b, solution))
        case .and(let a, let b):
            return .boolean(try logicalAnd(a, b, solution))
        case .not(let a):
            return .boolean(!(try effectiveBooleanValue(a, solution)))

        case .equal(let a, let b):
            return .boolean(try ValueComparison.equals(try evaluate(a, solution), try evaluate(b, solution)))
        case .notEqual(let a, let b):
            return .boolean(!(try ValueComparison.equals(try evaluate(a, solution), try evaluate(b, solution))))
        case .less(let a, let b):
            return .boolean(try order(a, b, solution).map { $0 < 0 } ?? false)
        case .greater(let a, let b):
            return .boolean(try order(a, b, solution).map { $0 > 0 } ?? false)
        case .lessOrEqual(let a, let b):
            return .boolean(try order(a, b, solution).map { $0 <= 0 } ?? false)
        case .greaterOrEqual(let a, let b):
            return .boolean(try order(a, b, solution).map { $0 >= 0 } ?? false)

        case .add(let a, let b):
            return try Arithmetic.add(try evaluate(a, solution), try evaluate(b, solution))
        case .subtract(let a, let b):
            return try Arithmetic.subtract(try evaluate(a, solution), try evaluate(b, solution))
        case .multiply(let a, let b):
            return try Arithmetic.multiply(try evaluate(a, solution), try evaluate(b, solution))
        case .divide(let a, let b):
            return try Arithmetic.divide(try evaluate(a, solution), try evaluate(b, solution))
        case .unaryPlus(let a):
            return try Arithmetic.plus(try evaluate(a, solution))
        case .unaryMinus(let a):
            return try Arithmetic.minus(try evaluate(a, solution))

        case .in(let a, let list):
            return .boolean(try isIn(a, list, solution))
        case .notIn(let a, let list):
            return .boolean(!(try isIn(a, list, solution)))
        case .exists(let pattern):
            return .boolean(try exists(pattern, solution))
        case .notExists(let pattern):
            return .boolean(!(try exists(pattern, solution)))

        case .builtIn(let function, let arguments):
            return try evaluateBuiltIn(function, arguments, solution)
        case .function(let iri, let arguments, _):
            return try evaluateFunction(iri, arguments, solution)
        }
    }

    /// The effective boolean value of `expression` (https://www.w3.org/TR/sparql11-query/#ebv);
    /// throws ``ExpressionError`` when it has none.
    public func effectiveBooleanValue(_ expression: Expression, _ solution: some SolutionView) throws -> Bool {
        try ValueComparison.effectiveBooleanValue(try evaluate(expression, solution))
    }

    /// FILTER's test: the effective boolean value, with an evaluation error counting as false
    /// (https://www.w3.org/TR/sparql11-query/#evaluation).
    public func isTrue(_ expression: Expression, _ solution: some SolutionView) throws -> Bool {
        do {
            return try effectiveBooleanValue(expression, solution)
        } catch is ExpressionError {
            return false
        }
    }

    /// BIND's and SELECT expressions' value: nil when the evaluation is an error, which
    /// leaves the variable unbound (https://www.w3.org/TR/sparql11-query/#extend).
    public func evaluateOrUnbound(_ expression: Expression, _ solution: some SolutionView) throws -> EvalValue? {
        do {
            return try evaluate(expression, solution)
        } catch is ExpressionError {
            return nil
        }
    }

    /// The effective boolean value of a value (for callers that evaluated it already).
    public static func effectiveBooleanValue(of value: EvalValue) throws(ExpressionError) -> Bool {
        try ValueComparison.effectiveBooleanValue(value)
    }

    /// The `ORDER BY` order of two keys (nil: unbound or an error): -1, 0 or 1 for ascending
    /// order. See ``SolutionOrdering``.
    public static func compareForOrdering(_ a: EvalValue?, _ b: EvalValue?) -> Int {
        SolutionOrdering.compare(a, b)
    }

    // MARK: - operators

    /// `A || B` with SPARQL's error handling (https://www.w3.org/TR/sparql11-query/#evaluation):
    /// true if either side is true, even when the other is an error.
    func logicalOr(_ a: Expression, _ b: Expression, _ solution: some SolutionView) throws -> Bool {
        let left = try booleanOrError(a, solution)
        if left == true { return true }
        let right = try booleanOrError(b, solution)
        if right == true { return true }
        if left == nil || right == nil { throw ExpressionError("error in ||") }
        return false
    }

    /// `A && B`: false if either side is false, even when the other is an error.
    func logicalAnd(_ a: Expression, _ b: Expression, _ solution: some SolutionView) throws -> Bool {
        let left = try booleanOrError(a, solution)
        if left == false { return false }
        let right = try booleanOrError(b, solution)
        if right == false { return false }
        if left == nil || right == nil { throw ExpressionError("error in &&") }
        return true
    }

    /// The effective boolean value, or nil for an evaluation error.
    func booleanOrError(_ e: Expression, _ solution: some SolutionView) throws -> Bool? {
        do {
            return try effectiveBooleanValue(e, solution)
        } catch is ExpressionError {
            return nil
        }
    }

    func order(_ a: Expression, _ b: Expression, _ solution: some SolutionView) throws -> Int? {
        try ValueComparison.order(try evaluate(a, solution), try evaluate(b, solution))
    }

    /// `A IN (B1, ..., Bn)`, which is `A = B1 || ... || A = Bn`: true on the first equal
    /// member, an error if no member is equal and some comparison was an error
    /// (https://www.w3.org/TR/sparql11-query/#func-in). `NOT IN` is its negation.
    func isIn(_ a: Expression, _ list: [Expression], _ solution: some SolutionView) throws -> Bool {
        let value = try evaluate(a, solution)
        var sawError = false
        for member in list {
            do {
                if try ValueComparison.equals(value, try evaluate(member, solution)) { return true }
            } catch is ExpressionError {
                sawError = true
            }
        }
        if sawError { throw ExpressionError("error in IN") }
        return false
    }

    /// `EXISTS { pattern }`: the pattern with the current solution's bindings substituted
    /// (https://www.w3.org/TR/sparql11-query/#defn_evalExists), asked of the context.
    func exists(_ pattern: Algebra, _ solution: some SolutionView) throws -> Bool {
        var bindings: [Variable: TermID] = [:]
        for variable in pattern.mentionedVariables {
            if let id = solution.value(of: variable) { bindings[variable] = id }
        }
        return try context.exists(pattern, bindings: bindings)
    }
}
