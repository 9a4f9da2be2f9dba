/// `SAMPLE`: one of the values (the first), https://www.w3.org/TR/sparql11-query/#defn_aggSample.
struct SampleAccumulator: AggregateAccumulator {
    private var sample: EvalValue?

    mutating func add(_ value: EvalValue?) {
        if sample == nil { sample = value }
    }

    func result() -> EvalValue? { sample }
}
