import Foundation
import PtolemyRDF

/// The functions on RDF terms of https://www.w3.org/TR/sparql11-query/#func-rdfTerms
/// (IRI and BNODE need the query's context and live in ``ExpressionEvaluator``).
enum TermFunctions {
    static func isIRI(_ a: EvalValue) -> EvalValue { .boolean(a.term.isIRI) }
    static func isBlank(_ a: EvalValue) -> EvalValue { .boolean(a.term.isBlank) }
    static func isLiteral(_ a: EvalValue) -> EvalValue { .boolean(a.term.isLiteral) }

    /// `isNumeric`: true for a numeric literal with a valid lexical form only.
    static func isNumeric(_ a: EvalValue) -> EvalValue {
        guard let value = LiteralValue.of(a), case .numeric = value else { return .false }
        return .true
    }

    /// `STR`: the lexical form of a literal, the string of an IRI; an error for a blank node.
    static func str(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        switch a.term {
        case .iri(let iri): return .string(iri)
        case .literal(let literal):
            if literal.isSimple { return EvalValue(a.term, id: a.id) }
            return .string(literal.lexicalForm)
        case .blank: throw ExpressionError("STR of a blank node")
        }
    }

    /// `LANG`: the language tag, or the empty string; an error for a non-literal.
    static func lang(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        guard case .literal(let literal) = a.term else { throw ExpressionError("LANG of a non-literal: \(a.term)") }
        return .string(literal.language ?? "")
    }

    /// `DATATYPE`: the datatype IRI (`rdf:langString` for tagged strings, as in RDF 1.1).
    static func datatype(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        guard case .literal(let literal) = a.term else { throw ExpressionError("DATATYPE of a non-literal: \(a.term)") }
        return EvalValue(.iri(literal.datatype))
    }

    /// `STRDT(lexical, datatype)`: a simple literal (or `xsd:string`) and an IRI.
    static func strDT(_ lexical: EvalValue, _ datatype: EvalValue) throws(ExpressionError) -> EvalValue {
        let form = try StringArgument.simple(lexical)
        guard case .iri(let iri) = datatype.term, iri != RDFVocabulary.langString else {
            throw ExpressionError("STRDT needs a datatype IRI: \(datatype.term)")
        }
        return .typed(form, iri)
    }

    /// `STRLANG(lexical, tag)`: a simple literal (or `xsd:string`) and a well-formed language tag.
    static func strLang(_ lexical: EvalValue, _ tag: EvalValue) throws(ExpressionError) -> EvalValue {
        let form = try StringArgument.simple(lexical)
        let language = try StringArgument.simple(tag)
        guard isLanguageTag(language) else { throw ExpressionError("not a language tag: \(language)") }
        return .string(form, language: language)
    }

    /// BCP 47 shape as Turtle and SPARQL accept it: `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*`.
    static func isLanguageTag(_ tag: String) -> Bool {
        var length = 0
        var first = true
        for byte in tag.utf8 {
            if byte == UInt8(ascii: "-") {
                guard length > 0 else { return false }
                first = false
                length = 0
                continue
            }
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLetter || (!first && isDigit) else { return false }
            length += 1
            guard length <= 8 else { return false }
        }
        return length > 0
    }

    /// `UUID()`: a fresh `urn:uuid:` IRI (lower-case hex, RFC 4122 version 4).
    static func uuid() -> EvalValue {
        EvalValue(.iri("urn:uuid:" + UUID().uuidString.lowercased()))
    }

    /// `STRUUID()`: a fresh UUID as a simple literal.
    static func strUUID() -> EvalValue {
        .string(UUID().uuidString.lowercased())
    }
}
