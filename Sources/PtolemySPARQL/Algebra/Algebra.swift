import PtolemyRDF

/// A SPARQL algebra expression: what a query's WHERE clause and solution modifiers
/// translate to, following https://www.w3.org/TR/sparql11-query/#sparqlQuery
///
/// The cases map one to one onto the operators of section 18.2, with two
/// representation choices that keep the tree convenient for an engine:
/// - `Group`, `Aggregation` and `AggregateJoin` are one ``group(_:keys:aggregates:)``
///   node that outputs, per group, the key variables and one internal variable per aggregate;
/// - `ToMultiSet` of inline data is ``values(variables:rows:)`` (a table), and the
///   `ToList`/`ToMultiSet` wrappers of sub-queries are implicit.
///
/// A query level (SELECT or sub-SELECT) nests as
/// `slice(distinct|reduced(project(orderBy(extend*(join(filter(group(P)), values))))))`,
/// each layer present only when the query uses it.
public indirect enum Algebra: Hashable, Sendable {
    /// A basic graph pattern. `.bgp([])` is the empty pattern Z (one solution, no bindings).
    case bgp([TriplePattern])
    /// A property path pattern `Path(subject, path, object)`. Paths that are a plain IRI,
    /// an inverted IRI or a sequence are translated to triple patterns instead (18.2.2.4).
    case path(subject: TermPattern, path: PropertyPath, object: TermPattern)
    case join(Algebra, Algebra)
    /// `LeftJoin(left, right, expr)`; `filter == nil` stands for `true`.
    case leftJoin(Algebra, Algebra, filter: Expression?)
    case filter(Expression, Algebra)
    case union(Algebra, Algebra)
    case minus(Algebra, Algebra)
    /// `Graph(name, pattern)`; the name is an IRI or a variable.
    case graph(name: TermPattern, Algebra)
    /// `Extend(pattern, variable, expression)` (BIND, SELECT expressions).
    case extend(Algebra, variable: Variable, expression: Expression)
    /// `Service(endpoint, pattern, silent)`; the endpoint is an IRI or a variable.
    case service(endpoint: TermPattern, Algebra, silent: Bool)
    /// Inline data (VALUES): a table whose cells are terms or `nil` (UNDEF).
    case values(variables: [Variable], rows: [[Term?]])
    /// Grouping with its aggregates. An empty `keys` list means a single group
    /// (a query with aggregates but no GROUP BY), which exists even for an empty input.
    case group(Algebra, keys: [GroupKey], aggregates: [AggregateBinding])
    case orderBy(Algebra, [OrderCondition])
    case project(Algebra, [Variable])
    case distinct(Algebra)
    case reduced(Algebra)
    /// `Slice(pattern, offset, limit)`; `limit == nil` means no LIMIT.
    case slice(Algebra, offset: Int, limit: Int?)

    /// The empty basic graph pattern Z.
    public static let empty = Algebra.bgp([])

    /// Whether this is the empty basic graph pattern Z.
    @inlinable
    public var isEmptyPattern: Bool {
        if case .bgp(let triples) = self { return triples.isEmpty }
        return false
    }

    /// `Join(left, right)` simplified as section 18.2.2.8 says: `Join(Z, A)` and `Join(A, Z)` are `A`.
    @inlinable
    public static func joined(_ left: Algebra, _ right: Algebra) -> Algebra {
        if left.isEmptyPattern { return right }
        if right.isEmptyPattern { return left }
        return .join(left, right)
    }
}
