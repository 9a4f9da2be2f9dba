import PtolemyRDF

/// Encodes literals into inline ``TermID``s and decodes them back, exactly.
///
/// Every encoder refuses a lexical form it could not reproduce byte for byte,
/// so inlining never changes what a user loaded.
public enum InlineTerms {
    /// The inline ID of a literal, or `nil` when it must go to the dictionary.
    public static func encode(_ literal: Literal) -> TermID? {
        if literal.language != nil { return nil }
        var lexical = literal.lexicalForm
        var datatype = literal.datatype
        return lexical.withUTF8 { l in datatype.withUTF8 { d in encode(lexical: l, datatype: d) } }
    }

    /// The inline ID of a literal given as UTF-8 lexical form and datatype IRI
    /// (an empty datatype means xsd:string), or `nil`.
    public static func encode(lexical: UnsafeBufferPointer<UInt8>, datatype: UnsafeBufferPointer<UInt8>) -> TermID? {
        if datatype.isEmpty || equals(datatype, xsdString) { return encodeShortString(lexical) }
        guard datatype.count > xsdPrefix.count, hasPrefix(datatype, xsdPrefix) else { return nil }
        let local = UnsafeBufferPointer(rebasing: datatype[xsdPrefix.count...])
        if equals(local, "integer") { return encodeInteger(lexical) }
        if equals(local, "decimal") { return encodeDecimal(lexical) }
        if equals(local, "boolean") { return encodeBoolean(lexical) }
        if equals(local, "dateTime") { return encodeDateTime(lexical) }
        if equals(local, "date") { return encodeDate(lexical) }
        return nil
    }

    /// The literal an inline ID stands for.
    public static func decode(_ id: TermID) -> Literal? {
        switch id.tag {
        case .integer:
            return Literal(String(Int64(bitPattern: id.payload) - integerOffset), datatype: XSD.integer)
        case .decimal:
            return Literal(renderDecimal(id.payload), datatype: XSD.decimal)
        case .boolean:
            return Literal(id.payload == 1 ? "true" : "false", datatype: XSD.boolean)
        case .dateTime:
            return Literal(renderDateTime(id.payload), datatype: XSD.dateTime)
        case .date:
            return Literal(renderDate(id.payload), datatype: XSD.date)
        case .shortString:
            let length = Int(id.payload & 0xF)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            for i in 0..<length { bytes.append(UInt8(truncatingIfNeeded: id.payload >> (4 + 8 * UInt64(i)))) }
            return Literal(String(decoding: bytes, as: UTF8.self))
        default:
            return nil
        }
    }

    // MARK: - integer

    @usableFromInline static let integerOffset: Int64 = 1 << 59

    /// The integer value of an inline xsd:integer.
    @inlinable
    public static func integerValue(_ id: TermID) -> Int64 { Int64(bitPattern: id.payload) - integerOffset }

    /// The inline ID of an integer value (canonical lexical form), if it fits.
    @inlinable
    public static func integer(_ value: Int64) -> TermID? {
        guard value >= -integerOffset, value < integerOffset else { return nil }
        return TermID(tag: .integer, payload: UInt64(bitPattern: value + integerOffset))
    }

    static func encodeInteger(_ s: UnsafeBufferPointer<UInt8>) -> TermID? {
        guard let (value, digits, negative) = parseCanonicalInteger(s, from: 0, to: s.count) else { return nil }
        if negative && value == 0 { return nil } // "-0" is not canonical
        _ = digits
        return integer(negative ? -value : value)
    }

