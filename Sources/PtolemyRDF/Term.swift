/// An RDF term: an IRI, a blank node or a literal.
///
/// IRIs are kept as their full string (no prefix compression here: the store's
/// dictionary does that). The model is deliberately *generalized*: a `Quad`
/// may carry any term in any position, and producers that need strict RDF
/// (the parsers, the store) check with ``Quad/isValidRDF``. This keeps SPARQL
/// CONSTRUCT templates and RML term maps simple.
///
/// See https://www.w3.org/TR/rdf11-concepts/#section-rdf-graph
public enum Term: Hashable, Sendable {
    /// An absolute IRI, without the angle brackets.
    case iri(String)
    /// A blank node, by its label (without `_:`). Labels are local to a document or dataset.
    case blank(String)
    /// A literal with its lexical form, datatype and optional language tag.
    case literal(Literal)

    /// A simple literal (`xsd:string`).
    @inlinable
    public static func string(_ value: String) -> Term {
        .literal(Literal(value))
    }

    /// A typed literal.
    @inlinable
    public static func typed(_ lexical: String, _ datatype: String) -> Term {
        .literal(Literal(lexical, datatype: datatype))
    }

    /// A language-tagged string (`rdf:langString`).
    @inlinable
    public static func langString(_ lexical: String, _ language: String) -> Term {
        .literal(Literal(lexical, language: language))
    }

    /// The IRI string, when this term is an IRI.
    @inlinable
    public var iriValue: String? {
        if case .iri(let value) = self { return value }
        return nil
    }

    /// The literal, when this term is a literal.
    @inlinable
    public var literalValue: Literal? {
        if case .literal(let literal) = self { return literal }
        return nil
    }

    @inlinable public var isIRI: Bool { if case .iri = self { return true } else { return false } }
    @inlinable public var isBlank: Bool { if case .blank = self { return true } else { return false } }
    @inlinable public var isLiteral: Bool { if case .literal = self { return true } else { return false } }
}

extension Term: CustomStringConvertible {
    /// The term in N-Triples syntax.
    public var description: String {
        var out = ""
        NTriplesFormatter.write(self, to: &out)
        return out
    }
}
