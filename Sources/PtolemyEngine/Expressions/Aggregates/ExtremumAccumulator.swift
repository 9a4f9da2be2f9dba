import PtolemyRDF

/// `MIN` and `MAX` in the `ORDER BY` order, so that they work across datatypes
/// (https://www.w3.org/TR/sparql11-query/#defn_aggMin). Unbound arguments and errors are
/// skipped; with no value at all the aggregate is an error.
///
/// The result is a value, so a number comes back in the canonical form of its datatype
/// (`2E-1` as `2.0E-1`, `01` as `1`), as the W3C test `agg-min-02` expects; other terms
/// come back as they are.
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

    func result() -> EvalValue? {
        guard let best, case .literal(let literal) = best.term, case .numeric(let number)? = LiteralValue.of(best) else { return best }
        let canonical = number.literal.lexicalForm
        if canonical == literal.lexicalForm { return best }
        // Keep a derived datatype (xsd:int stays xsd:int); only the lexical form changes.
        return .typed(canonical, literal.datatype)
    }
}
