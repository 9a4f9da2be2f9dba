import PtolemyRDF

/// A value of one of the four primitive numeric types of SPARQL's operator table
/// (https://www.w3.org/TR/sparql11-query/#operandDataTypes). Literals of the types
/// derived from `xsd:integer` (`xsd:int`, `xsd:nonNegativeInteger`...) are integers here;
/// arithmetic on them yields `xsd:integer`, as XPath's type promotion says.
///
/// Integers are `Int128`: XSD integers are unbounded, but XPath allows an implementation
/// to raise `err:FOAR0002` when a result does not fit, which ``NumericValue`` does beyond ±1.7·10^38.
public enum NumericValue: Sendable {
    case integer(Int128)
    case decimal(XSDDecimal)
    case float(Float)
    case double(Double)

    /// The position in the promotion order integer → decimal → float → double
    /// (https://www.w3.org/TR/xpath20/#promotion).
    public var rank: Int {
        switch self {
        case .integer: return 0
        case .decimal: return 1
        case .float: return 2
        case .double: return 3
        }
    }

    /// The datatype IRI of the value's type.
    public var datatype: String {
        switch self {
        case .integer: return XSD.integer
        case .decimal: return XSD.decimal
        case .float: return XSD.float
        case .double: return XSD.double
        }
    }

    /// The value as an `xsd:decimal` (integers and decimals only).
    var asDecimal: XSDDecimal? {
        switch self {
        case .integer(let i): return XSDDecimal(i)
        case .decimal(let d): return d
        case .float, .double: return nil
        }
    }

    /// The value as a double (exact for integers up to 2^53 and for floats; decimals are correctly rounded).
    public var doubleValue: Double {
        switch self {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d.doubleValue
        case .float(let f): return Double(f)
        case .double(let d): return d
        }
    }

    /// The value as a float (`xs:float` promotion of integers and decimals).
    public var floatValue: Float {
        switch self {
        case .integer(let i): return Float(i)
        case .decimal(let d): return Float(d.doubleValue)
        case .float(let f): return f
        case .double(let d): return Float(d)
        }
    }

    /// Whether the value is NaN (a float or double).
    public var isNaN: Bool {
        switch self {
        case .float(let f): return f.isNaN
        case .double(let d): return d.isNaN
        case .integer, .decimal: return false
        }
    }

    /// Whether the value is numerically zero (either sign).
    public var isZero: Bool {
        switch self {
        case .integer(let i): return i == 0
        case .decimal(let d): return d.isZero
        case .float(let f): return f == 0
        case .double(let d): return d == 0
        }
    }

    /// The literal of the value in its type's canonical form: integers without leading
    /// zeros, decimals at their scale (see ``XSDDecimal``), floats and doubles in the
    /// XSD scientific form `1.0E6` (https://www.w3.org/TR/xmlschema-2/#double-canonical-representation).
    public var literal: Literal {
        switch self {
        case .integer(let i): return Literal(String(i), datatype: XSD.integer)
        case .decimal(let d): return Literal(d.description, datatype: XSD.decimal)
        case .float(let f): return Literal(FloatingPointFormatting.canonical(f), datatype: XSD.float)
        case .double(let d): return Literal(FloatingPointFormatting.canonical(d), datatype: XSD.double)
        }
    }

    /// The value as a term.
    public var term: Term { .literal(literal) }
}

extension XSDDecimal {
    /// The nearest double. Exact inputs below 2^53 with at most 22 fraction digits take
    /// one correctly rounded division; anything else goes through the decimal text.
    public var doubleValue: Double {
        if scale == 0 { return Double(significand) }
        if significand.magnitude < (1 << 53) && scale <= 22 {
            return Double(significand) / FloatingPointFormatting.exactPowersOfTen[scale]
        }
        return Double(description) ?? .nan
    }
}
