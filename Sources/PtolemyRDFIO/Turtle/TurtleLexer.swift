internal import PtolemyCompression
internal import PtolemyRDF

/// Splits Turtle / TriG text into tokens, pulling the input from a `ByteSource` in chunks.
///
/// The lexer keeps only the unread part of the current chunk (plus the token being read),
/// so documents of any size stream through. It works on UTF-8 bytes, validates every
/// multi-byte sequence, and tracks the line and column (in characters) of each token.
/// Terminals follow https://www.w3.org/TR/turtle/#terminals exactly, including the
/// longest-match rules that make `_:o.` a label followed by '.' and `1.` an integer
/// followed by '.'.
///
/// The source is an existential on purpose: it is read once per chunk, while a generic
/// lexer would make every token-level call go through unspecialized generic code.
struct TurtleLexer {
    var source: any ByteSource
    let fileName: String?
    private var buffer: [UInt8]
    private var pos = 0
    private var end = 0
    private var eof = false
    /// Position of the next unread byte.
    private(set) var line = 1
    private(set) var column = 1
    /// Position of the last token returned.
    private(set) var tokenLine = 1
    private(set) var tokenColumn = 1
    /// Token text under construction (reused to avoid allocations).
    private var text: [UInt8] = []
    private var startedDocument = false

    init(source: any ByteSource, fileName: String?, chunkSize: Int = 1 << 16) {
        self.source = source
        self.fileName = fileName
        self.buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        text.reserveCapacity(256)
    }

    // MARK: - Input

    /// The byte `k` places ahead of the read position, or nil past the end of the input.
    @inline(__always)
    private mutating func byte(_ k: Int = 0) throws -> UInt8? {
        if pos + k < end { return buffer[pos + k] }
        return try slowByte(k)
    }

    private mutating func slowByte(_ k: Int) throws -> UInt8? {
        while pos + k >= end {
            if eof { return nil }
            if pos > 0 {
                let count = end - pos
                buffer.withUnsafeMutableBufferPointer { b in
                    let base = b.baseAddress!
                    base.update(from: base + pos, count: count)
                }
                end = count
                pos = 0
            }
            if end == buffer.count {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
            let start = end
            let n = try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
            }
            if n == 0 { eof = true } else { end += n }
        }
        return buffer[pos + k]
    }

