import PtolemyRDF

/// The functions on strings of https://www.w3.org/TR/sparql11-query/#func-strings
/// (except REGEX and REPLACE, in ``RegexFunctions``).
///
/// Positions and lengths count Unicode code points, as XPath does; matching is by
/// code point too (UTF-8 bytes), never by Swift's grapheme clusters or canonical equivalence.
enum StringFunctions {
    /// `STRLEN`: the number of code points.
    static func strlen(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        .integer(Int128(try StringArgument(a).lexical.unicodeScalars.count))
    }

    /// `SUBSTR(source, start[, length])` with the rounding of `fn:substring`: the code points
    /// at positions p (from 1) with round(start) ≤ p < round(start) + round(length).
    static func substr(_ source: EvalValue, _ start: EvalValue, _ length: EvalValue?) throws(ExpressionError) -> EvalValue {
        let s = try StringArgument(source)
        let first = NumericFunctions.xpathRound(try Arithmetic.numericValue(start).doubleValue)
        let end: Double
        if let length { end = first + NumericFunctions.xpathRound(try Arithmetic.numericValue(length).doubleValue) } else { end = .infinity }
        var out = String.UnicodeScalarView()
        var position = 1.0
        for scalar in s.lexical.unicodeScalars {
            if position >= first && position < end { out.append(scalar) }
            position += 1
        }
        return s.result(String(out))
    }

    /// `UCASE` (full Unicode case mapping, `fn:upper-case`).
    static func ucase(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        let s = try StringArgument(a)
        return s.result(s.lexical.uppercased())
    }

    /// `LCASE` (`fn:lower-case`).
    static func lcase(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        let s = try StringArgument(a)
        return s.result(s.lexical.lowercased())
    }

    /// `STRSTARTS`.
    static func strStarts(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        let (x, y) = try StringArgument.compatible(a, b)
        return .boolean(x.lexical.utf8.starts(with: y.lexical.utf8))
    }

    /// `STRENDS`.
    static func strEnds(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        let (x, y) = try StringArgument.compatible(a, b)
        return .boolean(x.lexical.utf8.reversed().starts(with: y.lexical.utf8.reversed()))
    }

    /// `CONTAINS`.
    static func contains(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        let (x, y) = try StringArgument.compatible(a, b)
        return .boolean(find(y.lexical, in: x.lexical) != nil)
    }

    /// `STRBEFORE`: the part before the first occurrence, with the first argument's tag;
    /// an empty simple literal when there is no occurrence.
    static func strBefore(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        let (x, y) = try StringArgument.compatible(a, b)
        guard let range = find(y.lexical, in: x.lexical) else { return .string("") }
        return x.result(String(Substring(x.lexical.unicodeScalars[..<range.lowerBound])))
    }

    /// `STRAFTER`: the part after the first occurrence, with the first argument's tag;
    /// an empty simple literal when there is no occurrence.
    static func strAfter(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> EvalValue {
        let (x, y) = try StringArgument.compatible(a, b)
        guard let range = find(y.lexical, in: x.lexical) else { return .string("") }
        return x.result(String(Substring(x.lexical.unicodeScalars[range.upperBound...])))
    }

    /// The first occurrence of `needle` in `haystack`, by UTF-8 bytes (a valid UTF-8
    /// needle can only match on code point boundaries).
    static func find(_ needle: String, in haystack: String) -> Range<String.UTF8View.Index>? {
        var needle = needle, haystack = haystack
        guard let offset = needle.withUTF8({ n in haystack.withUTF8 { h in firstOffset(of: n, in: h) } }) else { return nil }
        let h = haystack.utf8
        let start = h.index(h.startIndex, offsetBy: offset)
        return start..<h.index(start, offsetBy: needle.utf8.count)
    }

    /// The first byte offset of `needle` in `haystack`: a scan for the first byte, then a
    /// comparison of the rest (the stdlib's generic `firstRange(of:)` is far slower).
    static func firstOffset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = needle.first else { return 0 }
        guard needle.count <= haystack.count else { return nil }
        let last = haystack.count - needle.count
        var i = 0
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// `ENCODE_FOR_URI`: percent-encodes every UTF-8 byte except the unreserved characters
    /// of RFC 3986 (`fn:encode-for-uri`). The result is a simple literal.
    static func encodeForURI(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        let s = try StringArgument(a)
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.lexical.utf8.count)
        for byte in s.lexical.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return .string(String(decoding: out, as: UTF8.self))
    }

    /// `CONCAT`: the concatenation; language-tagged when every argument has the same tag,
    /// a simple literal otherwise.
    static func concat(_ arguments: [EvalValue]) throws(ExpressionError) -> EvalValue {
        var out = ""
        var language: String?
        var sameLanguage = true
        for (index, argument) in arguments.enumerated() {
            let s = try StringArgument(argument)
            out += s.lexical
            if index == 0 {
                language = s.language
            } else if let l = language, let m = s.language, ValueComparison.asciiCaseInsensitiveEqual(l, m) {
                continue
            } else {
                sameLanguage = false
            }
        }
        return .string(out, language: sameLanguage ? language : nil)
    }

    /// `langMatches(tag, range)`: RFC 4647 basic filtering; `*` matches any non-empty tag
    /// (https://www.w3.org/TR/sparql11-query/#func-langMatches).
    static func langMatches(_ tag: EvalValue, _ range: EvalValue) throws(ExpressionError) -> EvalValue {
        let t = try StringArgument.simple(tag), r = try StringArgument.simple(range)
        if r == "*" { return .boolean(!t.isEmpty) }
        let tu = t.utf8, ru = r.utf8
        guard tu.count >= ru.count else { return .false }
        let prefixMatches = zip(tu, ru).allSatisfy { a, b in lowerASCII(a) == lowerASCII(b) }
        guard prefixMatches else { return .false }
        return .boolean(tu.count == ru.count || tu[tu.index(tu.startIndex, offsetBy: ru.count)] == UInt8(ascii: "-"))
    }

    static func lowerASCII(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
    }
}
