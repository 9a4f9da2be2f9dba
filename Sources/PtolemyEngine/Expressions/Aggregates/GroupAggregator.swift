import PtolemySPARQL
import PtolemyStorage

/// The aggregates of one group of a ``PtolemySPARQL/Algebra/group(_:keys:aggregates:)`` node:
/// evaluates each aggregate's argument on every solution of the group and accumulates it.
///
/// The group operator makes one aggregator for the node, then a ``fresh()`` copy per
/// group (which shares the prepared argument expressions), calls ``add(_:evaluator:)``
/// for each of the group's solutions and ``results()`` once the input is exhausted.
public struct GroupAggregator {
    public let aggregates: [AggregateBinding]
    private let arguments: [PreparedExpression?]
    private var accumulators: [any AggregateAccumulator]
    /// For `COUNT(DISTINCT *)`: the solutions seen, by their bindings of `variables`.
    private var distinctSolutions: [Set<[TermID?]>?]
    private let variables: [Variable]
    /// Where custom aggregates come from.
    private let functions: FunctionRegistry

    /// - Parameters:
    ///   - variables: the variables in scope in the grouped pattern, which tell
    ///     solutions apart for `COUNT(DISTINCT *)`.
    ///   - functions: where custom aggregates come from.
    public init(_ aggregates: [AggregateBinding], variables: [Variable], functions: FunctionRegistry = .standard) {
        self.aggregates = aggregates
        self.variables = variables
        self.functions = functions
        arguments = aggregates.map { $0.aggregate.expression.map(PreparedExpression.init) }
        accumulators = aggregates.map { AggregateAccumulators.make(for: $0.aggregate, functions: functions) }
        distinctSolutions = aggregates.map { $0.aggregate.distinct && $0.aggregate.expression == nil ? [] : nil }
    }

    /// An aggregator for the same aggregates with nothing accumulated yet.
    public func fresh() -> GroupAggregator {
        var copy = self
        copy.accumulators = aggregates.map { AggregateAccumulators.make(for: $0.aggregate, functions: functions) }
        copy.distinctSolutions = aggregates.map { $0.aggregate.distinct && $0.aggregate.expression == nil ? [] : nil }
        return copy
    }

    /// Adds one solution of the group. Evaluation errors of the arguments count as
    /// "no value"; other errors (storage, cancellation) are thrown.
    public mutating func add(_ solution: some SolutionView, evaluator: ExpressionEvaluator) throws {
        for index in aggregates.indices {
            guard let argument = arguments[index] else {
                if distinctSolutions[index] != nil {
                    let key = variables.map { solution.value(of: $0) }
                    guard distinctSolutions[index]!.insert(key).inserted else { continue }
                }
                accumulators[index].add(nil)
                continue
            }
            accumulators[index].add(try evaluator.evaluateOrUnbound(argument, solution))
        }
    }

    /// The value of each aggregate, in the order of ``aggregates``; nil for an error.
    public func results() -> [EvalValue?] {
        accumulators.map { $0.result() }
    }
}
