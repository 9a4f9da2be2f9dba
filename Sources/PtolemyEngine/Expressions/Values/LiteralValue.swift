import PtolemyRDF
import PtolemyStorage

/// What a literal means to SPARQL's operators: its value when its datatype is one the
/// evaluator knows and its lexical form is valid, ``other`` otherwise (an unknown datatype
/// or an ill-typed literal, which SPARQL compares by term only).
///
/// See https://www.w3.org/TR/sparql11-query/#operandDataTypes
enum LiteralValue {
    /// A simple literal or an `xsd:string` (the same thing in RDF 1.1).
    case string(String)
    case langString(String, language: String)
    case numeric(NumericValue)
    case boolean(Bool)
    // The date and duration payloads are large; boxing them keeps every LiteralValue
    // (and every copy of one) small.
    indirect case dateTime(XSDDateTime)
    indirect case date(XSDDateTime)
    indirect case duration(XSDDuration, XSDDatatype)
    case other

    /// The value of a literal.
    init(_ literal: Literal) {
        if literal.language != nil {
            self = .langString(literal.lexicalForm, language: literal.language!)
            return
        }
        let lexical = literal.lexicalForm
        // Strings are the most common literals: skip the table look-up for them.
        if literal.datatype == XSD.string { self = .string(lexical); return }
        switch XSDDatatype.of(literal.datatype) {
        case .string: self = .string(lexical)
        case .langString: self = .other // rdf:langString without a tag is ill-typed
        case .boolean: self = XSDLexical.boolean(lexical).map { .boolean($0) } ?? .other
        case .decimal: self = XSDDecimal(lexical: lexical).map { .numeric(.decimal($0)) } ?? .other
        case .integer(let minimum, let maximum):
            guard let value = XSDLexical.integer(lexical), minimum.map({ value >= $0 }) ?? true,
                  maximum.map({ value <= $0 }) ?? true else { self = .other; return }
            self = .numeric(.integer(value))
        case .float: self = XSDLexical.float(lexical).map { .numeric(.float($0)) } ?? .other
        case .double: self = XSDLexical.double(lexical).map { .numeric(.double($0)) } ?? .other
        case .dateTime: self = XSDDateTime(dateTimeLexical: lexical).map { .dateTime($0) } ?? .other
        case .dateTimeStamp:
            guard let value = XSDDateTime(dateTimeLexical: lexical), value.timezoneMinutes != nil else { self = .other; return }
            self = .dateTime(value)
        case .date: self = XSDDateTime(dateLexical: lexical).map { .date($0) } ?? .other
        case .duration, .dayTimeDuration, .yearMonthDuration:
            let type = XSDDatatype.of(literal.datatype)
            guard let value = XSDDuration(lexical: lexical) else { self = .other; return }
            if type == .dayTimeDuration && value.months != 0 { self = .other; return }
            if type == .yearMonthDuration && value.seconds != .zero { self = .other; return }
            self = .duration(value, type)
        case .other: self = .other
        }
    }

    /// The value of a term, nil for IRIs and blank nodes. Inline store IDs (integers,
    /// decimals, booleans) are decoded from the ID without reading the lexical form.
    @inline(__always)
    static func of(_ value: EvalValue) -> LiteralValue? {
        if let id = value.id, let inline = inline(id) { return inline }
        guard case .literal(let literal) = value.term else { return nil }
        return LiteralValue(literal)
    }

    /// The value of an inline integer, decimal or boolean ID; nil for other IDs.
    static func inline(_ id: TermID) -> LiteralValue? {
        switch id.tag {
        case .integer: return .numeric(.integer(Int128(InlineTerms.integerValue(id))))
        case .decimal:
            let (mantissa, scale) = InlineTerms.decimalParts(id)
            return .numeric(.decimal(XSDDecimal(inlineMantissa: mantissa, scale: scale)))
        case .boolean: return .boolean(id.payload == 1)
        default: return nil
        }
    }

    /// The numeric value, when this is one.
    var numeric: NumericValue? {
        if case .numeric(let n) = self { return n }
        return nil
    }
}
