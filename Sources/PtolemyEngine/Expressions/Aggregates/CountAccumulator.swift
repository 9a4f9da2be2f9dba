/// `COUNT(expr)` counts the solutions where the argument has a value (errors are removed,
/// https://www.w3.org/TR/sparql11-query/#defn_aggCount); `COUNT(*)` counts solutions.
struct CountAccumulator: AggregateAccumulator {
    let countsEverySolution: Bool
    private var count: Int128 = 0

    init(countsEverySolution: Bool) {
        self.countsEverySolution = countsEverySolution
    }

    mutating func add(_ value: EvalValue?) {
        if countsEverySolution || value != nil { count += 1 }
    }

    func result() -> EvalValue? { .integer(count) }
}
