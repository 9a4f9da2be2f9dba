import PtolemyRDF

/// The datatypes whose values the evaluator knows, recognised from a datatype IRI
/// with one dictionary look-up.
enum XSDDatatype: Sendable, Equatable {
    case string
    case langString
    case boolean
    case decimal
    /// `xsd:integer` and its derived types, with their value range (nil bound: unbounded).
    case integer(minimum: Int128?, maximum: Int128?)
    case float
    case double
    case dateTime
    /// `xsd:dateTimeStamp`: a dateTime whose time zone is required.
    case dateTimeStamp
    case date
    case duration
    case dayTimeDuration
    case yearMonthDuration
    /// Any other IRI: compared by term only.
    case other

    /// Whether values of the type are numbers (`isNumeric`, EBV).
    var isNumeric: Bool {
        switch self {
        case .decimal, .integer, .float, .double: return true
        default: return false
        }
    }

    /// The datatype of an IRI.
    static func of(_ iri: String) -> XSDDatatype {
        // The common datatypes first: comparing equal-length strings is cheaper than hashing.
        if iri == XSD.integer { return .integer(minimum: nil, maximum: nil) }
        if iri == XSD.decimal { return .decimal }
        if iri == XSD.double { return .double }
        if iri == XSD.string { return .string }
        if iri == XSD.boolean { return .boolean }
        if iri == XSD.dateTime { return .dateTime }
        return table[iri] ?? .other
    }

    private static let table: [String: XSDDatatype] = {
        let i64 = (Int128(Int64.min), Int128(Int64.max))
        return [
            XSD.string: .string,
            RDFVocabulary.langString: .langString,
            XSD.boolean: .boolean,
            XSD.decimal: .decimal,
            XSD.integer: .integer(minimum: nil, maximum: nil),
            XSD.nonPositiveInteger: .integer(minimum: nil, maximum: 0),
            XSD.negativeInteger: .integer(minimum: nil, maximum: -1),
            XSD.long: .integer(minimum: i64.0, maximum: i64.1),
            XSD.int: .integer(minimum: Int128(Int32.min), maximum: Int128(Int32.max)),
            XSD.short: .integer(minimum: Int128(Int16.min), maximum: Int128(Int16.max)),
            XSD.byte: .integer(minimum: Int128(Int8.min), maximum: Int128(Int8.max)),
            XSD.nonNegativeInteger: .integer(minimum: 0, maximum: nil),
            XSD.unsignedLong: .integer(minimum: 0, maximum: Int128(UInt64.max)),
            XSD.unsignedInt: .integer(minimum: 0, maximum: Int128(UInt32.max)),
            XSD.unsignedShort: .integer(minimum: 0, maximum: Int128(UInt16.max)),
            XSD.unsignedByte: .integer(minimum: 0, maximum: Int128(UInt8.max)),
            XSD.positiveInteger: .integer(minimum: 1, maximum: nil),
            XSD.float: .float,
            XSD.double: .double,
            XSD.dateTime: .dateTime,
            XSD.dateTimeStamp: .dateTimeStamp,
            XSD.date: .date,
            XSD.duration: .duration,
            XSD.dayTimeDuration: .dayTimeDuration,
            XSD.yearMonthDuration: .yearMonthDuration,
        ]
    }()
}