    /// Parses `-?(0|[1-9][0-9]*)` in `s[from..<to]`; returns the magnitude, digit count and sign.
    static func parseCanonicalInteger(_ s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> (Int64, Int, Bool)? {
        var i = from
        var negative = false
        if i < to && s[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        guard i < to else { return nil }
        if s[i] == UInt8(ascii: "0") && to - i > 1 { return nil } // leading zero
        var value: Int64 = 0
        while i < to {
            let d = s[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            guard i - start < 18 else { return nil } // keep within 59 bits comfortably
            value = value * 10 + Int64(d)
            i += 1
        }
        return (value, i - start, negative)
    }

    // MARK: - decimal

    static let decimalOffset: Int64 = 1 << 55

    static func encodeDecimal(_ s: UnsafeBufferPointer<UInt8>) -> TermID? {
        guard let dot = s.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        guard let (intPart, _, negative) = parseCanonicalInteger(s, from: 0, to: dot) else { return nil }
        let fractionDigits = s.count - dot - 1
        guard fractionDigits >= 1, fractionDigits <= 15 else { return nil }
        var mantissa = intPart
        for i in (dot + 1)..<s.count {
            let d = s[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            mantissa = mantissa * 10 + Int64(d)
            guard mantissa < decimalOffset else { return nil }
        }
        if negative && mantissa == 0 { return nil } // "-0.0" would lose its sign
        let signed = negative ? -mantissa : mantissa
        return TermID(tag: .decimal, payload: UInt64(signed + decimalOffset) << 4 | UInt64(fractionDigits))
    }

    /// The value of an inline xsd:decimal as (mantissa, scale): value = mantissa / 10^scale.
    public static func decimalParts(_ id: TermID) -> (mantissa: Int64, scale: Int) {
        (Int64(id.payload >> 4) - decimalOffset, Int(id.payload & 0xF))
    }

    static func renderDecimal(_ payload: UInt64) -> String {
        let mantissa = Int64(payload >> 4) - decimalOffset
        let scale = Int(payload & 0xF)
        var digits = String(mantissa.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -scale)
        return (mantissa < 0 ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    // MARK: - boolean

    static func encodeBoolean(_ s: UnsafeBufferPointer<UInt8>) -> TermID? {
        if equals(s, "true") { return TermID(tag: .boolean, payload: 1) }
        if equals(s, "false") { return TermID(tag: .boolean, payload: 0) }
        return nil
    }

    /// The inline ID of a boolean.
    public static func boolean(_ value: Bool) -> TermID { TermID(tag: .boolean, payload: value ? 1 : 0) }

    // MARK: - short strings

    static func encodeShortString(_ s: UnsafeBufferPointer<UInt8>) -> TermID? {
        guard s.count <= 7 else { return nil }
        var payload = UInt64(s.count)
        for (i, byte) in s.enumerated() { payload |= UInt64(byte) << (4 + 8 * UInt64(i)) }
        return TermID(tag: .shortString, payload: payload)
    }

    // MARK: - dates

    /// Zone codes: 0 none, 1 "Z", 2... offsets from -14:00 to +14:00 in 15-minute steps.
    static func zoneCode(_ s: UnsafeBufferPointer<UInt8>, from: Int) -> (code: UInt64, minutes: Int)? {
        let rest = s.count - from
        if rest == 0 { return (0, 0) }
        if rest == 1 && s[from] == UInt8(ascii: "Z") { return (1, 0) }
        guard rest == 6, s[from] == UInt8(ascii: "+") || s[from] == UInt8(ascii: "-"), s[from + 3] == UInt8(ascii: ":"),
              let hh = twoDigits(s, from + 1), let mm = twoDigits(s, from + 4), hh <= 14, mm < 60, mm % 15 == 0 else { return nil }
        let minutes = (hh * 60 + mm) * (s[from] == UInt8(ascii: "-") ? -1 : 1)
        guard abs(minutes) <= 840 else { return nil }
        // "-00:00" renders back as "+00:00": refuse it to stay exact.
        if minutes == 0 && s[from] == UInt8(ascii: "-") { return nil }
        return (UInt64(minutes / 15 + 56 + 2), minutes)
    }

    static func renderZone(_ code: UInt64) -> String {
        if code == 0 { return "" }
        if code == 1 { return "Z" }
        let minutes = (Int(code) - 2 - 56) * 15
        let m = abs(minutes)
        return (minutes < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2)
    }

    static func zoneMinutes(_ code: UInt64) -> Int { code < 2 ? 0 : (Int(code) - 2 - 56) * 15 }

    /// Parses `YYYY-MM-DD` at the start of `s` (years 0001–9999).
    static func parseDate(_ s: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard s.count >= 10, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
              let y1 = twoDigits(s, 0), let y2 = twoDigits(s, 2), let month = twoDigits(s, 5), let day = twoDigits(s, 8) else { return nil }
        let year = y1 * 100 + y2
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    static func encodeDate(_ s: UnsafeBufferPointer<UInt8>) -> TermID? {
        guard let (year, month, day) = parseDate(s), let zone = zoneCode(s, from: 10) else { return nil }
        let days = UInt64(daysSinceEpoch(year: year, month: month, day: day))
        return TermID(tag: .date, payload: days << 7 | zone.code)
    }

    static func renderDate(_ payload: UInt64) -> String {
        let (y, m, d) = civil(fromDays: Int(payload >> 7))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + renderZone(payload & 0x7F)
    }

    static func encodeDateTime(_ s: UnsafeBufferPointer<UInt8>) -> TermID? {
        guard let (year, month, day) = parseDate(s), s.count >= 19, s[10] == UInt8(ascii: "T"), s[13] == UInt8(ascii: ":"),
              s[16] == UInt8(ascii: ":"), let hh = twoDigits(s, 11), let mi = twoDigits(s, 14), let ss = twoDigits(s, 17),
              hh < 24, mi < 60, ss < 60 else { return nil }
        var i = 19
        var millis = 0
        var fractionDigits = 0
        if i < s.count && s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") {
                guard fractionDigits < 3 else { return nil }
                millis = millis * 10 + Int(s[i] - UInt8(ascii: "0"))
                fractionDigits += 1
                i += 1
            }
            guard fractionDigits > 0 else { return nil }
            for _ in fractionDigits..<3 { millis *= 10 }
        }
        guard let zone = zoneCode(s, from: i) else { return nil }
        let localMillis = ((daysSinceEpoch(year: year, month: month, day: day) * 24 + hh) * 60 + mi) * 60_000 + ss * 1000 + millis
        let utc = localMillis - zone.minutes * 60_000
        guard utc >= 0 else { return nil }
        return TermID(tag: .dateTime, payload: UInt64(utc) << 9 | UInt64(fractionDigits) << 7 | zone.code)
    }

    static func renderDateTime(_ payload: UInt64) -> String {
        let zone = payload & 0x7F
        let fractionDigits = Int(payload >> 7 & 0x3)
        let local = Int(payload >> 9) + zoneMinutes(zone) * 60_000
        let days = local / 86_400_000
        var rest = local % 86_400_000
        let hh = rest / 3_600_000; rest %= 3_600_000
        let mi = rest / 60_000; rest %= 60_000
        let ss = rest / 1000
        let ms = rest % 1000
        let (y, m, d) = civil(fromDays: days)
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(hh, 2) + ":" + pad(mi, 2) + ":" + pad(ss, 2)
        if fractionDigits > 0 {
            out += "." + String(pad(ms, 3).prefix(fractionDigits))
        }
        return out + renderZone(zone)
    }

    /// The instant of an inline xsd:dateTime in milliseconds since 0001-01-01T00:00Z,
    /// and whether it had a time zone.
    public static func dateTimeMillis(_ id: TermID) -> (millis: Int64, hasZone: Bool) {
        (Int64(id.payload >> 9), id.payload & 0x7F != 0)
    }

    // MARK: - calendar helpers (proleptic Gregorian)

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 0001-01-01.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = year - 1
        var days = y * 365 + y / 4 - y / 100 + y / 400
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        days += cumulative[month - 1] + (month > 2 && isLeap(year) ? 1 : 0)
        return days + day - 1
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        // Walk 400/100/4/1-year cycles from 0001-01-01.
        var n = days
        let n400 = n / 146_097; n %= 146_097
        var n100 = n / 36_524; if n100 == 4 { n100 = 3 }; n -= n100 * 36_524
        let n4 = n / 1461; n %= 1461
        var n1 = n / 365; if n1 == 4 { n1 = 3 }; n -= n1 * 365
        let year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
        var month = 1
        while n >= daysIn(month: month, year: year) { n -= daysIn(month: month, year: year); month += 1 }
        return (year, month, n + 1)
    }

    // MARK: - byte helpers

    @usableFromInline static let xsdPrefix = Array(XSD.namespace.utf8)
    @usableFromInline static let xsdString = Array(XSD.string.utf8)

    static func twoDigits(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i + 1 < s.count else { return nil }
        let a = s[i] &- UInt8(ascii: "0"), b = s[i + 1] &- UInt8(ascii: "0")
        guard a < 10, b < 10 else { return nil }
        return Int(a) * 10 + Int(b)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func equals(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    static func equals(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
        a.count == b.utf8CodeUnitCount && a.elementsEqual(UnsafeBufferPointer(start: b.utf8Start, count: b.utf8CodeUnitCount))
    }

    static func hasPrefix(_ a: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        a.count >= prefix.count && a[0..<prefix.count].elementsEqual(prefix)
    }
}
