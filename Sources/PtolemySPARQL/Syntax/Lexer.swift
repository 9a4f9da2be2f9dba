/// Splits SPARQL text into tokens, working on the UTF-8 bytes.
///
/// Follows the terminals of https://www.w3.org/TR/sparql11-query/#terminals with the
/// longest-match rule (so `<?a&&?b>` is one IRI, as the grammar says). Codepoint escapes
/// (`\uXXXX`, `\UXXXXXXXX`, section 19.2) are decoded in strings and IRIs only, and are
/// never re-scanned, so an escape cannot produce another escape.
/// A lexical error becomes an ``TokenKind/error`` token and ends the token stream, so the
/// parser reports whichever problem comes first in the text.
struct Lexer {
    let bytes: [UInt8]
    private(set) var index = 0
    /// Every blank-node label written in the text, so that generated labels avoid them.
    private(set) var blankNodeLabels: Set<String> = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A byte order mark is no part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// All tokens of `bytes`, ending with ``TokenKind/endOfInput`` or ``TokenKind/error``.
    static func tokenize(_ bytes: [UInt8]) -> (tokens: [Token], blankNodeLabels: Set<String>) {
        var lexer = Lexer(bytes)
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4 + 1)
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfInput || token.kind == .error { break }
        }
        return (tokens, lexer.blankNodeLabels)
    }

    @inline(__always)
    private func byte(_ offset: Int) -> UInt8 {
        offset < bytes.count ? bytes[offset] : 0
    }

    /// Decodes the scalar at `offset` (the input is valid UTF-8): its value and length in bytes.
    @inline(__always)
    func scalar(at offset: Int) -> (value: UInt32, length: Int) {
        guard offset < bytes.count else { return (0, 0) }
        let b0 = bytes[offset]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xE0 {
            return ((UInt32(b0 & 0x1F) << 6) | UInt32(byte(offset + 1) & 0x3F), 2)
        }
        if b0 < 0xF0 {
            return ((UInt32(b0 & 0x0F) << 12) | (UInt32(byte(offset + 1) & 0x3F) << 6) | UInt32(byte(offset + 2) & 0x3F), 3)
        }
        return ((UInt32(b0 & 0x07) << 18) | (UInt32(byte(offset + 1) & 0x3F) << 12)
                | (UInt32(byte(offset + 2) & 0x3F) << 6) | UInt32(byte(offset + 3) & 0x3F), 4)
    }

    private mutating func skipWhitespaceAndComments() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") && bytes[index] != UInt8(ascii: "\r") {
                    index += 1
                }
            default:
                return
            }
        }
    }

    private mutating func punctuation(_ kind: TokenKind, length: Int = 1) -> Token {
        let start = index
        index += length
        return Token(kind, start, index)
    }

    private mutating func error(_ message: String, at start: Int) -> Token {
        index = bytes.count
        return Token(.error, start, start, message)
    }

    /// The next token.
    mutating func next() -> Token {
        skipWhitespaceAndComments()
        guard index < bytes.count else { return Token(.endOfInput, index, index) }
        let start = index
        let c = bytes[index]
        switch c {
        case UInt8(ascii: "{"): return punctuation(.leftBrace)
        case UInt8(ascii: "}"): return punctuation(.rightBrace)
        case UInt8(ascii: "("): return punctuation(.leftParen)
        case UInt8(ascii: ")"): return punctuation(.rightParen)
        case UInt8(ascii: "["): return punctuation(.leftBracket)
        case UInt8(ascii: "]"): return punctuation(.rightBracket)
        case UInt8(ascii: ";"): return punctuation(.semicolon)
        case UInt8(ascii: ","): return punctuation(.comma)
        case UInt8(ascii: "*"): return punctuation(.star)
        case UInt8(ascii: "/"): return punctuation(.slash)
        case UInt8(ascii: "="): return punctuation(.equal)
        case UInt8(ascii: "<"): return lexIRIOrLess()
        case UInt8(ascii: ">"):
            return byte(index + 1) == UInt8(ascii: "=") ? punctuation(.greaterOrEqual, length: 2) : punctuation(.greater)
        case UInt8(ascii: "!"):
            return byte(index + 1) == UInt8(ascii: "=") ? punctuation(.notEqual, length: 2) : punctuation(.bang)
        case UInt8(ascii: "&"):
            return byte(index + 1) == UInt8(ascii: "&") ? punctuation(.and, length: 2) : error("unexpected character '&'", at: start)
        case UInt8(ascii: "|"):
            return byte(index + 1) == UInt8(ascii: "|") ? punctuation(.or, length: 2) : punctuation(.pipe)
        case UInt8(ascii: "^"):
            return byte(index + 1) == UInt8(ascii: "^") ? punctuation(.doubleCaret, length: 2) : punctuation(.caret)
        case UInt8(ascii: "?"), UInt8(ascii: "$"):
            return lexVariable()
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return lexString()
        case UInt8(ascii: "_"):
            return lexBlankNodeLabel()
        case UInt8(ascii: "@"):
            return lexLangTag()
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let next = byte(index + 1)
            if CharacterClasses.isDigit(UInt32(next))
                || (next == UInt8(ascii: ".") && CharacterClasses.isDigit(UInt32(byte(index + 2)))) {
                return lexNumber()
            }
            return punctuation(c == UInt8(ascii: "+") ? .plus : .minus)
        case UInt8(ascii: "."):
            if CharacterClasses.isDigit(UInt32(byte(index + 1))) { return lexNumber() }
            return punctuation(.dot)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return lexNumber()
        case UInt8(ascii: ":"):
            index += 1
            return lexLocalName(prefix: "", start: start)
        default:
            let (value, _) = scalar(at: index)
            if CharacterClasses.isPNCharsBase(value) { return lexName() }
            return error("unexpected character '\(Self.printable(value))'", at: start)
        }
    }

    static func printable(_ value: UInt32) -> String {
        guard let scalar = Unicode.Scalar(value) else { return "?" }
        if value < 0x20 || value == 0x7F { return "\\u" + String(value, radix: 16, uppercase: true) }
        return String(Character(scalar))
    }

    // MARK: IRIs

    /// `<` starts an IRIREF when a `>` closes it with only IRI characters in between;
    /// otherwise it is the `<` or `<=` operator.
    private mutating func lexIRIOrLess() -> Token {
        let start = index
        var offset = index + 1
        var value: [UInt8] = []
        while offset < bytes.count {
            let b = bytes[offset]
            switch b {
            case UInt8(ascii: ">"):
                index = offset + 1
                return Token(.iri, start, index, String(decoding: value, as: UTF8.self))
            case 0x00...0x20, UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"):
                return lessOperator()
            case UInt8(ascii: "\\"):
                switch decodeCodepointEscape(at: offset) {
                case .success(let (scalar, length)):
                    appendUTF8(scalar, to: &value)
                    offset += length
                case .failure(let failure):
                    // A backslash that is no codepoint escape cannot be in an IRI.
                    if failure.message.isEmpty { return lessOperator() }
                    return error(failure.message, at: offset)
                }
            default:
                value.append(b)
                offset += 1
            }
        }
        return lessOperator()
    }

    private mutating func lessOperator() -> Token {
        byte(index + 1) == UInt8(ascii: "=") ? punctuation(.lessOrEqual, length: 2) : punctuation(.less)
    }

    // MARK: Variables, blank nodes, language tags

    private mutating func lexVariable() -> Token {
        let start = index
        var offset = index + 1
        let (first, firstLength) = scalar(at: offset)
        guard firstLength > 0, CharacterClasses.isPNCharsU(first) || CharacterClasses.isDigit(first) else {
            if bytes[start] == UInt8(ascii: "?") { return punctuation(.question) }
            return error("expected a variable name after '$'", at: start)
        }
        offset += firstLength
        while offset < bytes.count {
            let (value, length) = scalar(at: offset)
            guard CharacterClasses.isVarNameChar(value) else { break }
            offset += length
        }
        index = offset
        return Token(.variable, start, offset, String(decoding: bytes[(start + 1)..<offset], as: UTF8.self))
    }

    private mutating func lexBlankNodeLabel() -> Token {
        let start = index
        guard byte(index + 1) == UInt8(ascii: ":") else { return error("unexpected character '_'", at: start) }
        var offset = index + 2
        let (first, firstLength) = scalar(at: offset)
        guard firstLength > 0, CharacterClasses.isPNCharsU(first) || CharacterClasses.isDigit(first) else {
            return error("expected a blank node label after '_:'", at: start)
        }
        offset += firstLength
        var end = offset
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                continue
            }
            let (value, length) = scalar(at: offset)
            guard CharacterClasses.isPNChars(value) else { break }
            offset += length
            end = offset
        }
        index = end
        let label = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
        blankNodeLabels.insert(label)
        return Token(.blankNodeLabel, start, end, label)
    }

    private mutating func lexLangTag() -> Token {
        let start = index
        var offset = index + 1
        while CharacterClasses.isASCIILetter(UInt32(byte(offset))) { offset += 1 }
        guard offset > start + 1 else { return error("expected a language tag after '@'", at: start) }
        while byte(offset) == UInt8(ascii: "-") {
            var part = offset + 1
            while CharacterClasses.isASCIILetter(UInt32(byte(part))) || CharacterClasses.isDigit(UInt32(byte(part))) {
                part += 1
            }
            guard part > offset + 1 else { break }
            offset = part
        }
        index = offset
        return Token(.langTag, start, offset, String(decoding: bytes[(start + 1)..<offset], as: UTF8.self))
    }

    // MARK: Numbers

    /// INTEGER, DECIMAL and DOUBLE, optionally signed; the token keeps the exact lexical form.
    private mutating func lexNumber() -> Token {
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
    private func exponentLength(at offset: Int) -> Int {
        guard byte(offset) == UInt8(ascii: "e") || byte(offset) == UInt8(ascii: "E") else { return 0 }
        var end = offset + 1
        if byte(end) == UInt8(ascii: "+") || byte(end) == UInt8(ascii: "-") { end += 1 }
        let digitsStart = end
        while CharacterClasses.isDigit(UInt32(byte(end))) { end += 1 }
        return end > digitsStart ? end - offset : 0
    }

    // MARK: Strings

    /// STRING_LITERAL1/2 and STRING_LITERAL_LONG1/2 with ECHAR and codepoint escapes.
    private mutating func lexString() -> Token {
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
    private func decodeCodepointEscape(at offset: Int) -> Result<(Unicode.Scalar, Int), EscapeError> {
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

    private func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        out.append(contentsOf: UTF8.encode(scalar)!)
    }

    // MARK: Names

    /// A prefixed name (`prefix:local`, `prefix:`) or a bare word (keyword).
    private mutating func lexName() -> Token {
        let start = index
        var offset = index
        var prefixEnd = index
        // PN_PREFIX: PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                continue
            }
            let (value, length) = scalar(at: offset)
            guard CharacterClasses.isPNChars(value) else { break }
            offset += length
            prefixEnd = offset
        }
        if byte(prefixEnd) == UInt8(ascii: ":") {
            let prefix = String(decoding: bytes[start..<prefixEnd], as: UTF8.self)
            index = prefixEnd + 1
            return lexLocalName(prefix: prefix, start: start)
        }
        // A keyword: ASCII letters, digits and underscores.
        offset = start
        while offset < bytes.count {
            let b = UInt32(bytes[offset])
            guard CharacterClasses.isASCIILetter(b) || CharacterClasses.isDigit(b) || b == 0x5F else { break }
            offset += 1
        }
        guard offset > start else {
            return error("unexpected character '\(Self.printable(scalar(at: start).value))'", at: start)
        }
        index = offset
        return Token(.word, start, offset, String(decoding: bytes[start..<offset], as: UTF8.self))
    }

    /// PN_LOCAL after the colon at `index - 1` (possibly empty: a PNAME_NS).
    private mutating func lexLocalName(prefix: String, start: Int) -> Token {
        var offset = index
        var local: [UInt8] = []
        var goodLength = 0
        var goodOffset = offset
        var first = true
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "%") {
                guard CharacterClasses.isHexDigit(UInt32(byte(offset + 1))), CharacterClasses.isHexDigit(UInt32(byte(offset + 2))) else { break }
                local.append(contentsOf: bytes[offset..<(offset + 3)])
                offset += 3
            } else if b == UInt8(ascii: "\\") {
                guard CharacterClasses.isLocalEscapable(byte(offset + 1)) else { break }
                local.append(byte(offset + 1))
                offset += 2
            } else if b == UInt8(ascii: ".") && !first {
                local.append(b)
                offset += 1
                continue // a local name cannot end with a dot
            } else {
                let (value, length) = scalar(at: offset)
                let ok = value == 0x3A || CharacterClasses.isDigit(value)
                    || (first ? CharacterClasses.isPNCharsU(value) : CharacterClasses.isPNChars(value))
                guard ok else { break }
                local.append(contentsOf: bytes[offset..<(offset + length)])
                offset += length
            }
            first = false
            goodLength = local.count
            goodOffset = offset
        }
        index = goodOffset
        return Token(.prefixedName, start, goodOffset, prefix,
                     local: String(decoding: local[0..<goodLength], as: UTF8.self))
    }
}
