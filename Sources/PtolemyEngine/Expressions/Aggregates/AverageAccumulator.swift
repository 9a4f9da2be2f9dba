/// `AVG`: the sum divided by the count, `0` for no values
/// (https://www.w3.org/TR/sparql11-query/#defn_aggAvg). An average of integers or decimals
/// is an `xsd:decimal` (`op:numeric-divide`); errors are those of ``SumAccumulator``.
struct AverageAccumulator: AggregateAccumulator {
    private var sum = SumAccumulator()

    mutating func add(_ value: EvalValue?) { sum.add(value) }

    func result() -> EvalValue? {
        guard let total = sum.sum else { return nil }
        if sum.count == 0 { return .integer(0) }
        return (try? NumericValue.divide(total, .integer(sum.count))).map { .numeric($0) }
    }
}