    /// Consumes one byte (which must exist), keeping the line and column.
    @inline(__always)
    private mutating func consume() {
        let b = buffer[pos]
        pos += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    @inline(__always)
    private mutating func consume(_ n: Int) {
        for _ in 0..<n { consume() }
    }

    /// Byte classes for the fast paths: bit 0, a byte an IRI may hold as it is; bit 1, a byte
    /// a string may hold as it is. Both exclude line breaks and non-ASCII bytes, which the
    /// slow paths handle (they move the line, or need UTF-8 validation).
    private static let plainIRI: UInt8 = 1, plainString: UInt8 = 2
    private static let byteClasses: [UInt8] = (0..<256).map { b -> UInt8 in
        var flags: UInt8 = 0
        if b > 0x20 && b < 0x7F && !"<>\"{}|^`\\".utf8.contains(UInt8(b)) { flags |= plainIRI }
        if b < 0x80 && b != 0x0A && b != 0x0D && !"\"'\\".utf8.contains(UInt8(b)) { flags |= plainString }
        return flags
    }

    /// Takes the longest run of buffered bytes of class `flag`, appending them to the token
    /// text: the fast path of IRIs and strings. Runs hold no line break and only ASCII, so
    /// the column simply advances by the run's length.
    @inline(__always)
    private mutating func takeRun(_ flag: UInt8) {
        let start = pos
        let limit = end
        let stop = buffer.withUnsafeBufferPointer { b -> Int in
            Self.byteClasses.withUnsafeBufferPointer { classes -> Int in
                var i = start
                while i < limit && classes[Int(b[i])] & flag != 0 { i += 1 }
                return i
            }
        }
        if stop > start {
            text.append(contentsOf: buffer[start..<stop])
            column += stop - start
            pos = stop
        }
    }

    /// Skips one byte after a lexical error, so that recovery makes progress.
    mutating func skipByte() throws {
        if try byte() != nil { consume() }
    }

    /// The scalar whose lead byte (>= 0x80) is `k` bytes ahead: its value and length.
    private mutating func scalar(at k: Int) throws -> (value: UInt32, length: Int)? {
        var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        bytes.0 = try byte(k) ?? 0
        bytes.1 = try byte(k + 1) ?? 0
        if UTF8Scan.isContinuation(bytes.1) {
            bytes.2 = try byte(k + 2) ?? 0
            if UTF8Scan.isContinuation(bytes.2) { bytes.3 = try byte(k + 3) ?? 0 }
        }
        return withUnsafeBytes(of: &bytes) { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let n = UTF8Scan.sequenceLength(at: p)
            return n == 0 ? nil : (UTF8Scan.decode(at: p, length: n), n)
        }
    }

    /// Consumes a well-formed multi-byte character, appending it to the token text.
    private mutating func takeScalar() throws {
        guard let (_, n) = try scalar(at: 0) else { throw error("invalid UTF-8") }
        for k in 0..<n { text.append(buffer[pos + k]) }
        consume(n)
    }

    // MARK: - Errors

    /// An error at the current read position.
    func error(_ message: String) -> RDFParseError {
        RDFParseError(fileName: fileName, line: line, column: column, message: message)
    }

    /// An error at the start of the current token.
    func tokenError(_ message: String) -> RDFParseError {
        RDFParseError(fileName: fileName, line: tokenLine, column: tokenColumn, message: message)
    }

    private mutating func unexpectedHere(_ what: String) throws -> RDFParseError {
        guard let b = try byte() else { return error("unexpected end of input \(what)") }
        if b >= 0x21 && b < 0x7F { return error("unexpected '\(Character(Unicode.Scalar(b)))' \(what)") }
        if b < 0x80 { return error("unexpected \(UTF8Scan.describe(UInt32(b))) \(what)") }
        if let (v, _) = try scalar(at: 0) { return error("unexpected \(UTF8Scan.describe(v)) \(what)") }
        return error("invalid UTF-8")
    }

    // MARK: - Tokens

    /// Reads the next token.
    mutating func next() throws -> TurtleToken {
        if !startedDocument {
            startedDocument = true
            // A UTF-8 byte order mark is not part of the document.
            if try byte() == 0xEF, try byte(1) == 0xBB, try byte(2) == 0xBF { pos += 3 }
        }
        try skipSpaceAndComments()
        tokenLine = line
        tokenColumn = column
        guard let b = try byte() else { return .end }
        switch b {
        case UInt8(ascii: "<"):
            return .iriRef(try iriRef())
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try stringLiteral(quote: b))
        case UInt8(ascii: "_"):
            guard try byte(1) == UInt8(ascii: ":") else { throw error("expected ':' after '_' (a blank node label is written _:label)") }
            return .blankNodeLabel(try blankNodeLabel())
        case UInt8(ascii: "@"):
            return .atWord(try atWord())
        case UInt8(ascii: "^"):
            guard try byte(1) == UInt8(ascii: "^") else { throw error("expected '^^'") }
            consume(2)
            return .datatypeMarker
        case UInt8(ascii: "."):
            if let d = try byte(1), isDigit(d) { return try number() }
            consume()
            return .punctuation(b)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            consume()
            return .punctuation(b)
        case UInt8(ascii: ":"):
            return try prefixedNameOrWord()
        default:
            if isASCIILetter(b) { return try prefixedNameOrWord() }
            if b >= 0x80, let (v, _) = try scalar(at: 0), let s = Unicode.Scalar(v), NTriplesFormatter.isPNCharsBase(s) {
                return try prefixedNameOrWord()
            }
            throw try unexpectedHere("(expected an IRI, prefixed name, blank node, literal or punctuation)")
        }
    }

