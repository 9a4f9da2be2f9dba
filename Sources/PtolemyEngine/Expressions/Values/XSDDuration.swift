/// An `xsd:duration` value (and its subtypes `xsd:dayTimeDuration`, `xsd:yearMonthDuration`):
/// a signed number of months and a signed number of seconds
/// (https://www.w3.org/TR/xmlschema11-2/#duration). `TIMEZONE()` returns one, so
/// comparing and ordering them is supported as XPath does (`op:duration-equal`,
/// `op:dayTimeDuration-less-than`, `op:yearMonthDuration-less-than`).
public struct XSDDuration: Sendable, Equatable {
    public var months: Int
    public var seconds: XSDDecimal

    public init(months: Int, seconds: XSDDecimal) {
        self.months = months
        self.seconds = seconds
    }

    /// Parses `-?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)?` (at least one component;
    /// `T` only when a time component follows).
    public init?(lexical s: some StringProtocol) {
        var bytes = Substring(s).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        guard bytes.first == UInt8(ascii: "P") else { return nil }
        bytes = bytes.dropFirst()
        var months = 0
        var seconds = XSDDecimal.zero
        var inTime = false
        var components = 0
        var lastOrder = -1 // the designators must come in order Y M D T H M S
        var timeComponents = 0
        while let first = bytes.first {
            if first == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                lastOrder = 3
                bytes = bytes.dropFirst()
                continue
            }
            var number: [UInt8] = []
            while let b = bytes.first, b &- UInt8(ascii: "0") < 10 || b == UInt8(ascii: ".") {
                number.append(b)
                bytes = bytes.dropFirst()
            }
            guard !number.isEmpty, let designator = bytes.first else { return nil }
            bytes = bytes.dropFirst()
            let text = String(decoding: number, as: UTF8.self)
            let order: Int
            switch (designator, inTime) {
            case (UInt8(ascii: "Y"), false): order = 0
            case (UInt8(ascii: "M"), false): order = 1
            case (UInt8(ascii: "D"), false): order = 2
            case (UInt8(ascii: "H"), true): order = 4
            case (UInt8(ascii: "M"), true): order = 5
            case (UInt8(ascii: "S"), true): order = 6
            default: return nil
            }
            guard order > lastOrder else { return nil }
            lastOrder = order
            if order == 6 {
                guard let value = XSDDecimal(lexical: text), text.first != ".", text.last != "." else { return nil }
                guard let sum = try? seconds + value else { return nil }
                seconds = sum
            } else {
                guard let value = Int(text), value < 1_000_000_000 else { return nil }
                switch order {
                case 0: months += value * 12
                case 1: months += value
                default:
                    let unit: Int128 = order == 2 ? 86_400 : (order == 4 ? 3600 : 60)
                    guard let sum = try? seconds + XSDDecimal(Int128(value) * unit) else { return nil }
                    seconds = sum
                }
            }
            components += 1
            if inTime { timeComponents += 1 }
        }
        guard components > 0, !inTime || timeComponents > 0 else { return nil }
        self.months = negative ? -months : months
        self.seconds = negative ? seconds.negated() : seconds
    }

    /// A day-time duration of whole minutes (a time zone offset), canonical: `PT0S`, `-PT8H`, `PT5H30M`.
    static func dayTimeLexical(minutes: Int) -> String {
        if minutes == 0 { return "PT0S" }
        let m = abs(minutes)
        var out = minutes < 0 ? "-PT" : "PT"
        if m / 60 > 0 { out += String(m / 60) + "H" }
        if m % 60 > 0 { out += String(m % 60) + "M" }
        return out
    }

    /// The XPath order: durations of only months, or only seconds, are ordered; a mixed
    /// pair is ordered only when it differs in one part alone. nil when not comparable.
    static func compare(_ a: XSDDuration, _ b: XSDDuration) -> Int? {
        if a.months == b.months { return XSDDecimal.compare(a.seconds, b.seconds) }
        if a.seconds == b.seconds { return a.months < b.months ? -1 : 1 }
        return nil
    }
}
