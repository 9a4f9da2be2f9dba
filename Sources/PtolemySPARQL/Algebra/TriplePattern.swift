/// A triple pattern: the unit of a basic graph pattern and of CONSTRUCT templates.
/// See https://www.w3.org/TR/sparql11-query/#defn_TriplePattern
public struct TriplePattern: Hashable, Sendable {
    public var subject: TermPattern
    public var predicate: TermPattern
    public var object: TermPattern

    @inlinable
    public init(_ subject: TermPattern, _ predicate: TermPattern, _ object: TermPattern) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }

    /// The variables of the pattern, subject first.
    public var variables: [Variable] {
        [subject.variable, predicate.variable, object.variable].compactMap { $0 }
    }
}

extension TriplePattern: CustomStringConvertible {
    public var description: String { "\(subject) \(predicate) \(object)" }
}

/// A quad pattern of an update template: a triple pattern with an optional graph.
///
/// `graph == nil` stands for the default graph (or the `WITH` graph of the operation).
/// See https://www.w3.org/TR/sparql11-update/#deleteInsert
public struct QuadPattern: Hashable, Sendable {
    public var subject: TermPattern
    public var predicate: TermPattern
    public var object: TermPattern
    /// An IRI or a variable, or `nil` for the default graph.
    public var graph: TermPattern?

    @inlinable
    public init(_ subject: TermPattern, _ predicate: TermPattern, _ object: TermPattern, graph: TermPattern? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }

    /// The triple part.
    @inlinable
    public var triple: TriplePattern { TriplePattern(subject, predicate, object) }
}
