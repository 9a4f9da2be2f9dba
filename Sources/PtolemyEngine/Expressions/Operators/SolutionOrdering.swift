import PtolemyRDF

/// The order of `ORDER BY` (https://www.w3.org/TR/sparql11-query/#modOrderBy), which
/// `MIN` and `MAX` use too.
///
/// SPARQL fixes: unbound (or an error) < blank nodes < IRIs < literals, and `<` between
/// literals where `<` is defined. Everything else is left to the implementation; this
/// one makes the order total and stable so that sorting never depends on input order:
/// literals fall in groups (numbers, strings, language-tagged strings, booleans,
/// dateTimes, dates, durations, then literals of other or invalid datatypes), each
/// ordered by value, with ties between different terms of equal value (`1` and `1.0`)
/// broken by datatype and lexical form.
public enum SolutionOrdering {
    /// -1, 0 or 1 as `a` sorts before, with, or after `b` in ascending order.
    public static func compare(_ a: EvalValue?, _ b: EvalValue?) -> Int {
        guard let a else { return b == nil ? 0 : -1 }
        guard let b else { return 1 }
        let ra = kindRank(a.term), rb = kindRank(b.term)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a.term, b.term) {
        case (.blank(let x), .blank(let y)), (.iri(let x), .iri(let y)):
            return ValueComparison.codepointOrder(x, y)
        case (.literal(let x), .literal(let y)):
            return compareLiterals(a, x, b, y)
        default:
            return 0
        }
    }

    static func kindRank(_ term: Term) -> Int {
        switch term {
        case .blank: return 0
        case .iri: return 1
        case .literal: return 2
        }
    }

    static func compareLiterals(_ a: EvalValue, _ x: Literal, _ b: EvalValue, _ y: Literal) -> Int {
        let va = LiteralValue.of(a) ?? .other, vb = LiteralValue.of(b) ?? .other
        let ga = group(va), gb = group(vb)
        if ga != gb { return ga < gb ? -1 : 1 }
        let byValue: Int
        switch (va, vb) {
        case (.numeric(let m), .numeric(let n)):
            // NaN first among numbers, so that the order stays total.
            switch (m.isNaN, n.isNaN) {
            case (true, true): byValue = 0
            case (true, false): byValue = -1
            case (false, true): byValue = 1
            case (false, false): byValue = NumericValue.compare(m, n) ?? 0
            }
        case (.string(let s), .string(let t)):
            byValue = ValueComparison.codepointOrder(s, t)
        case (.langString(let s, let ls), .langString(let t, let lt)):
            let lexical = ValueComparison.codepointOrder(s, t)
            byValue = lexical != 0 ? lexical : ValueComparison.codepointOrder(ls.lowercased(), lt.lowercased())
        case (.boolean(let p), .boolean(let q)):
            byValue = p == q ? 0 : (p ? 1 : -1)
        case (.dateTime(let p), .dateTime(let q)), (.date(let p), .date(let q)):
            byValue = XSDDateTime.totalOrder(p, q)
        case (.duration(let p, _), .duration(let q, _)):
            byValue = p.months != q.months ? (p.months < q.months ? -1 : 1) : XSDDecimal.compare(p.seconds, q.seconds)
        default:
            byValue = 0
        }
        if byValue != 0 { return byValue }
        let datatype = ValueComparison.codepointOrder(x.datatype, y.datatype)
        if datatype != 0 { return datatype }
        let lexical = ValueComparison.codepointOrder(x.lexicalForm, y.lexicalForm)
        if lexical != 0 { return lexical }
        return ValueComparison.codepointOrder(x.language ?? "", y.language ?? "")
    }

    static func group(_ value: LiteralValue) -> Int {
        switch value {
        case .numeric: return 0
        case .string: return 1
        case .langString: return 2
        case .boolean: return 3
        case .dateTime: return 4
        case .date: return 5
        case .duration: return 6
        case .other: return 7
        }
    }
}
