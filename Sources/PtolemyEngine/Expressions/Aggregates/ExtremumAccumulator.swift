/// `MIN` and `MAX` in the `ORDER BY` order, so that they work across datatypes
/// (https://www.w3.org/TR/sparql11-query/#defn_aggMin). Unbound arguments and errors are
/// skipped; with no value at all the aggregate is an error.
struct ExtremumAccumulator: AggregateAccumulator {
    let keepsGreatest: Bool
    private var best: EvalValue?

    init(keepsGreatest: Bool) {
        self.keepsGreatest = keepsGreatest
    }

    mutating func add(_ value: EvalValue?) {
        guard let value else { return }
        guard let current = best else { best = value; return }
        let order = SolutionOrdering.compare(value, current)
        if keepsGreatest ? order > 0 : order < 0 { best = value }
    }

    func result() -> EvalValue? { best }
}
