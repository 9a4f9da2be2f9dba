/// A token of Turtle or TriG (https://www.w3.org/TR/turtle/#sec-grammar-grammar,
/// https://www.w3.org/TR/trig/#sec-grammar-grammar). Text is already unescaped.
enum TurtleToken: Equatable {
    /// IRIREF, unescaped but not yet resolved against the base.
    case iriRef(String)
    /// PNAME_NS (`local == nil`) or PNAME_LN; the local part has its `\` escapes removed
    /// and keeps `%XX` as written.
    case prefixedName(prefix: String, local: String?)
    /// BLANK_NODE_LABEL without `_:`.
    case blankNodeLabel(String)
    /// Any of the four string forms, unescaped.
    case string(String)
    /// `@` and a word: LANGTAG after a string, or the directives `@prefix` / `@base`.
    case atWord(String)
    case integer(String)
    case decimal(String)
    case double(String)
    /// A bare word: `a`, `true`, `false`, `PREFIX`, `BASE`, `GRAPH` (anything else is an error
    /// the parser reports in context).
    case word(String)
    /// One of `. ; , [ ] ( ) { }`.
    case punctuation(UInt8)
    /// `^^`
    case datatypeMarker
    /// The end of the input.
    case end
    /// Stands in for the token after a lexical error (so recovery knows to skip input).
    case invalid

    static let dot = TurtleToken.punctuation(UInt8(ascii: "."))
    static let semicolon = TurtleToken.punctuation(UInt8(ascii: ";"))
    static let comma = TurtleToken.punctuation(UInt8(ascii: ","))
    static let openBracket = TurtleToken.punctuation(UInt8(ascii: "["))
    static let closeBracket = TurtleToken.punctuation(UInt8(ascii: "]"))
    static let openParen = TurtleToken.punctuation(UInt8(ascii: "("))
    static let closeParen = TurtleToken.punctuation(UInt8(ascii: ")"))
    static let openBrace = TurtleToken.punctuation(UInt8(ascii: "{"))
    static let closeBrace = TurtleToken.punctuation(UInt8(ascii: "}"))

    /// The token as a reader would name it in a message.
    var display: String {
        switch self {
        case .iriRef(let iri): return "<\(iri)>"
        case .prefixedName(let prefix, let local): return "\(prefix):\(local ?? "")"
        case .blankNodeLabel(let label): return "_:\(label)"
        case .string(let s): return "string \"\(s.count > 30 ? String(s.prefix(30)) + "…" : s)\""
        case .atWord(let w): return "@\(w)"
        case .integer(let n), .decimal(let n), .double(let n): return "number \(n)"
        case .word(let w): return "'\(w)'"
        case .punctuation(let c): return "'\(Character(Unicode.Scalar(c)))'"
        case .datatypeMarker: return "'^^'"
        case .end: return "the end of the input"
        case .invalid: return "invalid input"
        }
    }
}
