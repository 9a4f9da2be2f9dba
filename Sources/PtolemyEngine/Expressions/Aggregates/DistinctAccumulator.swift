/// The `DISTINCT` form of an aggregate: each distinct term is passed on once. Distinctness
/// is RDF term equality (`1` and `1.0` are different terms), as for `SELECT DISTINCT`.
/// Unbound values and errors are passed on every time, for the aggregate to judge.
struct DistinctAccumulator: AggregateAccumulator {
    private var base: any AggregateAccumulator
    private var seen = Set<EvalValue>()

    init(_ base: any AggregateAccumulator) {
        self.base = base
    }

    mutating func add(_ value: EvalValue?) {
        if let value, !seen.insert(value).inserted { return }
        base.add(value)
    }

    func result() -> EvalValue? { base.result() }
}
