/// A query variable.
///
/// Besides the variables a query names (`?x`, `$x`), the translation to algebra
/// introduces variables of its own; ``kind`` keeps them apart from the user's so
/// that they can never clash with a user variable nor be projected by `SELECT *`.
///
/// See https://www.w3.org/TR/sparql11-query/#sparqlQueryVariables
public struct Variable: Hashable, Sendable, Comparable {
    /// Where a variable comes from.
    public enum Kind: UInt8, Hashable, Sendable {
        /// A variable written in the query (`?name` or `$name`).
        case named
        /// A blank node of a graph pattern (`_:label`, `[]`, list nodes) or an intermediate
        /// node of a property-path sequence. It behaves as a variable that is never
        /// projected; its ``Variable/name`` is a valid blank-node label, unique in the query.
        /// See https://www.w3.org/TR/sparql11-query/#QSynBlankNodes
        case blankNode
        /// A variable made by the translation or an optimizer, e.g. the result of an
        /// aggregate (https://www.w3.org/TR/sparql11-query/#aggregateAlgebra).
        case `internal`
    }

    /// The name without `?`/`$` (or the blank-node label without `_:`).
    public var name: String
    public var kind: Kind

    @inlinable
    public init(_ name: String, kind: Kind = .named) {
        self.name = name
        self.kind = kind
    }

    /// Whether the variable may appear in query results (only variables the query names).
    @inlinable
    public var isProjectable: Bool { kind == .named }

    /// Orders by kind (named variables first), then by name: a stable order for output.
    public static func < (lhs: Variable, rhs: Variable) -> Bool {
        lhs.kind.rawValue != rhs.kind.rawValue ? lhs.kind.rawValue < rhs.kind.rawValue : lhs.name < rhs.name
    }
}

extension Variable: CustomStringConvertible {
    /// `?name` for named variables, `_:name` for blank nodes, `?<internal:name>` otherwise.
    public var description: String {
        switch kind {
        case .named: return "?" + name
        case .blankNode: return "_:" + name
        case .internal: return "?<internal:" + name + ">"
        }
    }
}
