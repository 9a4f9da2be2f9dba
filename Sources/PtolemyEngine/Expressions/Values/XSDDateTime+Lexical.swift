/// The lexical spaces of `xsd:dateTime` and `xsd:date`
/// (https://www.w3.org/TR/xmlschema11-2/#dateTime-lexical-mapping).
extension XSDDateTime {
    /// Parses `-?YYYY-MM-DDThh:mm:ss(.s+)?(Z|(+|-)hh:mm)?`. `24:00:00` is the first
    /// instant of the next day, as XSD 1.1 says.
    public init?(dateTimeLexical s: some StringProtocol) {
        let bytes = Array(s.utf8)
        var i = 0
        guard let (year, month, day) = XSDDateTime.parseDate(bytes, &i), i < bytes.count, bytes[i] == UInt8(ascii: "T"),
              let hour = XSDDateTime.twoDigits(bytes, i + 1), bytes.count > i + 3, bytes[i + 3] == UInt8(ascii: ":"),
              let minute = XSDDateTime.twoDigits(bytes, i + 4), bytes.count > i + 6, bytes[i + 6] == UInt8(ascii: ":"),
              let second = XSDDateTime.twoDigits(bytes, i + 7) else { return nil }
        i += 9
        var attoseconds: Int64 = 0
        var fractionNonZero = false
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                let d = Int64(bytes[i] - UInt8(ascii: "0"))
                if d != 0 { fractionNonZero = true }
                if digits < 18 { attoseconds = attoseconds * 10 + d }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 18) { attoseconds *= 10 }
        }
        guard minute < 60, second < 60, hour < 24 || (hour == 24 && minute == 0 && second == 0 && !fractionNonZero),
              let zone = XSDDateTime.parseTimezone(bytes, i) else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                  attoseconds: attoseconds, timezoneMinutes: zone)
        if hour == 24 { self = self.addingDays(1, hour: 0) }
    }

    /// Parses `-?YYYY-MM-DD(Z|(+|-)hh:mm)?`.
    public init?(dateLexical s: some StringProtocol) {
        let bytes = Array(s.utf8)
        var i = 0
        guard let (year, month, day) = XSDDateTime.parseDate(bytes, &i), let zone = XSDDateTime.parseTimezone(bytes, i) else { return nil }
        self.init(year: year, month: month, day: day, timezoneMinutes: zone)
    }

    /// The same local time `days` later, at `hour`.
    func addingDays(_ days: Int, hour: Int) -> XSDDateTime {
        let (y, m, d) = XSDDateTime.civil(fromDays: XSDDateTime.daysFromCivil(year: year, month: month, day: day) + days)
        var copy = self
        copy.year = y; copy.month = m; copy.day = d; copy.hour = hour
        return copy
    }

    /// `-?YYYY-MM-DD` at `i` (four or more year digits, no leading zero beyond four); advances `i`.
    static func parseDate(_ b: [UInt8], _ i: inout Int) -> (Int, Int, Int)? {
        var negative = false
        if i < b.count && b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        let start = i
        var year = 0
        while i < b.count, b[i] &- UInt8(ascii: "0") < 10 {
            year = year * 10 + Int(b[i] - UInt8(ascii: "0"))
            guard year < 1_000_000_000 else { return nil }
            i += 1
        }
        let yearDigits = i - start
        guard yearDigits >= 4, yearDigits == 4 || b[start] != UInt8(ascii: "0") else { return nil }
        guard b.count >= i + 6, b[i] == UInt8(ascii: "-"), let month = twoDigits(b, i + 1), b[i + 3] == UInt8(ascii: "-"),
              let day = twoDigits(b, i + 4) else { return nil }
        i += 6
        if negative { year = -year }
        guard month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return (year, month, day)
    }

    /// `(Z|(+|-)hh:mm)?` from `i` to the end: nil when invalid, `.some(nil)` when absent.
    static func parseTimezone(_ b: [UInt8], _ i: Int) -> Int?? {
        let rest = b.count - i
        if rest == 0 { return .some(nil) }
        if rest == 1 && b[i] == UInt8(ascii: "Z") { return .some(0) }
        guard rest == 6, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: ":"),
              let hh = twoDigits(b, i + 1), let mm = twoDigits(b, i + 4), mm < 60, hh < 14 || (hh == 14 && mm == 0) else { return nil }
        let minutes = hh * 60 + mm
        return .some(b[i] == UInt8(ascii: "-") ? -minutes : minutes)
    }

    static func twoDigits(_ b: [UInt8], _ i: Int) -> Int? {
        guard i + 1 < b.count else { return nil }
        let x = b[i] &- UInt8(ascii: "0"), y = b[i + 1] &- UInt8(ascii: "0")
        guard x < 10, y < 10 else { return nil }
        return Int(x) * 10 + Int(y)
    }

    // MARK: - rendering

    /// The canonical `xsd:dateTime` form: no trailing fraction zeros, `Z` for UTC.
    public var dateTimeLexical: String {
        var out = dateLexicalWithoutZone + "T" + XSDDateTime.pad(hour) + ":" + XSDDateTime.pad(minute) + ":" + XSDDateTime.pad(second)
        if attoseconds != 0 {
            var fraction = String(attoseconds)
            fraction = String(repeating: "0", count: 18 - fraction.count) + fraction
            while fraction.last == "0" { fraction.removeLast() }
            out += "." + fraction
        }
        return out + timezoneLexical
    }

    /// The `xsd:date` form.
    public var dateLexical: String { dateLexicalWithoutZone + timezoneLexical }

    var dateLexicalWithoutZone: String {
        let y = String(abs(year))
        let paddedYear = y.count >= 4 ? y : String(repeating: "0", count: 4 - y.count) + y
        return (year < 0 ? "-" : "") + paddedYear + "-" + XSDDateTime.pad(month) + "-" + XSDDateTime.pad(day)
    }

    /// `Z`, `+05:30`, `-08:00`, or empty without a time zone.
    var timezoneLexical: String {
        guard let tz = timezoneMinutes else { return "" }
        if tz == 0 { return "Z" }
        return (tz < 0 ? "-" : "+") + XSDDateTime.pad(abs(tz) / 60) + ":" + XSDDateTime.pad(abs(tz) % 60)
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0" + String(n) : String(n) }
}
