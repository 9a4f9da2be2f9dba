import PtolemyRDF

/// A position of a triple or quad pattern: an RDF term or a variable.
///
/// In graph patterns (WHERE clauses) blank nodes are variables of kind
/// ``Variable/Kind/blankNode``; `.term(.blank(_))` only occurs in templates
/// (CONSTRUCT, INSERT), where each solution gets fresh blank nodes.
public enum TermPattern: Hashable, Sendable {
    case term(Term)
    case variable(Variable)

    /// An IRI term.
    @inlinable
    public static func iri(_ value: String) -> TermPattern { .term(.iri(value)) }

    /// A named variable.
    @inlinable
    public static func named(_ name: String) -> TermPattern { .variable(Variable(name)) }

    /// The variable, when this is one.
    @inlinable
    public var variable: Variable? {
        if case .variable(let variable) = self { return variable }
        return nil
    }

    /// The term, when this is one.
    @inlinable
    public var term: Term? {
        if case .term(let term) = self { return term }
        return nil
    }
}

extension TermPattern: CustomStringConvertible {
    public var description: String {
        switch self {
        case .term(let term): return term.description
        case .variable(let variable): return variable.description
        }
    }
}
