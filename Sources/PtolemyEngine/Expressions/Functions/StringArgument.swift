import PtolemyRDF

/// A string literal argument of the functions on strings: a simple literal, an
/// `xsd:string` or a language-tagged string (https://www.w3.org/TR/sparql11-query/#func-string).
struct StringArgument {
    var lexical: String
    /// The language tag of a language-tagged string.
    var language: String?

    /// The argument, or a type error for anything but a string literal.
    init(_ value: EvalValue) throws(ExpressionError) {
        guard case .literal(let literal) = value.term else { throw ExpressionError("not a string literal: \(value.term)") }
        if let language = literal.language {
            lexical = literal.lexicalForm
            self.language = language
        } else if literal.datatype == XSD.string {
            lexical = literal.lexicalForm
            language = nil
        } else {
            throw ExpressionError("not a string literal: \(value.term)")
        }
    }

    /// A simple literal or `xsd:string` argument (no language tag allowed), as `STRDT`,
    /// `STRLANG`, `langMatches`, the patterns of `REGEX` and the hash functions take.
    static func simple(_ value: EvalValue) throws(ExpressionError) -> String {
        let argument = try StringArgument(value)
        guard argument.language == nil else { throw ExpressionError("expected a simple literal: \(value.term)") }
        return argument.lexical
    }

    /// Argument compatibility of two-string functions (https://www.w3.org/TR/sparql11-query/#func-arg-compatibility):
    /// two strings without a tag, two with the same tag, or a tagged first and an untagged second.
    static func compatible(_ a: EvalValue, _ b: EvalValue) throws(ExpressionError) -> (StringArgument, StringArgument) {
        let x = try StringArgument(a), y = try StringArgument(b)
        if let ly = y.language {
            guard let lx = x.language, ValueComparison.asciiCaseInsensitiveEqual(lx, ly) else {
                throw ExpressionError("incompatible string arguments: \(a.term), \(b.term)")
            }
        }
        return (x, y)
    }

    /// A result with this argument's language tag (or a simple literal).
    func result(_ lexical: String) -> EvalValue {
        .string(lexical, language: language)
    }
}
