import PtolemyRDF
import PtolemyStorage

/// SPARQL's comparison operators `=`, `!=`, `<`, `>`, `<=`, `>=` and `sameTerm`
/// (https://www.w3.org/TR/sparql11-query/#OperatorMapping).
///
/// Strings compare by Unicode code point (XPath's default collation), which for UTF-8
/// is byte order; Swift's `String ==` would instead treat canonically equivalent strings
/// as equal, which SPARQL does not.
enum ValueComparison {
    static let incomparable = ExpressionError("values are not comparable")
    static let indeterminate = ExpressionError("date/time comparison is indeterminate (one value has no time zone)")

    // MARK: - sameTerm

    /// RDFterm-equal of two terms as `sameTerm` defines it: the same IRI, the same blank
    /// node, or literals with code-point-equal lexical forms, equal datatypes and
    /// case-insensitively equal language tags (https://www.w3.org/TR/sparql11-query/#func-sameTerm).
    static func sameTerm(_ a: Term, _ b: Term) -> Bool {
        switch (a, b) {
        case (.iri(let x), .iri(let y)), (.blank(let x), .blank(let y)):
            return x.utf8.elementsEqual(y.utf8)
        case (.literal(let x), .literal(let y)):
            guard x.lexicalForm.utf8.elementsEqual(y.lexicalForm.utf8), x.datatype == y.datatype else { return false }
            switch (x.language, y.language) {
            case (nil, nil): return true
            case (let l?, let r?): return asciiCaseInsensitiveEqual(l, r)
            default: return false
            }
        default:
            return false
        }
    }

    /// Language tags are ASCII; compare them without allocating lower-cased copies.
    static func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= UInt8(ascii: "a") && (x | 0x20) <= UInt8(ascii: "z"))
        }
    }

    // MARK: - equality

    /// `A = B`. Values of the known datatypes compare by value; a language-tagged string
    /// equals only a language-tagged string; values of two different known types are
    /// unequal; a literal of an unknown datatype (or an ill-typed one) equals the same
    /// term and is otherwise an error, since its value cannot be known (RDFterm-equal).
    /// This is what the W3C tests `open-eq-*` require.
    static func equals(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> Bool {
        // The same ID is the same term, equal to itself unless it may be a NaN.
        if let ida = a.id, let idb = b.id, ida == idb, !mayBeNaN(ida.tag) { return true }
        return try equals(LiteralValue.of(a), LiteralValue.of(b)) { sameTerm(a.term, b.term) }
    }

    /// `A = B` on the operands' values (nil: an IRI or a blank node); `sameTerm` is asked
    /// only when the values cannot decide.
    static func equals(_ la: LiteralValue?, _ lb: LiteralValue?, sameTerm: () -> Bool) throws(ExpressionError) -> Bool {
        // An IRI or a blank node is equal only to itself.
        guard let la, let lb else { return sameTerm() }
        switch (la, lb) {
        case (.numeric(let x), .numeric(let y)): return NumericValue.compare(x, y) == 0
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.langString(let x, let lx), .langString(let y, let ly)):
            return x.utf8.elementsEqual(y.utf8) && asciiCaseInsensitiveEqual(lx, ly)
        case (.boolean(let x), .boolean(let y)): return x == y
        case (.dateTime(let x), .dateTime(let y)), (.date(let x), .date(let y)):
            guard let order = XSDDateTime.compare(x, y) else { throw indeterminate }
            return order == 0
        case (.duration(let x, _), .duration(let y, _)): return x == y
        case (.langString, _), (_, .langString): return false
        case (.other, _), (_, .other):
            if sameTerm() { return true }
            throw unknownValues
        default:
            return false
        }
    }

    static let unknownValues = ExpressionError("cannot compare literals of unknown or invalid datatypes")

    /// Whether a term of this ID kind could be a float or double NaN (other typed literals,
    /// and kinds this code does not know).
    static func mayBeNaN(_ tag: TermID.Tag) -> Bool {
        switch tag {
        case .iri, .blank, .stringLiteral, .langLiteral, .shortString, .integer, .decimal, .boolean, .dateTime, .date: return false
        default: return true
        }
    }

    // MARK: - ordering

    /// The order of `A < B` and friends: -1, 0 or 1; nil when either value is NaN (every
    /// comparison is then false). Throws for values that `<` does not apply to: types other
    /// than numerics, strings, booleans, dateTimes, dates and durations, mixed types,
    /// language-tagged strings, and date/times whose order is indeterminate.
    static func order(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> Int? {
        try order(LiteralValue.of(a), LiteralValue.of(b))
    }

    /// The order on the operands' values (nil: an IRI or a blank node).
    static func order(_ la: LiteralValue?, _ lb: LiteralValue?) throws(ExpressionError) -> Int? {
        guard let la, let lb else { throw incomparable }
        switch (la, lb) {
        case (.numeric(let x), .numeric(let y)): return NumericValue.compare(x, y)
        case (.string(let x), .string(let y)): return codepointOrder(x, y)
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.dateTime(let x), .dateTime(let y)), (.date(let x), .date(let y)):
            guard let order = XSDDateTime.compare(x, y) else { throw indeterminate }
            return order
        case (.duration(let x, let tx), .duration(let y, let ty)):
            // XPath orders yearMonthDuration and dayTimeDuration, each with its own kind.
            guard tx == ty, tx != .duration, let order = XSDDuration.compare(x, y) else { throw incomparable }
            return order
        default:
            throw incomparable
        }
    }

    /// -1, 0, 1 by Unicode code point (UTF-8 byte order is code point order).
    static func codepointOrder(_ a: String, _ b: String) -> Int {
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    // MARK: - effective boolean value

    /// The effective boolean value (https://www.w3.org/TR/sparql11-query/#ebv): booleans
    /// are themselves, strings are true when non-empty, numbers when neither zero nor NaN;
    /// an ill-typed boolean or number is false; anything else is a type error.
    static func effectiveBooleanValue(_ value: EvalValue) throws(ExpressionError) -> Bool {
        guard let literal = LiteralValue.of(value) else { throw ExpressionError("no effective boolean value for \(value.term)") }
        switch literal {
        case .boolean(let b): return b
        case .string(let s): return !s.isEmpty
        case .numeric(let n): return !(n.isZero || n.isNaN)
        case .other:
            guard case .literal(let l) = value.term else { break }
            let type = XSDDatatype.of(l.datatype)
            if type == .boolean || type.isNumeric { return false }
        default: break
        }
        throw ExpressionError("no effective boolean value for \(value.term)")
    }
}
