import PtolemyRDF

/// `GROUP_CONCAT`: the string forms of the values joined by the separator, as a simple
/// literal (https://www.w3.org/TR/sparql11-query/#defn_aggGroupConcat; the W3C test
/// `agg-groupconcat-4` expects no language tag even when all values share one).
///
/// Literals contribute their lexical form and IRIs their string (as `STR` gives); a blank
/// node makes the aggregate an error. Unbound arguments and errors are skipped, as the
/// common implementations do, so that an OPTIONAL value does not void the whole group.
struct GroupConcatAccumulator: AggregateAccumulator {
    let separator: String
    private var text = ""
    private var count = 0
    private var failed = false

    init(separator: String) {
        self.separator = separator
    }

    mutating func add(_ value: EvalValue?) {
        guard !failed, let value else { return }
        let part: String
        switch value.term {
        case .literal(let literal): part = literal.lexicalForm
        case .iri(let iri): part = iri
        case .blank: failed = true; return
        }
        if count > 0 { text += separator }
        text += part
        count += 1
    }

    func result() -> EvalValue? { failed ? nil : .string(text) }
}
