import PtolemyRDF

/// A parsed SPARQL query: its form, dataset and algebra.
///
/// Parse with ``init(parsing:baseIRI:)``; turn back into text with ``SPARQLSerializer``
/// (also ``description``). See https://www.w3.org/TR/sparql11-query/#QueryForms
public struct Query: Hashable, Sendable {
    /// The query form and what it returns.
    public enum Form: Hashable, Sendable {
        /// SELECT, with the result variables in order (the same list as the top ``Algebra/project(_:_:)``).
        case select(variables: [Variable])
        /// CONSTRUCT, with its template. Template blank nodes are `.term(.blank(_))`:
        /// they are instantiated afresh for each solution.
        case construct(template: [TriplePattern])
        /// DESCRIBE of IRIs and variables (`DESCRIBE *` lists the in-scope variables).
        case describe(resources: [TermPattern])
        case ask
    }

    /// What the query returns.
    public var form: Form
    /// FROM and FROM NAMED, or `nil` when the query has none.
    public var dataset: QueryDataset?
    /// The algebra of the WHERE clause with the solution modifiers applied.
    public var algebra: Algebra
    /// The base IRI in effect at the end of the prologue (the `IRI()` function resolves
    /// relative IRIs against it). IRIs written in the query are already absolute.
    public var baseIRI: String?

    public init(form: Form, dataset: QueryDataset? = nil, algebra: Algebra, baseIRI: String? = nil) {
        self.form = form
        self.dataset = dataset
        self.algebra = algebra
        self.baseIRI = baseIRI
    }

    /// Parses a query (https://www.w3.org/TR/sparql11-query/#rQueryUnit).
    ///
    /// - Parameters:
    ///   - text: the query text.
    ///   - baseIRI: the IRI relative IRIs resolve against until a `BASE` declaration;
    ///     relative IRIs stay relative when there is none.
    ///   - customAggregates: the function IRIs that are aggregates
    ///     (``Aggregate/Function/custom(_:)``) rather than scalar functions.
    /// - Throws: ``SPARQLSyntaxError`` with the line and column of the first problem.
    public init(parsing text: String, baseIRI: String? = nil,
                customAggregates: Set<String> = Aggregate.standardCustomAggregates) throws(SPARQLSyntaxError) {
        var parser = try Parser(text, baseIRI: baseIRI)
        parser.customAggregates = customAggregates
        self = try parser.parseQueryUnit()
    }
}

/// The RDF dataset a query or update names: `FROM`/`FROM NAMED` or `USING`/`USING NAMED`.
/// See https://www.w3.org/TR/sparql11-query/#specifyingDataset
public struct QueryDataset: Hashable, Sendable {
    /// Graphs merged into the default graph.
    public var defaultGraphs: [String]
    /// Graphs visible to `GRAPH`.
    public var namedGraphs: [String]

    public init(defaultGraphs: [String] = [], namedGraphs: [String] = []) {
        self.defaultGraphs = defaultGraphs
        self.namedGraphs = namedGraphs
    }
}

extension Query: CustomStringConvertible {
    /// The query as SPARQL text (see ``SPARQLSerializer``).
    public var description: String { SPARQLSerializer().serialize(self) }
}
