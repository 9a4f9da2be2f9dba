import Foundation
import PtolemyRDF

/// The functions on dates and times of https://www.w3.org/TR/sparql11-query/#func-date-time.
///
/// SPARQL defines them on `xsd:dateTime`; YEAR, MONTH, DAY, TIMEZONE and TZ also accept
/// `xsd:date` here (as XPath's `fn:year-from-date` and friends do), which costs nothing
/// and is what users of date-valued data expect.
enum DateTimeFunctions {
    /// A dateTime (or date) argument with its lexical form.
    struct Argument {
        var value: XSDDateTime
        var lexical: String
        var isDate: Bool
    }

    static func argument(_ a: EvalValue, allowDate: Bool) throws(ExpressionError) -> Argument {
        if case .literal(let literal) = a.term, let value = LiteralValue.of(a) {
            switch value {
            case .dateTime(let v): return Argument(value: v, lexical: literal.lexicalForm, isDate: false)
            case .date(let v) where allowDate: return Argument(value: v, lexical: literal.lexicalForm, isDate: true)
            default: break
            }
        }
        throw ExpressionError("not an xsd:dateTime: \(a.term)")
    }

    static func year(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .integer(Int128(try argument(a, allowDate: true).value.year))
    }

    static func month(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .integer(Int128(try argument(a, allowDate: true).value.month))
    }

    static func day(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .integer(Int128(try argument(a, allowDate: true).value.day))
    }

    static func hours(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .integer(Int128(try argument(a, allowDate: false).value.hour))
    }

    static func minutes(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .integer(Int128(try argument(a, allowDate: false).value.minute))
    }

    /// `SECONDS`: an `xsd:decimal` read from the lexical form, so that every fraction digit
    /// is kept; trailing zeros are dropped (`01.500` gives `1.5`, `01` gives `1`).
    static func seconds(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        let arg = try argument(a, allowDate: false)
        if arg.value.hour == 0 && arg.value.minute == 0 && arg.value.second == 0 && arg.value.attoseconds == 0 {
            return .numeric(.decimal(.zero)) // also 24:00:00
        }
        let utf8 = arg.lexical.utf8
        guard let t = utf8.firstIndex(of: UInt8(ascii: "T")) else { throw ExpressionError("invalid xsd:dateTime") }
        let start = utf8.index(t, offsetBy: 7)
        var end = start
        while end < utf8.endIndex, let b = Optional(utf8[end]), b &- UInt8(ascii: "0") < 10 || b == UInt8(ascii: ".") {
            end = utf8.index(after: end)
        }
        guard let seconds = XSDDecimal(lexical: arg.lexical[start..<end]) else { throw ExpressionError("invalid xsd:dateTime") }
        return .numeric(.decimal(seconds.strippingTrailingZeros()))
    }

    /// `TIMEZONE`: the offset as an `xsd:dayTimeDuration`; an error without a time zone.
    static func timezone(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        guard let minutes = try argument(a, allowDate: true).value.timezoneMinutes else {
            throw ExpressionError("no time zone: \(a.term)")
        }
        return .typed(XSDDuration.dayTimeLexical(minutes: minutes), XSD.dayTimeDuration)
    }

    /// `TZ`: the time zone as written (`Z`, `-08:00`), or the empty string.
    static func tz(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        let arg = try argument(a, allowDate: true)
        guard arg.value.timezoneMinutes != nil else { return .string("") }
        let scalars = arg.lexical.unicodeScalars
        if scalars.last == "Z" { return .string("Z") }
        return .string(String(arg.lexical.suffix(6)))
    }

    /// The `xsd:dateTime` of an instant, in UTC with millisecond precision (`NOW()`).
    static func dateTime(of date: Date) -> EvalValue {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = Int(millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000)
        let msOfDay = Int(millis - Int64(days) * 86_400_000)
        let (y, m, d) = XSDDateTime.civil(fromDays: days)
        let value = XSDDateTime(year: y, month: m, day: d, hour: msOfDay / 3_600_000, minute: msOfDay / 60_000 % 60,
                                second: msOfDay / 1000 % 60, attoseconds: Int64(msOfDay % 1000) * 1_000_000_000_000_000,
                                timezoneMinutes: 0)
        return .typed(value.dateTimeLexical, XSD.dateTime)
    }
}
