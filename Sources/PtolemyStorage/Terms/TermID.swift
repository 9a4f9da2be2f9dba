/// A 64-bit term identifier: the unit every partition column and every executor batch holds.
///
/// The top four bits tag the kind; the low 60 bits are the payload.
///
/// | tag | kind                          | payload                                              |
/// |-----|-------------------------------|------------------------------------------------------|
/// | 0   | none (unbound, "no graph")    | 0                                                    |
/// | 1   | IRI                           | dictionary sequence number                           |
/// | 2   | blank node                    | dictionary sequence number                           |
/// | 3   | simple literal (xsd:string)   | dictionary sequence number                           |
/// | 4   | language-tagged string        | dictionary sequence number                           |
/// | 5   | other typed literal           | dictionary sequence number                           |
/// | 6   | computed by a query           | index into that query's term table (never stored)      |
/// | 8   | xsd:integer, inline           | value + 2^59 (offset binary: ID order = value order) |
/// | 9   | xsd:decimal, inline           | mantissa (56 bits, offset binary) << 4 \| scale       |
/// | 10  | xsd:boolean, inline           | 0 or 1                                               |
/// | 11  | xsd:dateTime, inline          | ms since 0001-01-01 (UTC) << 9 \| fraction digits << 7 \| zone |
/// | 12  | xsd:date, inline              | days since 0001-01-01 << 7 \| zone                    |
/// | 13  | simple literal ≤ 7 bytes      | UTF-8 bytes << 4 \| length                            |
///
/// Only literals whose lexical form is reproduced exactly by the inline value are
/// inlined (`"01"^^xsd:integer` stays in the dictionary), so a store never rewrites
/// what it was given. Dictionary sequence numbers are global across tags 1–5.
@frozen
public struct TermID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    @inlinable @inline(__always)
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    @inlinable @inline(__always)
    public init(tag: Tag, payload: UInt64) {
        rawValue = UInt64(tag.rawValue) << 60 | (payload & TermID.payloadMask)
    }

    /// The absent term: an unbound variable, or the default graph in a graph column.
    public static let none = TermID(rawValue: 0)

    public static let payloadMask: UInt64 = (1 << 60) - 1

    /// The kind tags of the table above.
    public enum Tag: UInt8, Sendable {
        case none = 0, iri = 1, blank = 2, stringLiteral = 3, langLiteral = 4, typedLiteral = 5
        /// A term computed by a query (not in the store): payload indexes the query's own table.
        case queryLocal = 6
        case integer = 8, decimal = 9, boolean = 10, dateTime = 11, date = 12, shortString = 13
    }

    @inlinable @inline(__always)
    public var tag: Tag { Tag(rawValue: UInt8(rawValue >> 60)) ?? .none }

    @inlinable @inline(__always)
    public var payload: UInt64 { rawValue & TermID.payloadMask }

    /// Whether the term lives in the dictionary (tags 1–5).
    @inlinable @inline(__always)
    public var isDictionaryTerm: Bool { let t = rawValue >> 60; return t >= 1 && t <= 5 }

    /// Whether the term is inlined (its value is in the ID).
    @inlinable @inline(__always)
    public var isInline: Bool { rawValue >> 60 >= 8 }

    @inlinable public var isIRI: Bool { rawValue >> 60 == 1 }
    @inlinable public var isBlank: Bool { rawValue >> 60 == 2 }
    @inlinable public var isLiteral: Bool { let t = rawValue >> 60; return t >= 3 && t != 6 && t != 7 }
    @inlinable public var isNone: Bool { rawValue == 0 }

    @inlinable @inline(__always)
    public static func < (lhs: TermID, rhs: TermID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "\(tag)#\(payload)" }
}
