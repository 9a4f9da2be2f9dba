/// The kinds of tokens of the SPARQL grammar's terminals
/// (https://www.w3.org/TR/sparql11-query/#terminals).
enum TokenKind: UInt8, Sendable {
    /// `<...>`; the value is the unescaped, unresolved IRI.
    case iri
    /// `prefix:local`; the value is the prefix, ``Token/local`` the unescaped local part
    /// (empty for a PNAME_NS).
    case prefixedName
    /// `_:label`; the value is the label.
    case blankNodeLabel
    /// `?name` / `$name`; the value is the name.
    case variable
    /// `@tag`; the value is the tag.
    case langTag
    /// Numbers; the value is the lexical form, sign included.
    case integer, decimal, double
    /// A string in any of the four quote styles; the value is unescaped.
    case string
    /// A bare word: a keyword, a built-in name, `a`, `true`, `false`.
    case word
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case semicolon, comma, dot
    case plus, minus, star, slash, bang
    case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual
    case and, or, caret, doubleCaret, pipe, question
    case endOfInput
    /// A lexical error; the value is the message. Lexing stops there.
    case error
}

/// A token with its byte range in the source.
struct Token: Sendable {
    var kind: TokenKind
    var start: Int
    var end: Int
    var value: String
    var local: String

    init(_ kind: TokenKind, _ start: Int, _ end: Int, _ value: String = "", local: String = "") {
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.local = local
    }

    /// Whether this is the keyword `keyword` (given in upper case), compared case-insensitively.
    @inline(__always)
    func isKeyword(_ keyword: StaticString) -> Bool {
        guard kind == .word else { return false }
        return value.utf8.count == keyword.utf8CodeUnitCount && Token.equalsIgnoringCase(value, keyword)
    }

    static func equalsIgnoringCase(_ value: String, _ keyword: StaticString) -> Bool {
        var iterator = value.utf8.makeIterator()
        let pointer = keyword.utf8Start
        for index in 0..<keyword.utf8CodeUnitCount {
            guard var byte = iterator.next() else { return false }
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 32 }
            if byte != pointer[index] { return false }
        }
        return iterator.next() == nil
    }
}
