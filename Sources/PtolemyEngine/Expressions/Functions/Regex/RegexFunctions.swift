/// `REGEX` and `REPLACE` (https://www.w3.org/TR/sparql11-query/#func-regex,
/// https://www.w3.org/TR/sparql11-query/#func-replace), which are XPath's `fn:matches`
/// and `fn:replace` on the lexical form of a string literal.
enum RegexFunctions {
    /// `REGEX(text, pattern[, flags])`: the text may be language-tagged; pattern and flags
    /// are simple literals.
    static func regex(_ text: EvalValue, _ pattern: EvalValue, _ flags: EvalValue?, cache: RegexCache) throws(ExpressionError) -> EvalValue {
        let input = try StringArgument(text)
        let compiled = try cache.regex(try StringArgument.simple(pattern), flags: try flags.map { v throws(ExpressionError) in try StringArgument.simple(v) } ?? "")
        return .boolean(compiled.matches(input.lexical))
    }

    /// `REPLACE(text, pattern, replacement[, flags])`: the result keeps the text's language tag.
    static func replace(_ text: EvalValue, _ pattern: EvalValue, _ replacement: EvalValue, _ flags: EvalValue?,
                        cache: RegexCache) throws(ExpressionError) -> EvalValue {
        let input = try StringArgument(text)
        let compiled = try cache.regex(try StringArgument.simple(pattern), flags: try flags.map { v throws(ExpressionError) in try StringArgument.simple(v) } ?? "")
        return input.result(try compiled.replace(in: input.lexical, with: try StringArgument.simple(replacement)))
    }
}
