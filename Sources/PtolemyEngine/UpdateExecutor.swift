import Foundation
import PtolemyRDF
import PtolemyRDFIO
import PtolemyStorage
import PtolemySPARQL

/// Runs SPARQL 1.1 Update requests (https://www.w3.org/TR/sparql11-update/).
///
/// A request is one write transaction: its operations apply in order, each seeing the
/// previous ones, and the whole request commits durably (WAL + fsync) or not at all.
public struct UpdateExecutor: Sendable {
    public let engine: QueryEngine
    /// Directories LOAD may read from (file paths or file: IRIs); nil allows none.
    public let loadDirectories: [String]?

    public init(engine: QueryEngine = QueryEngine(), loadDirectories: [String]? = nil) {
        self.engine = engine
        self.loadDirectories = loadDirectories
    }

    /// What a request changed.
    public struct Report: Sendable {
        public var inserted = 0
        public var deleted = 0
    }

    /// Executes `update` on `store` atomically.
    public func execute(_ update: Update, on store: Store, control: QueryControl = QueryControl()) throws -> Report {
        try store.write { tx in
            var report = Report()
            for (index, operation) in update.operations.enumerated() {
                try control.check()
                try apply(operation, index: index, tx, &report, control: control)
            }
            return report
        }
    }

    private func apply(_ operation: UpdateOperation, index: Int, _ tx: WriteTransaction, _ report: inout Report, control: QueryControl) throws {
        switch operation {
        case .insertData(let quads):
            for q in quads where try tx.insert(q) { report.inserted += 1 }
        case .deleteData(let quads):
            for q in quads where try tx.delete(q) { report.deleted += 1 }
        case .modify(let modify):
            try runModify(modify, operation: index, tx, &report, control: control)
        case .load(let source, let destination, let silent):
            do {
                let quads = try load(source)
                let graph: Term? = destination.map { .iri($0) }
                for q in quads where try tx.insert(Quad(q.subject, q.predicate, q.object, graph: graph ?? q.graph)) {
                    report.inserted += 1
                }
            } catch where silent {
                return
            }
        case .clear(let target, let silent):
            try clear(target, tx, &report, silent: silent, drop: false)
        case .drop(let target, let silent):
            try clear(target, tx, &report, silent: silent, drop: true)
        case .create(let graph, let silent):
            let snapshot = tx.snapshot
            if let id = try snapshot.id(for: .iri(graph)), snapshot.graphs.contains(id) {
                if silent { return }
                throw QueryEvaluationError.other("CREATE GRAPH <\(graph)>: the graph already exists")
            }
            tx.createGraph(try tx.intern(.iri(graph)))
        case .add(let from, let to, let silent):
            try transfer(from: from, to: to, tx, &report, silent: silent, clearTarget: false, dropSource: false)
        case .copy(let from, let to, let silent):
            try transfer(from: from, to: to, tx, &report, silent: silent, clearTarget: true, dropSource: false)
        case .move(let from, let to, let silent):
            try transfer(from: from, to: to, tx, &report, silent: silent, clearTarget: true, dropSource: true)
        }
    }

    // MARK: - DELETE / INSERT WHERE

