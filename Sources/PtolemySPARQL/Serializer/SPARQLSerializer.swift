import PtolemyRDF

/// Writes queries, updates and algebra back as SPARQL text, for EXPLAIN and for the
/// requests a federation engine sends to SERVICE endpoints.
///
/// The text parses back to the same algebra: for every `query` that ``Query/init(parsing:baseIRI:)``
/// produced, `Query(parsing: SPARQLSerializer().serialize(query))` equals `query` (and the
/// same holds for updates). To get there the serializer chooses the syntax whose
/// translation (section 18.2) is the given tree: it wraps operands in `{ }` where a
/// FILTER would otherwise apply to more than its pattern, keeps the triples of one basic
/// graph pattern (and of the paths joined to it) in one triples block, and writes
/// aggregates back in place of the internal variables that hold them.
/// IRIs are written in full unless ``prefixes`` abbreviates them.
public struct SPARQLSerializer: Sendable {
    /// Prefixes to declare and to abbreviate IRIs with (prefix → namespace IRI).
    public var prefixes: [String: String] {
        didSet { abbreviations = Self.longestNamespaceFirst(prefixes) }
    }
    /// One level of indentation.
    public var indentation: String
    /// The prefixes, longest namespace first, so that abbreviation is deterministic.
    private(set) var abbreviations: [(prefix: String, namespace: String)]

    public init(prefixes: [String: String] = [:], indentation: String = "  ") {
        self.prefixes = prefixes
        self.indentation = indentation
        self.abbreviations = Self.longestNamespaceFirst(prefixes)
    }

    static func longestNamespaceFirst(_ prefixes: [String: String]) -> [(prefix: String, namespace: String)] {
        prefixes.map { (prefix: $0.key, namespace: $0.value) }.sorted {
            $0.namespace.utf8.count != $1.namespace.utf8.count ? $0.namespace.utf8.count > $1.namespace.utf8.count : $0.prefix < $1.prefix
        }
    }

    /// The query as text.
    public func serialize(_ query: Query) -> String {
        var out = prologue(base: query.baseIRI)
        let level: String
        switch query.form {
        case .select:
            level = selectLevel(query.algebra, dataset: query.dataset, depth: 0)
        case .construct(let template):
            var head = "CONSTRUCT {"
            if template.isEmpty {
                head += " }"
            } else {
                head += "\n" + template.map { indent(1) + triple($0, blankNodesAsLabels: true) + " .\n" }.joined() + "}"
            }
            level = solutionLevel(query.algebra, head: head, dataset: query.dataset, depth: 0)
        case .describe(let resources):
            let head = "DESCRIBE " + (resources.isEmpty ? "*" : resources.map { termPattern($0) }.joined(separator: " "))
            level = solutionLevel(query.algebra, head: head, dataset: query.dataset, depth: 0)
        case .ask:
            level = solutionLevel(query.algebra, head: "ASK", dataset: query.dataset, depth: 0)
        }
        out += level
        return out
    }

    /// The update request as text, operations separated by `;`.
    public func serialize(_ update: Update) -> String {
        var out = prologue(base: nil)
        var base: String?
        var first = true
        for operation in update.operations {
            if !first { out += " ;\n" }
            first = false
            if case .modify(let modify) = operation, let operationBase = modify.baseIRI, operationBase != base {
                out += "BASE " + iriReference(operationBase) + "\n"
                base = operationBase
            }
            out += self.operation(operation)
        }
        return out
    }

    /// `SELECT vars WHERE { pattern }` (all projectable in-scope variables when `variables`
    /// is `nil`): the request body for a SERVICE call.
    public func selectQuery(_ pattern: Algebra, variables: [Variable]? = nil) -> String {
        let projected = variables ?? pattern.projectableVariables
        return prologue(base: nil) + selectLevel(.project(pattern, projected), dataset: nil, depth: 0)
    }

    /// A group graph pattern `{ ... }` whose translation is `pattern`.
    public func groupGraphPattern(_ pattern: Algebra) -> String {
        group(pattern, depth: 0)
    }

    /// An expression (aggregates cannot occur in translated expressions).
    public func expression(_ expression: Expression) -> String {
        self.expression(expression, aggregates: [:], depth: 0)
    }

