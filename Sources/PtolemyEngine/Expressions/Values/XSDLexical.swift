/// Lexical-to-value mappings of the XSD types the evaluator computes with
/// (https://www.w3.org/TR/xmlschema11-2/). They read bytes directly rather than going
/// through Foundation formatters, and reject anything outside the lexical space:
/// RDF calls such literals ill-typed, and SPARQL compares them by term only.
enum XSDLexical {
    /// `[+-]?[0-9]+`; nil when invalid or beyond the `Int128` range.
    static func integer(_ s: some StringProtocol) -> Int128? {
        // Most integers have at most 18 digits: accumulate those in 64 bits.
        let utf8 = s.utf8
        if utf8.count <= 18 {
            var value: Int64 = 0
            var negative = false
            var digits = 0
            var first = true
            for byte in utf8 {
                if first && (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) {
                    negative = byte == UInt8(ascii: "-")
                    first = false
                    continue
                }
                first = false
                let d = byte &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value &* 10 &+ Int64(d)
                digits += 1
            }
            guard digits > 0 else { return nil }
            return Int128(negative ? -value : value)
        }
        var value: Int128 = 0
        var negative = false
        var digits = 0
        var index = 0
        for byte in s.utf8 {
            defer { index += 1 }
            if index == 0 && (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) {
                negative = byte == UInt8(ascii: "-")
                continue
            }
            let d = byte &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            // Accumulate negatively so that Int128.min parses.
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (n, o2) = m.subtractingReportingOverflow(Int128(d))
            guard !o1 && !o2 else { return nil }
            value = n
            digits += 1
        }
        guard digits > 0 else { return nil }
        if negative { return value }
        return value == .min ? nil : -value
    }

    /// `xsd:boolean`: `true`, `false`, `1`, `0`.
    static func boolean(_ s: some StringProtocol) -> Bool? {
        switch s {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    /// Whether `s` is in the lexical space of `xsd:double`/`xsd:float` (XSD 1.1):
    /// `(\+|-)?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee](\+|-)?[0-9]+)?|(\+|-)?INF|NaN`.
    static func isFloatingPointLexical(_ s: some StringProtocol) -> Bool {
        var it = s.utf8.makeIterator()
        var byte = it.next()
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { byte = it.next() }
        var mantissaDigits = 0
        while let b = byte, b &- UInt8(ascii: "0") < 10 { mantissaDigits += 1; byte = it.next() }
        if byte == UInt8(ascii: ".") {
            byte = it.next()
            while let b = byte, b &- UInt8(ascii: "0") < 10 { mantissaDigits += 1; byte = it.next() }
        }
        guard mantissaDigits > 0 else { return false }
        if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            byte = it.next()
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { byte = it.next() }
            var exponentDigits = 0
            while let b = byte, b &- UInt8(ascii: "0") < 10 { exponentDigits += 1; byte = it.next() }
            guard exponentDigits > 0 else { return false }
        }
        return byte == nil
    }

    /// The special values `INF`, `+INF`, `-INF`, `NaN`.
    static func special(_ s: some StringProtocol) -> Double? {
        switch s {
        case "INF", "+INF": return .infinity
        case "-INF": return -.infinity
        case "NaN": return .nan
        default: return nil
        }
    }

    /// `xsd:double`.
    static func double(_ s: some StringProtocol) -> Double? {
        if let special = special(s) { return special }
        guard isFloatingPointLexical(s) else { return nil }
        return Double(String(s))
    }

    /// `xsd:float`.
    static func float(_ s: some StringProtocol) -> Float? {
        if let special = special(s) { return Float(special) }
        guard isFloatingPointLexical(s) else { return nil }
        return Float(String(s))
    }

    /// The XPath whitespace a cast from `xs:string` strips first (`fn:normalize-space` of
    /// the edges: space, tab, CR, LF).
    static func trimmingXMLWhitespace(_ s: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = s.firstIndex(where: { !isSpace($0) }) else { return s[s.endIndex...] }
        let last = s.lastIndex(where: { !isSpace($0) })!
        return s[first...last]
    }
}