    private func runModify(_ modify: Modify, operation: Int, _ tx: WriteTransaction, _ report: inout Report, control: QueryControl) throws {
        // USING sets the WHERE dataset; WITH names the default graph of the WHERE (when no
        // USING) and of templates without GRAPH.
        var dataset = modify.using
        if dataset == nil, let with = modify.with { dataset = QueryDataset(defaultGraphs: [with], namedGraphs: []) }
        if var d = dataset, d.namedGraphs.isEmpty, modify.using == nil {
            // WITH alone keeps every named graph visible to GRAPH in the WHERE clause.
            d.namedGraphs = try tx.snapshot.graphs.compactMap { id -> String? in
                if case .iri(let iri) = try tx.snapshot.term(for: id) { return iri }
                return nil
            }
            dataset = d
        }
        let query = Query(form: .select(variables: modify.pattern.inScopeVariables), dataset: dataset,
                          algebra: modify.pattern, baseIRI: modify.baseIRI)
        let snapshot = tx.snapshot
        let prepared = try engine.prepare(query, snapshot: snapshot, control: control)
        let variables = prepared.variables
        var deletions: [(TermID, TermID, TermID, TermID)] = []
        var insertions: [[InsertSlot]] = []
        let defaultGraph: Term? = modify.with.map { .iri($0) }
        var solution = 0
        try prepared.forEachSolutionIDs { row in
            solution += 1
            var values: [Variable: TermID] = [:]
            for (v, id) in zip(variables, row) where !id.isNone { values[v] = id }
            // A value the store holds keeps its ID: a blank node from the store is that
            // node, not a new one with the same label.
            func stored(_ id: TermID) throws -> TermID? {
                id.tag == .queryLocal ? try snapshot.id(for: prepared.decode(id)) : id
            }
            func deletionID(_ p: TermPattern) throws -> TermID? {
                switch p {
                case .variable(let v): return try values[v].flatMap(stored)
                case .term(let t): return try snapshot.id(for: t)
                }
            }
            for template in modify.delete {
                guard let s = try deletionID(template.subject), let p = try deletionID(template.predicate),
                      let o = try deletionID(template.object) else { continue }
                let graphPattern = template.graph ?? defaultGraph.map { TermPattern.term($0) }
                var g = TermID.none
                if let graphPattern {
                    guard let id = try deletionID(graphPattern) else { continue }
                    g = id
                }
                deletions.append((s, p, o, g))
            }
            func insertionSlot(_ p: TermPattern) throws -> InsertSlot? {
                switch p {
                case .variable(let v):
                    if let id = values[v] {
                        if let sid = try stored(id) { return .id(sid) }
                        return .term(try prepared.decode(id))
                    }
                    // Blank nodes of the template are fresh for every solution.
                    return v.kind == .blankNode ? .term(.blank("o\(operation).s\(solution).v.\(v.name)")) : nil
                case .term(.blank(let label)): return .term(.blank("o\(operation).s\(solution).\(label)"))
                case .term(let t): return .term(t)
                }
            }
            for template in modify.insert {
                guard let s = try insertionSlot(template.subject), let p = try insertionSlot(template.predicate),
                      let o = try insertionSlot(template.object) else { continue }
                var quad = [s, p, o]
                if let g = template.graph ?? defaultGraph.map({ TermPattern.term($0) }) {
                    guard let slot = try insertionSlot(g) else { continue }
                    quad.append(slot)
                }
                insertions.append(quad)
            }
            return true
        }
        for (s, p, o, g) in deletions where try tx.delete(subject: s, predicate: p, object: o, graph: g) { report.deleted += 1 }
        for quad in insertions {
            // Quads that are not valid RDF (a literal subject...) are skipped (Update 3.1.3).
            guard quad[0].canBeSubject, quad[1].canBePredicate, quad.count < 4 || quad[3].canBeSubject else { continue }
            let ids = try quad.map { slot -> TermID in
                switch slot {
                case .id(let id): return id
                case .term(let t): return try tx.intern(t)
                }
            }
            if try tx.insert(subject: ids[0], predicate: ids[1], object: ids[2], graph: ids.count > 3 ? ids[3] : .none) {
                report.inserted += 1
            }
        }
    }

    /// A position of a quad to insert: a stored term by ID, or a term to intern.
    enum InsertSlot {
        case id(TermID)
        case term(Term)

        var canBeSubject: Bool {
            switch self {
            case .id(let id): return id.isIRI || id.isBlank
            case .term(let t): return !t.isLiteral
            }
        }

        var canBePredicate: Bool {
            switch self {
            case .id(let id): return id.isIRI
            case .term(let t): return t.isIRI
            }
        }
    }

    // MARK: - graph management