    private mutating func skipSpaceAndComments() throws {
        while let b = try byte() {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D:
                consume()
            case UInt8(ascii: "#"):
                while let c = try byte(), c != 0x0A, c != 0x0D { consume() }
            default:
                return
            }
        }
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) private func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    private func makeString() -> String { String(decoding: text, as: UTF8.self) }

    /// IRIREF: `<` ([^#x00-#x20<>"{}|^`\] | UCHAR)* `>`
    private mutating func iriRef() throws -> String {
        consume() // '<'
        text.removeAll(keepingCapacity: true)
        while true {
            takeRun(Self.plainIRI)
            guard let b = try byte() else { throw error("unterminated IRI: missing '>'") }
            switch b {
            case UInt8(ascii: ">"):
                consume()
                return makeString()
            case UInt8(ascii: "\\"):
                guard let kind = try byte(1), kind == UInt8(ascii: "u") || kind == UInt8(ascii: "U") else {
                    throw error("only \\u and \\U escapes are allowed in an IRI")
                }
                let escapeLine = line, escapeColumn = column
                let v = try numericEscape()
                guard UTF8Scan.isAllowedInIRI(v) else {
                    throw RDFParseError(fileName: fileName, line: escapeLine, column: escapeColumn,
                                        message: "escaped character \(UTF8Scan.describe(v)) is not allowed in an IRI")
                }
                UTF8Scan.append(v, to: &text)
            case 0x00...0x20, UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"):
                if b == 0x0A || b == 0x0D { throw error("unterminated IRI: missing '>' before the end of the line") }
                throw error("character \(UTF8Scan.describe(UInt32(b))) is not allowed in an IRI")
            case 0x80...0xFF:
                try takeScalar()
            default:
                text.append(b)
                consume()
            }
        }
    }

    /// UCHAR at the read position (`\`): consumes it and returns the scalar value.
    private mutating func numericEscape() throws -> UInt32 {
        let digits = try byte(1) == UInt8(ascii: "u") ? 4 : 8
        let escapeLine = line, escapeColumn = column
        var v: UInt32 = 0
        for k in 0..<digits {
            guard let h = try byte(2 + k).flatMap(UTF8Scan.hexValue) else {
                consume(2 + k)
                throw error("expected \(digits) hexadecimal digits in a \\\(digits == 4 ? "u" : "U") escape")
            }
            v = v << 4 | h
        }
        guard UTF8Scan.isScalarValue(v) else {
            throw RDFParseError(fileName: fileName, line: escapeLine, column: escapeColumn,
                                message: "escape \(UTF8Scan.describe(v)) is not a Unicode scalar value")
        }
        consume(2 + digits)
        return v
    }

    /// The four string forms (https://www.w3.org/TR/turtle/#grammar-production-String).
    private mutating func stringLiteral(quote: UInt8) throws -> String {
        text.removeAll(keepingCapacity: true)
        let long = try byte(1) == quote && byte(2) == quote
        if long {
            consume(3)
            while true {
                takeRun(Self.plainString)
                guard let b = try byte() else { throw error("unterminated long string: missing \(quote == 0x22 ? "\"\"\"" : "'''")") }
                if b == quote, try byte(1) == quote, try byte(2) == quote {
                    consume(3)
                    return makeString()
                }
                try stringCharacter(b)
            }
        }
        consume()
        while true {
            takeRun(Self.plainString)
            guard let b = try byte() else { throw error("unterminated string: missing \(quote == 0x22 ? "'\"'" : "\"'\"")") }
            if b == quote {
                consume()
                return makeString()
            }
            if b == 0x0A || b == 0x0D {
                throw error("unterminated string: a line break needs \\n (or a long string \(quote == 0x22 ? "\"\"\"" : "'''")...)")
            }
            try stringCharacter(b)
        }
    }

    /// One character of a string body (an escape, a multi-byte character or a byte).
    @inline(__always)
    private mutating func stringCharacter(_ b: UInt8) throws {
        if b == UInt8(ascii: "\\") {
            guard let e = try byte(1) else { throw error("unterminated string") }
            switch e {
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): text.append(e)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                UTF8Scan.append(try numericEscape(), to: &text)
                return
            default:
                throw error("invalid escape sequence in a string (allowed: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\u \\U)")
            }
            consume(2)
        } else if b >= 0x80 {
            try takeScalar()
        } else {
            text.append(b)
            consume()
        }
    }

    /// `@` followed by `[a-zA-Z]+ ('-' [a-zA-Z0-9]+)*` (LANGTAG, or a directive name).
    private mutating func atWord() throws -> String {
        consume() // '@'
        text.removeAll(keepingCapacity: true)
        while let b = try byte(), isASCIILetter(b) {
            text.append(b)
            consume()
        }
        if text.isEmpty { throw try unexpectedHere("after '@' (expected a language tag or a directive)") }
        while try byte() == UInt8(ascii: "-") {
            guard let b = try byte(1), isASCIILetter(b) || isDigit(b) else {
                consume()
                throw error("empty subtag in a language tag")
            }
            text.append(UInt8(ascii: "-"))
            consume()
            while let b = try byte(), isASCIILetter(b) || isDigit(b) {
                text.append(b)
                consume()
            }
        }
        return makeString()
    }

    /// INTEGER, DECIMAL or DOUBLE, keeping the lexical form exactly as written.
    private mutating func number() throws -> TurtleToken {
        text.removeAll(keepingCapacity: true)
        if let b = try byte(), b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
            text.append(b)
            consume()
        }
        var integerDigits = 0
        while let b = try byte(), isDigit(b) {
            text.append(b)
            consume()
            integerDigits += 1
        }
        var isDecimal = false
        if try byte() == UInt8(ascii: "."), let d = try byte(1), isDigit(d) {
            isDecimal = true
            text.append(UInt8(ascii: "."))
            consume()
            while let b = try byte(), isDigit(b) {
                text.append(b)
                consume()
            }
        } else if integerDigits > 0, try byte() == UInt8(ascii: "."), try exponentAhead(1) {
            // "1.e5": DOUBLE allows digits, '.', no fraction, then an exponent.
            text.append(UInt8(ascii: "."))
            consume()
            try exponent()
            return .double(makeString())
        }
        if integerDigits == 0 && !isDecimal {
            throw try unexpectedHere("(expected a digit in a number)")
        }
        if try exponentAhead(0) {
            try exponent()
            return .double(makeString())
        }
        return isDecimal ? .decimal(makeString()) : .integer(makeString())
    }

    /// Whether an exponent (`[eE] [+-]? [0-9]+`) starts `k` bytes ahead.
    private mutating func exponentAhead(_ k: Int) throws -> Bool {
        guard let e = try byte(k), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") else { return false }
        guard let s = try byte(k + 1) else { return false }
        if isDigit(s) { return true }
        if s == UInt8(ascii: "+") || s == UInt8(ascii: "-"), let d = try byte(k + 2), isDigit(d) { return true }
        return false
    }

    private mutating func exponent() throws {
        while let b = try byte(), !isDigit(b) { // 'e' and the sign
            text.append(b)
            consume()
        }
        while let b = try byte(), isDigit(b) {
            text.append(b)
            consume()
        }
    }

    /// BLANK_NODE_LABEL: `_:` (PN_CHARS_U | [0-9]) ((PN_CHARS | '.')* PN_CHARS)?
    private mutating func blankNodeLabel() throws -> String {
        consume(2)
        text.removeAll(keepingCapacity: true)
        guard let b = try byte() else { throw error("expected a blank node label after '_:'") }
        if b < 0x80 {
            guard isASCIILetter(b) || isDigit(b) || b == UInt8(ascii: "_") else {
                throw try unexpectedHere("at the start of a blank node label")
            }
            text.append(b)
            consume()
        } else {
            guard let (v, _) = try scalar(at: 0), let s = Unicode.Scalar(v), NTriplesFormatter.isPNCharsU(s) else {
                throw try unexpectedHere("at the start of a blank node label")
            }
            try takeScalar()
        }
        try nameTail(local: false)
        return makeString()
    }

    /// Continues a name (prefix, local name or label) with PN_CHARS and inner dots. A dot
    /// is taken only when a name character follows the run of dots: names never end with '.'.
    private mutating func nameTail(local: Bool) throws {
        while true {
            guard let b = try byte() else { return }
            if b == UInt8(ascii: ".") {
                var k = 1
                while try byte(k) == UInt8(ascii: ".") { k += 1 }
                guard try nameCharacterAhead(k, local: local) else { return }
                for _ in 0..<k { text.append(UInt8(ascii: ".")) }
                consume(k)
                continue
            }
            guard try nameCharacterAhead(0, local: local) else { return }
            try takeNameCharacter(local: local)
        }
    }

    /// Whether the character `k` bytes ahead can continue a name (PN_CHARS; in local
    /// names also ':' and the PLX escapes).
    private mutating func nameCharacterAhead(_ k: Int, local: Bool) throws -> Bool {
        guard let b = try byte(k) else { return false }
        if b < 0x80 {
            if isASCIILetter(b) || isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") { return true }
            if local && (b == UInt8(ascii: ":") || b == UInt8(ascii: "%") || b == UInt8(ascii: "\\")) { return true }
            return false
        }
        guard let (v, _) = try scalar(at: k), let s = Unicode.Scalar(v) else { return false }
        return NTriplesFormatter.isPNChars(s)
    }

    /// Takes one name character (after ``nameCharacterAhead(_:local:)`` said yes).
    private mutating func takeNameCharacter(local: Bool) throws {
        let b = try byte()!
        if b >= 0x80 {
            try takeScalar()
        } else if local && b == UInt8(ascii: "%") {
            // PERCENT: kept as written (https://www.w3.org/TR/turtle/#sec-escapes).
            guard let h1 = try byte(1), UTF8Scan.hexValue(h1) != nil, let h2 = try byte(2), UTF8Scan.hexValue(h2) != nil else {
                throw error("'%' in a local name must be followed by two hexadecimal digits")
            }
            text.append(b)
            text.append(h1)
            text.append(h2)
            consume(3)
        } else if local && b == UInt8(ascii: "\\") {
            // PN_LOCAL_ESC: the escaped character stands for itself.
            guard let e = try byte(1), isLocalEscape(e) else {
                throw error("invalid escape in a local name (allowed: \\ followed by one of _~.-!$&'()*+,;=/?#@%)")
            }
            text.append(e)
            consume(2)
        } else {
            text.append(b)
            consume()
        }
    }

    /// PN_LOCAL_ESC: the characters a local name may escape with '\\'.
    private func isLocalEscape(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "@"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    /// PNAME_NS / PNAME_LN, or a bare word (`a`, `true`, `PREFIX`, ...).
    private mutating func prefixedNameOrWord() throws -> TurtleToken {
        text.removeAll(keepingCapacity: true)
        if try byte() != UInt8(ascii: ":") {
            // PN_PREFIX: PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
            try takeNameCharacter(local: false)
            try nameTail(local: false)
        }
        guard try byte() == UInt8(ascii: ":") else {
            return .word(makeString())
        }
        let prefix = makeString()
        consume() // ':'
        text.removeAll(keepingCapacity: true)
        // PN_LOCAL: (PN_CHARS_U | ':' | [0-9] | PLX) ((PN_CHARS | '.' | ':' | PLX)* (PN_CHARS | ':' | PLX))?
        guard let b = try byte() else { return .prefixedName(prefix: prefix, local: nil) }
        var starts = false
        if b < 0x80 {
            starts = isASCIILetter(b) || isDigit(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: ":")
                || b == UInt8(ascii: "%") || b == UInt8(ascii: "\\")
        } else if let (v, _) = try scalar(at: 0), let s = Unicode.Scalar(v) {
            starts = NTriplesFormatter.isPNCharsU(s)
        }
        guard starts else { return .prefixedName(prefix: prefix, local: nil) }
        try takeNameCharacter(local: true)
        try nameTail(local: true)
        return .prefixedName(prefix: prefix, local: makeString())
    }
}
