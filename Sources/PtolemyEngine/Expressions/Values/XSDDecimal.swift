/// An exact `xsd:decimal` value: `significand × 10^-scale`.
///
/// XSD decimals are arbitrary-precision; this type holds 38 significant digits
/// (an `Int128` significand), which XSD 1.1 allows for a "partial implementation"
/// (https://www.w3.org/TR/xmlschema11-2/#partial-implementation, at least 16 digits
/// are required). Operations that would need more digits round the fraction
/// (half to even) and throw only when the integer part itself does not fit
/// (XPath error `err:FOAR0002`, numeric overflow).
///
/// The value remembers its *scale* (the number of fraction digits), the way
/// arbitrary-precision decimals do: `1.0 + 2` is `3.0`, `CEIL(2.5)` is `3`.
/// The W3C SPARQL tests expect exactly these lexical forms for computed values,
/// so ``description`` renders the value at its scale (no decimal point at scale 0).
/// Equality and ordering are by value: `1.0 == 1.00`.
public struct XSDDecimal: Sendable, Comparable, CustomStringConvertible {
    /// The unscaled value.
    public private(set) var significand: Int128
    /// The number of fraction digits, `0...XSDDecimal.maxScale`.
    public private(set) var scale: Int

    /// The most fraction digits a value carries.
    public static let maxScale = 38
    /// Fraction digits computed for a quotient that does not terminate
    /// (XPath leaves the precision of `xs:decimal` division to the implementation).
    public static let divisionScale = 20

    public static let zero = XSDDecimal(significand: 0, scale: 0)
    public static let one = XSDDecimal(significand: 1, scale: 0)

    /// `significand × 10^-scale`; `scale` must be in `0...maxScale`.
    public init(significand: Int128, scale: Int) {
        precondition(scale >= 0 && scale <= XSDDecimal.maxScale, "decimal scale out of range")
        self.significand = significand
        self.scale = scale
    }

    /// An integer value (scale 0).
    public init(_ integer: Int128) {
        self.significand = integer
        self.scale = 0
    }

    /// The decimal of an inline store ID (mantissa and scale as `InlineTerms.decimalParts` gives them).
    init(inlineMantissa mantissa: Int64, scale: Int) {
        self.init(significand: Int128(mantissa), scale: scale)
    }

    // MARK: - powers of ten

    /// 10^0 ... 10^38, the powers an `Int128` holds.
    static let powersOfTen: [Int128] = {
        var table: [Int128] = [1]
        for _ in 1...38 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// `value × 10^exponent`, or nil on overflow.
    static func scaleUp(_ value: Int128, by exponent: Int) -> Int128? {
        if exponent == 0 || value == 0 { return value }
        guard exponent <= 38 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: powersOfTen[exponent])
        return overflow ? nil : product
    }

    /// `value / 10^exponent` rounded half to even.
    static func scaleDownRounding(_ value: Int128, by exponent: Int) -> Int128 {
        if exponent == 0 { return value }
        if exponent > 38 { return 0 }
        let divisor = powersOfTen[exponent]
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return roundQuotient(quotient, remainder: remainder, divisor: divisor)
    }

    /// Rounds a truncated quotient half to even given its remainder.
    static func roundQuotient(_ quotient: Int128, remainder: Int128, divisor: Int128) -> Int128 {
        if remainder == 0 { return quotient }
        let twice = remainder.magnitude.multipliedReportingOverflow(by: 2)
        let comparison: Int
        if twice.overflow { comparison = 1 } else if twice.partialValue > divisor.magnitude { comparison = 1 }
        else if twice.partialValue < divisor.magnitude { comparison = -1 } else { comparison = 0 }
        let awayFromZero = comparison > 0 || (comparison == 0 && quotient & 1 != 0)
        guard awayFromZero else { return quotient }
        let negative = (remainder < 0) != (divisor < 0)
        return negative ? quotient - 1 : quotient + 1
    }

    // MARK: - normalisation

    /// The same value with trailing fraction zeros removed, keeping at least `minimumScale` digits.
    public func strippingTrailingZeros(minimumScale: Int = 0) -> XSDDecimal {
        var s = significand
        var k = scale
        while k > minimumScale, s % 10 == 0 { s /= 10; k -= 1 }
        if k < minimumScale, let widened = XSDDecimal.scaleUp(s, by: minimumScale - k) {
            return XSDDecimal(significand: widened, scale: minimumScale)
        }
        return XSDDecimal(significand: s, scale: k)
    }

