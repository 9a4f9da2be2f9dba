/// Text forms of `xsd:float` and `xsd:double` values.
///
/// The digits are Swift's shortest round-trip digits (its `description`), rearranged
/// into the forms XSD and XPath prescribe.
enum FloatingPointFormatting {
    /// 10^0 ... 10^22: the powers of ten a double holds exactly.
    static let exactPowersOfTen: [Double] = {
        var table: [Double] = [1]
        for _ in 1...22 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// The shortest significant digits of a finite non-zero value and its decimal point position:
    /// value = 0.d1d2d3... × 10^point.
    struct Digits {
        var negative: Bool
        var digits: [UInt8] // ASCII digits, no leading or trailing zeros; empty for zero
        var point: Int
    }

    /// Splits Swift's `description` ("123.45", "1e-07", "1.5e+20", "-0.0") into digits and exponent.
    static func digits(of description: String) -> Digits {
        var negative = false
        var mantissa: [UInt8] = []
        var pointInMantissa: Int?
        var exponent = 0
        var exponentSign = 1
        var inExponent = false
        for byte in description.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if inExponent { exponentSign = -1 } else { negative = true }
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): pointInMantissa = mantissa.count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default:
                if inExponent { exponent = exponent * 10 + Int(byte - UInt8(ascii: "0")) } else { mantissa.append(byte) }
            }
        }
        var point = (pointInMantissa ?? mantissa.count) + exponentSign * exponent
        var start = 0
        while start < mantissa.count && mantissa[start] == UInt8(ascii: "0") { start += 1; point -= 1 }
        var end = mantissa.count
        while end > start && mantissa[end - 1] == UInt8(ascii: "0") { end -= 1 }
        return Digits(negative: negative, digits: Array(mantissa[start..<end]), point: point)
    }

    /// The XSD canonical form, `-1.25E3`, `1.0E0`, `0.0E0`, `INF`, `NaN`
    /// (https://www.w3.org/TR/xmlschema-2/#double-canonical-representation).
    static func canonical(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        return scientific(digits(of: value.description), isZero: value == 0)
    }

    /// The XSD canonical form of a float, from the float's own shortest digits.
    static func canonical(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        return scientific(digits(of: value.description), isZero: value == 0)
    }

    static func scientific(_ d: Digits, isZero: Bool) -> String {
        var out = d.negative ? "-" : ""
        if isZero || d.digits.isEmpty { return out + "0.0E0" }
        out.append(Character(Unicode.Scalar(d.digits[0])))
        out.append(".")
        if d.digits.count == 1 { out.append("0") } else {
            out += String(decoding: d.digits[1...], as: UTF8.self)
        }
        out += "E" + String(d.point - 1)
        return out
    }

    /// XPath's cast of a double to `xs:string`: decimal notation for magnitudes in
    /// [10^-6, 10^6) (`"1"`, `"0.5"`), the canonical scientific form otherwise
    /// (https://www.w3.org/TR/xpath-functions-31/#casting-to-string).
    static func xpathString(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let magnitude = abs(value)
        let d = digits(of: value.description)
        if magnitude >= 1e-6 && magnitude < 1e6 { return plainDecimal(d) }
        return scientific(d, isZero: false)
    }

    /// XPath's cast of a float to `xs:string` (same rule, float digits).
    static func xpathString(_ value: Float) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let magnitude = abs(value)
        let d = digits(of: value.description)
        if magnitude >= 1e-6 && magnitude < 1e6 { return plainDecimal(d) }
        return scientific(d, isZero: false)
    }

    /// The digits without exponent and without trailing fraction zeros ("1", "0.001", "1.25").
    static func plainDecimal(_ d: Digits) -> String {
        var out = d.negative ? "-" : ""
        let digits = d.digits
        if d.point <= 0 {
            out += "0." + String(repeating: "0", count: -d.point) + String(decoding: digits, as: UTF8.self)
        } else if d.point >= digits.count {
            out += String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: d.point - digits.count)
        } else {
            out += String(decoding: digits[..<d.point], as: UTF8.self) + "." + String(decoding: digits[d.point...], as: UTF8.self)
        }
        return out
    }

    /// The shortest decimal that reads back as `value` (for casts to `xsd:decimal`), or nil
    /// for NaN and infinities.
    static func decimal(_ value: Double) -> XSDDecimal? {
        guard value.isFinite else { return nil }
        if value == 0 { return .zero }
        return XSDDecimal(lexical: plainDecimal(digits(of: value.description)))
    }

    /// The shortest decimal that reads back as the float `value`.
    static func decimal(_ value: Float) -> XSDDecimal? {
        guard value.isFinite else { return nil }
        if value == 0 { return .zero }
        return XSDDecimal(lexical: plainDecimal(digits(of: value.description)))
    }
}
