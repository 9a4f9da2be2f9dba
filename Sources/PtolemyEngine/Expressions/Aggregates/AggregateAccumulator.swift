import PtolemySPARQL

/// The running state of one aggregate over the solutions of one group
/// (https://www.w3.org/TR/sparql11-query/#aggregateAlgebra).
///
/// The group operator feeds each solution's value of the aggregate's argument with
/// ``add(_:)`` — nil when the argument is unbound or its evaluation is an error — and reads
/// ``result()`` at the end: nil when the aggregate is an error, which leaves its variable
/// unbound. `COUNT(*)` counts every ``add(_:)`` call whatever the value.
public protocol AggregateAccumulator {
    mutating func add(_ value: EvalValue?)
    func result() -> EvalValue?
}

/// Accumulators for the aggregates of the algebra.
public enum AggregateAccumulators {
    /// A fresh accumulator for `aggregate`. `DISTINCT` over values is applied here;
    /// `COUNT(DISTINCT *)` needs whole solutions and is applied by ``GroupAggregator``.
    ///
    /// A custom aggregate is made by `functions`; one it does not know is an error
    /// (unbound) in every group (the planner refuses such queries before they run).
    public static func make(for aggregate: Aggregate, functions: FunctionRegistry = .standard) -> any AggregateAccumulator {
        let base: any AggregateAccumulator
        switch aggregate.function {
        case .count: base = CountAccumulator(countsEverySolution: aggregate.expression == nil)
        case .sum: base = SumAccumulator()
        case .avg: base = AverageAccumulator()
        case .min: base = ExtremumAccumulator(keepsGreatest: false)
        case .max: base = ExtremumAccumulator(keepsGreatest: true)
        case .sample: base = SampleAccumulator()
        case .groupConcat(let separator): base = GroupConcatAccumulator(separator: separator)
        case .custom(let iri): base = functions.makeAggregate(iri) ?? UnknownAggregateAccumulator()
        }
        if aggregate.distinct && aggregate.expression != nil { return DistinctAccumulator(base) }
        return base
    }
}

/// A custom aggregate no module registered: always an error.
struct UnknownAggregateAccumulator: AggregateAccumulator {
    mutating func add(_ value: EvalValue?) {}
    func result() -> EvalValue? { nil }
}
