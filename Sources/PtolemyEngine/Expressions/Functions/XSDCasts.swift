import PtolemyRDF

/// XSD constructor functions (casts), https://www.w3.org/TR/sparql11-query/#FunctionMapping:
/// `xsd:string`, `xsd:boolean`, `xsd:integer` and its derived types, `xsd:decimal`,
/// `xsd:float`, `xsd:double`, `xsd:dateTime`, and `xsd:date`, following XPath's casting
/// rules (https://www.w3.org/TR/xpath-functions-31/#casting).
///
/// A string is cast through the target's lexical space (after trimming whitespace, as
/// XPath does); a value of another type through its value. Results are in the target's
/// canonical form (a decimal cast gives `"1.0"`, a double `"1.0E0"`). Language-tagged
/// strings, blank nodes, and IRIs (except to `xsd:string`) are type errors.
enum XSDCasts {
    /// Whether a function IRI is one of the casts.
    static func isCast(_ iri: String) -> Bool {
        guard iri.hasPrefix(XSD.namespace) else { return false }
        switch XSDDatatype.of(iri) {
        case .string, .boolean, .decimal, .integer, .float, .double, .dateTime, .date: return true
        default: return false
        }
    }

    static func cast(_ value: EvalValue, to target: String) throws(ExpressionError) -> EvalValue {
        let type = XSDDatatype.of(target)
        let failure = ExpressionError("cannot cast \(value.term) to \(target)")
        switch value.term {
        case .blank: throw failure
        case .iri(let iri):
            guard type == .string else { throw failure }
            return .string(iri)
        case .literal(let literal):
            guard literal.language == nil else { throw failure }
            guard let source = LiteralValue.of(value) else { throw failure }
            if case .string(let s) = source {
                return try fromString(String(XSDLexical.trimmingXMLWhitespace(s)), type: type, target: target, failure: failure)
            }
            return try fromValue(source, lexical: literal.lexicalForm, datatype: literal.datatype, type: type, target: target, failure: failure)
        }
    }

    /// Casts from `xsd:string`: the trimmed text must be in the target's lexical space.
    static func fromString(_ s: String, type: XSDDatatype, target: String, failure: ExpressionError) throws(ExpressionError) -> EvalValue {
        switch type {
        case .string: return .string(s)
        case .boolean:
            guard let b = XSDLexical.boolean(s) else { throw failure }
            return .boolean(b)
        case .integer:
            guard let i = XSDLexical.integer(s) else { throw failure }
            return try integer(i, type: type, target: target, failure: failure)
        case .decimal:
            guard let d = XSDDecimal(lexical: s) else { throw failure }
            return .numeric(.decimal(d.canonical))
        case .float:
            guard let f = XSDLexical.float(s) else { throw failure }
            return .numeric(.float(f))
        case .double:
            guard let d = XSDLexical.double(s) else { throw failure }
            return .numeric(.double(d))
        case .dateTime:
            guard let v = XSDDateTime(dateTimeLexical: s) else { throw failure }
            return .typed(v.dateTimeLexical, XSD.dateTime)
        case .date:
            guard let v = XSDDateTime(dateLexical: s) else { throw failure }
            return .typed(v.dateLexical, XSD.date)
        default:
            throw failure
        }
    }

    /// Casts from a typed value.
    static func fromValue(_ source: LiteralValue, lexical: String, datatype: String, type: XSDDatatype, target: String,
                          failure: ExpressionError) throws(ExpressionError) -> EvalValue {
        switch (source, type) {
        // to xsd:string: the canonical lexical form of the value.
        case (.numeric(let n), .string): return .string(xpathString(n))
        case (.boolean(let b), .string): return .string(b ? "true" : "false")
        case (.dateTime, .string), (.date, .string), (.duration, .string): return .string(lexical)
        case (.other, .string):
            // A literal of a datatype outside XSD's built-ins keeps its lexical form; an
            // ill-typed XSD literal has no value to cast.
            guard !datatype.hasPrefix(XSD.namespace) else { throw failure }
            return .string(lexical)

        // to xsd:boolean
        case (.boolean(let b), .boolean): return .boolean(b)
        case (.numeric(let n), .boolean): return .boolean(!(n.isZero || n.isNaN))

        // to the numeric types
        case (.boolean(let b), .integer): return try integer(b ? 1 : 0, type: type, target: target, failure: failure)
        case (.boolean(let b), .decimal): return .numeric(.decimal(XSDDecimal(b ? 1 : 0).canonical))
        case (.boolean(let b), .float): return .numeric(.float(b ? 1 : 0))
        case (.boolean(let b), .double): return .numeric(.double(b ? 1 : 0))
        case (.numeric(let n), .integer):
            let i: Int128
            switch n {
            case .integer(let v): i = v
            case .decimal(let d): i = d.truncatedInteger
            case .float(let f): i = try truncate(Double(f), failure: failure)
            case .double(let d): i = try truncate(d, failure: failure)
            }
            return try integer(i, type: type, target: target, failure: failure)
        case (.numeric(let n), .decimal):
            switch n {
            case .integer(let v): return .numeric(.decimal(XSDDecimal(v).canonical))
            case .decimal(let d): return .numeric(.decimal(d.canonical))
            case .float(let f):
                guard let d = FloatingPointFormatting.decimal(f) else { throw failure }
                return .numeric(.decimal(d.canonical))
            case .double(let v):
                guard let d = FloatingPointFormatting.decimal(v) else { throw failure }
                return .numeric(.decimal(d.canonical))
            }
        case (.numeric(let n), .float): return .numeric(.float(n.floatValue))
        case (.numeric(let n), .double): return .numeric(.double(n.doubleValue))

        // to the date types
        case (.dateTime(let v), .dateTime): return .typed(v.dateTimeLexical, XSD.dateTime)
        case (.date(let v), .dateTime): return .typed(v.dateTimeLexical, XSD.dateTime)
        case (.dateTime(let v), .date), (.date(let v), .date): return .typed(v.dateLexical, XSD.date)

        default:
            throw failure
        }
    }

    /// An integer of the target type, checked against the derived type's range.
    static func integer(_ value: Int128, type: XSDDatatype, target: String, failure: ExpressionError) throws(ExpressionError) -> EvalValue {
        guard case .integer(let minimum, let maximum) = type else { throw failure }
        if let minimum, value < minimum { throw failure }
        if let maximum, value > maximum { throw failure }
        if target == XSD.integer { return .integer(value) }
        return .typed(String(value), target)
    }

    /// A double truncated towards zero; NaN, infinities and out-of-range values are errors (`err:FOCA0002`).
    static func truncate(_ d: Double, failure: ExpressionError) throws(ExpressionError) -> Int128 {
        let t = d.rounded(.towardZero)
        guard t.isFinite, let i = Int128(exactly: t) else { throw failure }
        return i
    }

    /// XPath's cast of a number to `xs:string`: integers and decimals without trailing zeros
    /// or a decimal point when integral ("1", "2.5"); floats and doubles in plain notation
    /// between 10^-6 and 10^6, scientific otherwise.
    static func xpathString(_ n: NumericValue) -> String {
        switch n {
        case .integer(let i): return String(i)
        case .decimal(let d): return d.strippingTrailingZeros().description
        case .float(let f): return FloatingPointFormatting.xpathString(f)
        case .double(let d): return FloatingPointFormatting.xpathString(d)
        }
    }
}