    func prologue(base: String?) -> String {
        var out = ""
        if let base { out += "BASE " + iriReference(base) + "\n" }
        for prefix in prefixes.keys.sorted() {
            out += "PREFIX \(prefix): " + iriReference(prefixes[prefix]!) + "\n"
        }
        return out
    }

    func indent(_ depth: Int) -> String {
        String(repeating: indentation, count: depth)
    }

    // MARK: Update operations

    func operation(_ operation: UpdateOperation) -> String {
        switch operation {
        case .insertData(let quads):
            return "INSERT DATA " + quadBlock(quads.map(Self.quadPattern))
        case .deleteData(let quads):
            return "DELETE DATA " + quadBlock(quads.map(Self.quadPattern))
        case .modify(let modify):
            var out = ""
            if let with = modify.with { out += "WITH " + iri(with) + "\n" }
            if !modify.delete.isEmpty || modify.insert.isEmpty { out += "DELETE " + quadBlock(modify.delete) + "\n" }
            if !modify.insert.isEmpty { out += "INSERT " + quadBlock(modify.insert) + "\n" }
            if let using = modify.using {
                for graph in using.defaultGraphs { out += "USING " + iri(graph) + "\n" }
                for graph in using.namedGraphs { out += "USING NAMED " + iri(graph) + "\n" }
            }
            return out + "WHERE " + group(modify.pattern, depth: 0)
        case .load(let source, let destination, let silent):
            var out = "LOAD " + (silent ? "SILENT " : "") + iri(source)
            if let destination { out += " INTO GRAPH " + iri(destination) }
            return out
        case .clear(let target, let silent):
            return "CLEAR " + (silent ? "SILENT " : "") + graphTarget(target)
        case .drop(let target, let silent):
            return "DROP " + (silent ? "SILENT " : "") + graphTarget(target)
        case .create(let graph, let silent):
            return "CREATE " + (silent ? "SILENT " : "") + "GRAPH " + iri(graph)
        case .add(let from, let to, let silent):
            return "ADD " + (silent ? "SILENT " : "") + graphOrDefault(from) + " TO " + graphOrDefault(to)
        case .move(let from, let to, let silent):
            return "MOVE " + (silent ? "SILENT " : "") + graphOrDefault(from) + " TO " + graphOrDefault(to)
        case .copy(let from, let to, let silent):
            return "COPY " + (silent ? "SILENT " : "") + graphOrDefault(from) + " TO " + graphOrDefault(to)
        }
    }

    static func quadPattern(_ quad: Quad) -> QuadPattern {
        QuadPattern(.term(quad.subject), .term(quad.predicate), .term(quad.object), graph: quad.graph.map { .term($0) })
    }

    /// `{ ... }` with consecutive quads of one graph in one `GRAPH` block, in order.
    func quadBlock(_ quads: [QuadPattern]) -> String {
        guard !quads.isEmpty else { return "{ }" }
        var out = "{\n"
        var index = 0
        while index < quads.count {
            let graph = quads[index].graph
            var end = index
            while end < quads.count && quads[end].graph == graph { end += 1 }
            let triples = quads[index..<end].map { triple($0.triple, blankNodesAsLabels: true) }
            if let graph {
                out += indent(1) + "GRAPH " + termPattern(graph) + " {\n"
                out += triples.map { indent(2) + $0 + " .\n" }.joined()
                out += indent(1) + "}\n"
            } else {
                out += triples.map { indent(1) + $0 + " .\n" }.joined()
            }
            index = end
        }
        return out + "}"
    }

    func graphTarget(_ target: GraphTarget) -> String {
        switch target {
        case .graph(let graph): return "GRAPH " + iri(graph)
        case .defaultGraph: return "DEFAULT"
        case .namedGraphs: return "NAMED"
        case .allGraphs: return "ALL"
        }
    }

    func graphOrDefault(_ graph: GraphOrDefault) -> String {
        switch graph {
        case .defaultGraph: return "DEFAULT"
        case .graph(let iri): return "GRAPH " + self.iri(iri)
        }
    }
}
