/// Numbers and strings: https://www.w3.org/TR/sparql11-query/#rINTEGER, #rSTRING_LITERAL1 and the rules after.
extension Lexer {
    // MARK: Numbers

    /// INTEGER, DECIMAL and DOUBLE, optionally signed; the token keeps the exact lexical form.
    mutating func lexNumber() -> Token {
        let start = index
        var offset = index
        if bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        while CharacterClasses.isDigit(UInt32(byte(offset))) { offset += 1 }
        let integerDigits = offset - integerStart
        var kind = TokenKind.integer
        if byte(offset) == UInt8(ascii: ".") {
            if CharacterClasses.isDigit(UInt32(byte(offset + 1))) {
                offset += 1
                while CharacterClasses.isDigit(UInt32(byte(offset))) { offset += 1 }
                kind = .decimal
            } else if integerDigits > 0, exponentLength(at: offset + 1) > 0 {
                // `1.e5`: [0-9]+ '.' [0-9]* EXPONENT.
                offset += 1
            }
        }
        let exponent = exponentLength(at: offset)
        if exponent > 0 {
            offset += exponent
            kind = .double
        }
        index = offset
        return Token(kind, start, offset, String(decoding: bytes[start..<offset], as: UTF8.self))
    }

    /// The length of an EXPONENT at `offset`, or 0.
    func exponentLength(at offset: Int) -> Int {
        guard byte(offset) == UInt8(ascii: "e") || byte(offset) == UInt8(ascii: "E") else { return 0 }
        var end = offset + 1
        if byte(end) == UInt8(ascii: "+") || byte(end) == UInt8(ascii: "-") { end += 1 }
        let digitsStart = end
        while CharacterClasses.isDigit(UInt32(byte(end))) { end += 1 }
        return end > digitsStart ? end - offset : 0
    }

    // MARK: Strings

    /// STRING_LITERAL1/2 and STRING_LITERAL_LONG1/2 with ECHAR and codepoint escapes.
    mutating func lexString() -> Token {
        let start = index
        let quote = bytes[index]
        let long = byte(index + 1) == quote && byte(index + 2) == quote
        var offset = index + (long ? 3 : 1)
        var value: [UInt8] = []
        while true {
            guard offset < bytes.count else { return error("unterminated string", at: start) }
            let b = bytes[offset]
            if b == quote {
                if !long {
                    offset += 1
                    break
                }
                if byte(offset + 1) == quote && byte(offset + 2) == quote {
                    offset += 3
                    break
                }
                value.append(b)
                offset += 1
            } else if b == UInt8(ascii: "\\") {
                let escaped = byte(offset + 1)
                let simple: UInt8?
                switch escaped {
                case UInt8(ascii: "t"): simple = 0x09
                case UInt8(ascii: "b"): simple = 0x08
                case UInt8(ascii: "n"): simple = 0x0A
                case UInt8(ascii: "r"): simple = 0x0D
                case UInt8(ascii: "f"): simple = 0x0C
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): simple = escaped
                default: simple = nil
                }
                if let simple {
                    value.append(simple)
                    offset += 2
                    continue
                }
                switch decodeCodepointEscape(at: offset) {
                case .success(let (scalar, length)):
                    appendUTF8(scalar, to: &value)
                    offset += length
                case .failure(let failure):
                    return error(failure.message.isEmpty ? "invalid escape sequence in string" : failure.message, at: offset)
                }
            } else if !long && (b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r")) {
                return error("line break in a single-line string", at: offset)
            } else {
                value.append(b)
                offset += 1
            }
        }
        index = offset
        return Token(.string, start, offset, String(decoding: value, as: UTF8.self))
    }

    /// Decodes `\uXXXX` or `\UXXXXXXXX` at `offset` (which holds the backslash).
    /// Fails with an empty message when the backslash does not start a codepoint escape.
    func decodeCodepointEscape(at offset: Int) -> Result<(Unicode.Scalar, Int), EscapeError> {
        let marker = byte(offset + 1)
        let digits: Int
        switch marker {
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: return .failure(EscapeError(""))
        }
        var value: UInt32 = 0
        for position in (offset + 2)..<(offset + 2 + digits) {
            let c = UInt32(byte(position))
            guard CharacterClasses.isHexDigit(c) else {
                return .failure(EscapeError("invalid codepoint escape: expected \(digits) hexadecimal digits"))
            }
            value = value << 4 | (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10)
        }
        guard let scalar = Unicode.Scalar(value) else {
            return .failure(EscapeError("invalid codepoint escape: U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value"))
        }
        return .success((scalar, digits + 2))
    }

    struct EscapeError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar)!)
    }
}
