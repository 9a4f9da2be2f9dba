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
    var index = 0
    /// Every blank-node label written in the text, so that generated labels avoid them.
    var blankNodeLabels: Set<String> = []

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
    func byte(_ offset: Int) -> UInt8 {
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

    mutating func skipWhitespaceAndComments() {
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

    mutating func punctuation(_ kind: TokenKind, length: Int = 1) -> Token {
        let start = index
        index += length
        return Token(kind, start, index)
    }

    mutating func error(_ message: String, at start: Int) -> Token {
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
}
