import PtolemyRDF
import PtolemyStorage

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

extension SolutionOrdering {
    /// The order of two term IDs (``TermID/none`` for unbound), deciding from the IDs alone
    /// whenever their kinds or inline values suffice — blank nodes, IRIs and literals of
    /// different groups, inline integers, decimals, booleans and dateTimes — and decoding
    /// the terms only otherwise. For sort operators, which compare far more often than
    /// they have rows.
    public static func compare(_ a: TermID, _ b: TermID, decode: (TermID) throws -> Term) rethrows -> Int {
        if a == b { return 0 }
        if a.isNone { return -1 }
        if b.isNone { return 1 }
        let ka = kindRank(a.tag), kb = kindRank(b.tag)
        if let ka, let kb, ka != kb { return ka < kb ? -1 : 1 }
        if let order = compareInline(a, b) { return order }
        return compare(EvalValue(try decode(a), id: a), EvalValue(try decode(b), id: b))
    }

    /// Blank 0, IRI 1, literal 2; nil when the tag does not tell.
    static func kindRank(_ tag: TermID.Tag) -> Int? {
        switch tag {
        case .blank: return 0
        case .iri: return 1
        case .stringLiteral, .langLiteral, .typedLiteral, .integer, .decimal, .boolean, .dateTime, .date, .shortString: return 2
        default: return nil
        }
    }

    /// The literal group of ``group(_:)`` that a tag implies, when it implies one.
    static func literalGroup(_ tag: TermID.Tag) -> Int? {
        switch tag {
        case .integer, .decimal: return 0
        case .stringLiteral, .shortString: return 1
        case .langLiteral: return 2
        case .boolean: return 3
        case .dateTime: return 4
        case .date: return 5
        default: return nil
        }
    }

    /// The order of two different literal IDs from their inline values; nil when it takes
    /// the terms (equal values of different terms fall back to the lexical tie-break).
    static func compareInline(_ a: TermID, _ b: TermID) -> Int? {
        guard let ga = literalGroup(a.tag), let gb = literalGroup(b.tag) else { return nil }
        if ga != gb { return ga < gb ? -1 : 1 }
        switch (a.tag, b.tag) {
        case (.integer, .integer):
            // Offset binary: the ID order is the value order.
            return a.rawValue < b.rawValue ? -1 : 1
        case (.boolean, .boolean):
            return a.payload < b.payload ? -1 : 1
        case (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal):
            guard case .numeric(let x)? = LiteralValue.inline(a), case .numeric(let y)? = LiteralValue.inline(b),
                  let order = NumericValue.compare(x, y), order != 0 else { return nil }
            return order
        case (.dateTime, .dateTime):
            // The instant of an inline dateTime is its UTC milliseconds, an absent zone read as UTC.
            let x = InlineTerms.dateTimeMillis(a).millis, y = InlineTerms.dateTimeMillis(b).millis
            return x == y ? nil : (x < y ? -1 : 1)
        default:
            return nil
        }
    }
}