    /// The value at `newScale` fraction digits (rounded half to even when digits are dropped),
    /// or nil when it does not fit.
    public func rescaled(to newScale: Int) -> XSDDecimal? {
        if newScale == scale { return self }
        if newScale > scale {
            guard let s = XSDDecimal.scaleUp(significand, by: newScale - scale) else { return nil }
            return XSDDecimal(significand: s, scale: newScale)
        }
        return XSDDecimal(significand: XSDDecimal.scaleDownRounding(significand, by: scale - newScale), scale: newScale)
    }

    /// The XSD 1.0 canonical form of the value (https://www.w3.org/TR/xmlschema-2/#decimal-canonical-representation):
    /// no trailing fraction zeros, but at least one fraction digit ("2.0", "0.5").
    public var canonical: XSDDecimal { strippingTrailingZeros(minimumScale: 1) }

    // MARK: - properties

    public var isZero: Bool { significand == 0 }
    public var isNegative: Bool { significand < 0 }

    /// Whether the value has no fraction part.
    public var isInteger: Bool { scale == 0 || significand % XSDDecimal.powersOfTen[scale] == 0 }

    /// The value truncated towards zero.
    public var truncatedInteger: Int128 { scale == 0 ? significand : significand / XSDDecimal.powersOfTen[scale] }

    // MARK: - comparison

    public static func == (lhs: XSDDecimal, rhs: XSDDecimal) -> Bool { compare(lhs, rhs) == 0 }

    public static func < (lhs: XSDDecimal, rhs: XSDDecimal) -> Bool { compare(lhs, rhs) < 0 }

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`.
    public static func compare(_ lhs: XSDDecimal, _ rhs: XSDDecimal) -> Int {
        if lhs.scale == rhs.scale { return lhs.significand < rhs.significand ? -1 : (lhs.significand == rhs.significand ? 0 : 1) }
        let ls = lhs.significand.signum(), rs = rhs.significand.signum()
        if ls != rs { return ls < rs ? -1 : 1 }
        // Same sign: bring both to the larger scale. If that overflows, the widened
        // operand has the larger magnitude (the other one fits at that scale).
        if lhs.scale < rhs.scale {
            guard let l = scaleUp(lhs.significand, by: rhs.scale - lhs.scale) else { return Int(ls) }
            return l < rhs.significand ? -1 : (l == rhs.significand ? 0 : 1)
        } else {
            guard let r = scaleUp(rhs.significand, by: lhs.scale - rhs.scale) else { return -Int(rs) }
            return lhs.significand < r ? -1 : (lhs.significand == r ? 0 : 1)
        }
    }

    // MARK: - text

    /// The value at its scale: `-12.50`, `3`, `0.001`.
    public var description: String {
        var digits = String(significand.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return significand < 0 ? "-" + digits : digits
    }

    /// Parses the `xsd:decimal` lexical space, `[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)`
    /// (https://www.w3.org/TR/xmlschema11-2/#decimal-lexical-mapping). The scale is the
    /// number of fraction digits written. Digits beyond 38 are rounded away from the
    /// fraction; nil when the lexical form is invalid or the integer part has more than 38 digits.
    public init?(lexical: some StringProtocol) {
        var utf8 = lexical.utf8.makeIterator()
        var negative = false
        var significand: Int128 = 0
        var significantDigits = 0
        var scale = 0
        var sawDigit = false
        var sawPoint = false
        var droppedDigits: [UInt8] = [] // fraction digits beyond what fits, for rounding
        var first = true
        while let byte = utf8.next() {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard first else { return nil }
                negative = byte == UInt8(ascii: "-")
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                let digit = Int128(byte - UInt8(ascii: "0"))
                if !droppedDigits.isEmpty || (significantDigits >= 38 && (significand != 0)) {
                    guard sawPoint else { return nil } // integer part too long
                    droppedDigits.append(byte)
                    continue
                }
                if sawPoint && scale == XSDDecimal.maxScale { droppedDigits.append(byte); continue }
                significand = significand * 10 + digit
                if significand != 0 { significantDigits += 1 }
                if sawPoint { scale += 1 }
            default:
                return nil
            }
        }
        guard sawDigit else { return nil }
        if let firstDropped = droppedDigits.first {
            // Round half to even on the digits that did not fit.
            let rest = droppedDigits.dropFirst()
            let roundUp: Bool
            if firstDropped > UInt8(ascii: "5") { roundUp = true }
            else if firstDropped < UInt8(ascii: "5") { roundUp = false }
            else if rest.contains(where: { $0 != UInt8(ascii: "0") }) { roundUp = true }
            else { roundUp = significand & 1 == 1 }
            if roundUp {
                let (next, overflow) = significand.addingReportingOverflow(1)
                if overflow { return nil }
                significand = next
            }
        }
        self.init(significand: negative ? -significand : significand, scale: scale)
    }
}
