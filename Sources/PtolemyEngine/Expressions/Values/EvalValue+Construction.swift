import PtolemyRDF
import PtolemyStorage

/// Results of functions and operators. Booleans and integers carry their inline store
/// ID, so the executor does not have to intern them.
extension EvalValue {
    static let `true` = EvalValue(.literal(Literal("true", datatype: XSD.boolean)), id: InlineTerms.boolean(true))
    static let `false` = EvalValue(.literal(Literal("false", datatype: XSD.boolean)), id: InlineTerms.boolean(false))

    /// An `xsd:boolean`.
    static func boolean(_ value: Bool) -> EvalValue { value ? .true : .false }

    /// An `xsd:integer` in canonical form.
    static func integer(_ value: Int128) -> EvalValue {
        let term = Term.literal(Literal(String(value), datatype: XSD.integer))
        if let small = Int64(exactly: value), let id = InlineTerms.integer(small) { return EvalValue(term, id: id) }
        return EvalValue(term)
    }

    /// A number in its type's canonical form.
    static func numeric(_ value: NumericValue) -> EvalValue {
        if case .integer(let i) = value { return integer(i) }
        return EvalValue(value.term)
    }

    /// A simple literal, or a language-tagged string when `language` is given.
    static func string(_ lexical: String, language: String? = nil) -> EvalValue {
        if let language { return EvalValue(.literal(Literal(lexical, language: language))) }
        return EvalValue(.literal(Literal(lexical)))
    }

    /// A literal of the given datatype.
    static func typed(_ lexical: String, _ datatype: String) -> EvalValue {
        EvalValue(.literal(Literal(lexical, datatype: datatype)))
    }
}