    /// The quads of one graph (by ID; `.none` is the default graph).
    private func quads(in graph: TermID, _ snapshot: StoreSnapshot) throws -> [(TermID, TermID, TermID, TermID)] {
        var out: [(TermID, TermID, TermID, TermID)] = []
        try snapshot.forEachQuad { s, p, o, g in if g == graph { out.append((s, p, o, g)) } }
        return out
    }

    private func clear(_ target: GraphTarget, _ tx: WriteTransaction, _ report: inout Report, silent: Bool, drop: Bool) throws {
        let snapshot = tx.snapshot
        var graphs: [TermID] = []
        var clearDefault = false
        switch target {
        case .defaultGraph: clearDefault = true
        case .namedGraphs: graphs = snapshot.graphs
        case .allGraphs: graphs = snapshot.graphs; clearDefault = true
        case .graph(let iri):
            guard let id = try snapshot.id(for: .iri(iri)), snapshot.graphs.contains(id) else {
                if silent { return }
                throw QueryEvaluationError.other("\(drop ? "DROP" : "CLEAR") GRAPH <\(iri)>: the graph does not exist")
            }
            graphs = [id]
        }
        let wanted = Set(graphs.map(\.rawValue))
        try snapshot.forEachQuad { s, p, o, g in
            if (g.isNone && clearDefault) || wanted.contains(g.rawValue) {
                if try tx.delete(subject: s, predicate: p, object: o, graph: g) { report.deleted += 1 }
            }
        }
        if drop { for g in graphs { tx.dropGraph(g) } }
    }

    private func transfer(from: GraphOrDefault, to: GraphOrDefault, _ tx: WriteTransaction, _ report: inout Report,
                          silent: Bool, clearTarget: Bool, dropSource: Bool) throws {
        if from == to { return }
        let snapshot = tx.snapshot
        func id(_ g: GraphOrDefault, mustExist: Bool) throws -> TermID? {
            switch g {
            case .defaultGraph: return TermID.none
            case .graph(let iri):
                if let id = try snapshot.id(for: .iri(iri)), snapshot.graphs.contains(id) { return id }
                if mustExist {
                    if silent { return nil }
                    throw QueryEvaluationError.other("the graph <\(iri)> does not exist")
                }
                return try tx.intern(.iri(iri))
            }
        }
        guard let source = try id(from, mustExist: true), let target = try id(to, mustExist: false) else { return }
        let moving = try quads(in: source, snapshot)
        if clearTarget {
            for (s, p, o, g) in try quads(in: target, snapshot) where try tx.delete(subject: s, predicate: p, object: o, graph: g) {
                report.deleted += 1
            }
        }
        if !target.isNone { tx.createGraph(target) }
        for (s, p, o, _) in moving where try tx.insert(subject: s, predicate: p, object: o, graph: target) { report.inserted += 1 }
        if dropSource {
            for (s, p, o, g) in moving where try tx.delete(subject: s, predicate: p, object: o, graph: g) { report.deleted += 1 }
            if !source.isNone { tx.dropGraph(source) }
        }
    }

    // MARK: - LOAD

    private func load(_ source: String) throws -> [Quad] {
        var path = source
        if source.hasPrefix("file://") { path = URL(string: source)?.path ?? String(source.dropFirst(7)) }
        guard !path.contains("://") else {
            throw QueryEvaluationError.unsupported("LOAD from \(source): only local files can be loaded")
        }
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let allowed = loadDirectories, allowed.contains(where: { resolved.hasPrefix(URL(fileURLWithPath: $0).standardizedFileURL.path + "/") }) else {
            throw QueryEvaluationError.other("LOAD <\(source)>: the file is outside the directories LOAD may read")
        }
        guard let format = RDFFormat.guess(fromFileName: resolved) else {
            throw QueryEvaluationError.other("LOAD <\(source)>: cannot tell the RDF syntax from the file name")
        }
        var quads: [Quad] = []
        try RDFParser(format: format, baseIRI: URL(fileURLWithPath: resolved).absoluteString).parse(file: resolved) { quads.append($0) }
        return quads
    }
}
