import PtolemyRDF

/// A parsed SPARQL 1.1 Update request: operations run in order.
/// See https://www.w3.org/TR/sparql11-update/#updateLanguage
public struct Update: Hashable, Sendable {
    public var operations: [UpdateOperation]

    public init(operations: [UpdateOperation]) {
        self.operations = operations
    }

    /// Parses an update request (https://www.w3.org/TR/sparql11-update/#rUpdateUnit).
    /// - Throws: ``SPARQLSyntaxError`` with the line and column of the first problem.
    /// - Parameter customAggregates: the function IRIs that are aggregates (in sub-queries).
    public init(parsing text: String, baseIRI: String? = nil,
                customAggregates: Set<String> = Aggregate.standardCustomAggregates) throws(SPARQLSyntaxError) {
        var parser = try Parser(text, baseIRI: baseIRI)
        parser.customAggregates = customAggregates
        self = try parser.parseUpdateUnit()
    }
}

/// One operation of an update request.
public enum UpdateOperation: Hashable, Sendable {
    /// `INSERT DATA`: ground quads. Blank nodes are `Term.blank` with labels scoped to the
    /// request (the store gives them fresh identities).
    case insertData([Quad])
    /// `DELETE DATA`: ground quads without blank nodes.
    case deleteData([Quad])
    /// `DELETE/INSERT ... WHERE`, and `DELETE WHERE` (which is `DELETE {P} WHERE {P}`).
    case modify(Modify)
    /// `LOAD [SILENT] <source> [INTO GRAPH <destination>]`.
    case load(source: String, destination: String?, silent: Bool)
    /// `CLEAR [SILENT] target`.
    case clear(GraphTarget, silent: Bool)
    /// `DROP [SILENT] target`.
    case drop(GraphTarget, silent: Bool)
    /// `CREATE [SILENT] GRAPH <graph>`.
    case create(graph: String, silent: Bool)
    /// `ADD [SILENT] from TO to`.
    case add(from: GraphOrDefault, to: GraphOrDefault, silent: Bool)
    /// `MOVE [SILENT] from TO to`.
    case move(from: GraphOrDefault, to: GraphOrDefault, silent: Bool)
    /// `COPY [SILENT] from TO to`.
    case copy(from: GraphOrDefault, to: GraphOrDefault, silent: Bool)
}

/// `DELETE {...} INSERT {...} WHERE {...}` with `WITH` and `USING`.
/// See https://www.w3.org/TR/sparql11-update/#deleteInsert
public struct Modify: Hashable, Sendable {
    /// The `WITH` graph: the default graph of the WHERE clause (unless `using` is given)
    /// and of the templates' triples without `GRAPH`.
    public var with: String?
    /// Quads to delete, instantiated per solution (no blank nodes).
    public var delete: [QuadPattern]
    /// Quads to insert; template blank nodes are fresh per solution.
    public var insert: [QuadPattern]
    /// `USING` / `USING NAMED`, or `nil`.
    public var using: QueryDataset?
    /// The WHERE clause's algebra.
    public var pattern: Algebra
    /// The base IRI in effect for this operation (for the `IRI()` function).
    public var baseIRI: String?

    public init(with: String? = nil, delete: [QuadPattern] = [], insert: [QuadPattern] = [],
                using: QueryDataset? = nil, pattern: Algebra, baseIRI: String? = nil) {
        self.with = with
        self.delete = delete
        self.insert = insert
        self.using = using
        self.pattern = pattern
        self.baseIRI = baseIRI
    }
}

/// The graphs `CLEAR` and `DROP` act on.
public enum GraphTarget: Hashable, Sendable {
    case graph(String)
    case defaultGraph
    /// All named graphs.
    case namedGraphs
    /// The default graph and all named graphs.
    case allGraphs
}

/// A graph of `ADD`, `MOVE` and `COPY`.
public enum GraphOrDefault: Hashable, Sendable {
    case defaultGraph
    case graph(String)
}

extension Update: CustomStringConvertible {
    /// The request as SPARQL text (see ``SPARQLSerializer``).
    public var description: String { SPARQLSerializer().serialize(self) }
}
