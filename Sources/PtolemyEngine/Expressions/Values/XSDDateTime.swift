/// An `xsd:dateTime` or `xsd:date` value: the seven-property model of XSD 1.1
/// (https://www.w3.org/TR/xmlschema11-2/#theSevenPropertyModel), with the time of day
/// at midnight for dates.
///
/// Years follow XSD 1.1 (year 0 is 1 BCE, proleptic Gregorian calendar). Fractional
/// seconds are kept to 18 digits for comparisons; the functions that return the
/// seconds read them from the lexical form, exactly.
public struct XSDDateTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Fractional seconds in units of 10^-18 s.
    public var attoseconds: Int64
    /// The time zone offset in minutes, nil when the value has none.
    public var timezoneMinutes: Int?

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                attoseconds: Int64 = 0, timezoneMinutes: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.attoseconds = attoseconds
        self.timezoneMinutes = timezoneMinutes
    }

    // MARK: - timeline

    /// Seconds from 1970-01-01T00:00:00Z to this value's instant, reading an absent time
    /// zone as UTC (the comparison rules add the ±14 hours of uncertainty).
    public var epochSeconds: Int64 {
        let days = Int64(XSDDateTime.daysFromCivil(year: year, month: month, day: day))
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return local - Int64((timezoneMinutes ?? 0) * 60)
    }

    /// The seven-property order of XSD 1.1 (https://www.w3.org/TR/xmlschema11-2/#dateTime-order):
    /// -1, 0, 1, or nil when one value has a time zone, the other does not, and they are
    /// within 14 hours of each other (indeterminate).
    public static func compare(_ a: XSDDateTime, _ b: XSDDateTime) -> Int? {
        let sa = a.epochSeconds, sb = b.epochSeconds
        if (a.timezoneMinutes == nil) == (b.timezoneMinutes == nil) {
            return compareInstants(sa, a.attoseconds, sb, b.attoseconds)
        }
        // One value is zoned: the other may be anywhere from -14:00 to +14:00.
        let fourteenHours: Int64 = 14 * 3600
        if a.timezoneMinutes != nil {
            if compareInstants(sa, a.attoseconds, sb - fourteenHours, b.attoseconds) < 0 { return -1 }
            if compareInstants(sa, a.attoseconds, sb + fourteenHours, b.attoseconds) > 0 { return 1 }
        } else {
            if compareInstants(sa + fourteenHours, a.attoseconds, sb, b.attoseconds) < 0 { return -1 }
            if compareInstants(sa - fourteenHours, a.attoseconds, sb, b.attoseconds) > 0 { return 1 }
        }
        return nil
    }

    /// A total order for sorting: instants with an absent time zone read as UTC.
    static func totalOrder(_ a: XSDDateTime, _ b: XSDDateTime) -> Int {
        compareInstants(a.epochSeconds, a.attoseconds, b.epochSeconds, b.attoseconds)
    }

    static func compareInstants(_ s1: Int64, _ f1: Int64, _ s2: Int64, _ f2: Int64) -> Int {
        if s1 != s2 { return s1 < s2 ? -1 : 1 }
        return f1 < f2 ? -1 : (f1 == f2 ? 0 : 1)
    }

    // MARK: - calendar

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (any year, astronomical numbering).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number from 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
