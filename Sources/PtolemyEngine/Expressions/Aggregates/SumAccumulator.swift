/// `SUM`: `op:numeric-add` over the values, `0` for none
/// (https://www.w3.org/TR/sparql11-query/#defn_aggSum). A value that is not a number, an
/// unbound argument or an overflow makes the sum an error.
struct SumAccumulator: AggregateAccumulator {
    private(set) var sum: NumericValue? = .integer(0)
    private(set) var count: Int128 = 0

    mutating func add(_ value: EvalValue?) {
        guard let current = sum else { return }
        guard let value, let number = LiteralValue.of(value)?.numeric,
              let next = try? NumericValue.add(current, number) else { sum = nil; return }
        sum = next
        count += 1
    }

    func result() -> EvalValue? { sum.map { .numeric($0) } }
}
