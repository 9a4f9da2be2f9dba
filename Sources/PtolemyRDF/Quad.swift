/// A triple in a graph: the unit every parser produces and the store consumes.
///
/// `graph == nil` is the default graph. Terms are generalized (see ``Term``);
/// ``isValidRDF`` checks the RDF 1.1 position constraints.
public struct Quad: Hashable, Sendable {
    public var subject: Term
    public var predicate: Term
    public var object: Term
    /// The graph name, or `nil` for the default graph.
    public var graph: Term?

    @inlinable
    public init(_ subject: Term, _ predicate: Term, _ object: Term, graph: Term? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }

    /// Whether the quad is valid RDF 1.1: subject IRI or blank node, predicate IRI,
    /// graph name (if any) IRI or blank node.
    @inlinable
    public var isValidRDF: Bool {
        if subject.isLiteral { return false }
        if !predicate.isIRI { return false }
        if let graph, graph.isLiteral { return false }
        return true
    }
}

extension Quad: CustomStringConvertible {
    /// The quad as one N-Quads line, without the line break.
    public var description: String {
        var out = ""
        NTriplesFormatter.write(self, to: &out)
        return out
    }
}
