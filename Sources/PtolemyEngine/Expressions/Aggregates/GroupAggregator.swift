import PtolemySPARQL
import PtolemyStorage

/// The aggregates of one group of a ``PtolemySPARQL/Algebra/group(_:keys:aggregates:)`` node:
/// evaluates each aggregate's argument on every solution of the group and accumulates it.
///
/// The group operator keeps one per group, calls ``add(_:evaluator:)`` for each of the
/// group's solutions and ``results()`` once the input is exhausted.
public struct GroupAggregator {
    public let aggregates: [AggregateBinding]
    private var accumulators: [any AggregateAccumulator]
    /// For `COUNT(DISTINCT *)`: the solutions seen, by their bindings of `variables`.
    private var distinctSolutions: [Set<[TermID?]>?]
    private let variables: [Variable]

    /// - Parameter variables: the variables in scope in the grouped pattern, which tell
    ///   solutions apart for `COUNT(DISTINCT *)`.
    public init(_ aggregates: [AggregateBinding], variables: [Variable]) {
        self.aggregates = aggregates
        self.variables = variables
        accumulators = aggregates.map { AggregateAccumulators.make(for: $0.aggregate) }
        distinctSolutions = aggregates.map { $0.aggregate.distinct && $0.aggregate.expression == nil ? [] : nil }
    }

    /// Adds one solution of the group. Evaluation errors of the arguments count as
    /// "no value"; other errors (storage, cancellation) are thrown.
    public mutating func add(_ solution: some SolutionView, evaluator: ExpressionEvaluator) throws {
        for index in aggregates.indices {
            guard let expression = aggregates[index].aggregate.expression else {
                if distinctSolutions[index] != nil {
                    let key = variables.map { solution.value(of: $0) }
                    guard distinctSolutions[index]!.insert(key).inserted else { continue }
                }
                accumulators[index].add(nil)
                continue
            }
            accumulators[index].add(try evaluator.evaluateOrUnbound(expression, solution))
        }
    }

    /// The value of each aggregate, in the order of ``aggregates``; nil for an error.
    public func results() -> [EvalValue?] {
        accumulators.map { $0.result() }
    }
}
