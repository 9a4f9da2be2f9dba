import Foundation
import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// The query engine: plans a parsed query against a store snapshot and runs it.
///
/// Thread-safe and cheap: one engine per server, one ``PreparedQuery`` per execution.
public struct QueryEngine: Sendable {
    public let services: (any ServiceHandler)?
    public let functions: FunctionRegistry
    /// Spreads queries over federation members (transparent federation); nil: queries
    /// read the local store only (and SERVICE what they name).
    public let distributor: (any QueryDistributor)?

    public init(services: (any ServiceHandler)? = nil, functions: FunctionRegistry = .standard,
                distributor: (any QueryDistributor)? = nil) {
        self.services = services
        self.functions = functions
        self.distributor = distributor
    }

    /// Plans `query` over `snapshot`. Nothing runs until results are read.
    public func prepare(_ query: Query, snapshot: StoreSnapshot, control: QueryControl = QueryControl(),
                        now: Date = Date()) throws -> PreparedQuery {
        let context = QueryContext(snapshot: snapshot, control: control, baseIRI: query.baseIRI, functions: functions, now: now)
        let planner = QueryPlanner(context: context, dataset: query.dataset, services: services)
        let limit: Int? = { if case .ask = query.form { return 1 }; return nil }()
        // GeoSPARQL's Query Rewrite and RDFS Entailment extensions, as an algebra rewrite
        // (PtolemyGeoSPARQL); branches over vocabulary the data never uses are left out.
        var algebra: Algebra
        if let distributor {
            // The rewrite keeps branches over vocabulary that a member uses, even where this store does not.
            let local = GeoSPARQLRewriter(snapshot: snapshot)
            algebra = GeoSPARQLRewriter(options: local.options, vocabulary: { iri in
                local.vocabulary?(iri) != false || distributor.membersUse(iri)
            }, declaredSubproperties: local.declaredSubproperties).rewrite(query.algebra)
            algebra = try distributor.distribute(algebra, snapshot: snapshot)
        } else {
            algebra = GeoSPARQLRewriter(snapshot: snapshot).rewrite(query.algebra)
        }
        let plan = try planner.plan(algebra, graph: .defaultGraph(planner.defaultGraph), limitHint: limit)
        return PreparedQuery(query: query, plan: plan, context: context, planner: planner)
    }
}

/// A planned query, ready to produce its results once.
public final class PreparedQuery {
    public let query: Query
    let plan: Plan
    let context: QueryContext
    let planner: QueryPlanner
    private var consumed = false

    init(query: Query, plan: Plan, context: QueryContext, planner: QueryPlanner) {
        self.query = query
        self.plan = plan
        self.context = context
        self.planner = planner
    }

    /// The projected variables of a SELECT query.
    public var variables: [Variable] {
        if case .select(let variables) = query.form { return variables }
        return plan.variables
    }

    /// The root operator (for EXPLAIN).
    public var root: any PhysicalOperator { plan.op }

    /// Streams SELECT solutions, one array of optional terms per solution in ``variables`` order.
    /// - Parameter body: return false to stop early.
    public func forEachSolution(_ body: ([Term?]) throws -> Bool) throws {
        precondition(!consumed, "a prepared query runs once")
        consumed = true
        let columns = variables.map { plan.column(of: $0) }
        var row = [Term?](repeating: nil, count: columns.count)
        while let batch = try plan.op.next() {
            let decoded = try columns.map { c in try c.map { try context.decode(column: batch.columns[$0][0..<batch.count]) } }
            for r in 0..<batch.count {
                for i in columns.indices { row[i] = decoded[i]?[r] }
                if try !body(row) { return }
            }
        }
    }

    /// Streams solutions as term IDs (0 for unbound), in ``variables`` order. IDs are the
    /// store's own, or query-local ones that ``decode(_:)`` turns into terms.
    public func forEachSolutionIDs(_ body: ([TermID]) throws -> Bool) throws {
        precondition(!consumed, "a prepared query runs once")
        consumed = true
        let columns = variables.map { plan.column(of: $0) }
        var row = [TermID](repeating: .none, count: columns.count)
        while let batch = try plan.op.next() {
            for r in 0..<batch.count {
                for (i, c) in columns.enumerated() { row[i] = c.map { TermID(rawValue: batch.columns[$0][r]) } ?? .none }
                if try !body(row) { return }
            }
        }
    }

    /// The term of an ID this query produced.
    public func decode(_ id: TermID) throws -> Term { try context.decode(id) }

    /// The answer of an ASK query.
    public func ask() throws -> Bool {
        precondition(!consumed, "a prepared query runs once")
        consumed = true
        while let batch = try plan.op.next() { if batch.count > 0 { return true } }
        return false
    }

    /// The triples of a CONSTRUCT or DESCRIBE query (a set: each triple once).
    public func forEachTriple(_ body: (Quad) throws -> Void) throws {
        precondition(!consumed, "a prepared query runs once")
        consumed = true
        switch query.form {
        case .construct(let template):
            try construct(template, body)
        case .describe(let resources):
            try describe(resources, body)
        default:
            throw QueryEvaluationError.other("not a CONSTRUCT or DESCRIBE query")
        }
    }

    private func construct(_ template: [TriplePattern], _ body: (Quad) throws -> Void) throws {
        let columns = planner.columnMap(plan.variables)
        var seen = Set<Quad>()
        var solution = 0
        while let batch = try plan.op.next() {
            for r in 0..<batch.count {
                solution += 1
                // Blank nodes of the template are fresh for every solution.
                var blanks: [String: Term] = [:]
                func instantiate(_ p: TermPattern) throws -> Term? {
                    switch p {
                    case .term(.blank(let label)):
                        if let b = blanks[label] { return b }
                        let b = context.freshBlankNode()
                        blanks[label] = b
                        return b
                    case .term(let t):
                        return t
                    case .variable(let v):
                        if let c = columns[v] {
                            let id = batch.columns[c][r]
                            return id == 0 ? nil : try context.decode(TermID(rawValue: id))
                        }
                        if v.kind == .blankNode {
                            if let b = blanks["var:" + v.name] { return b }
                            let b = context.freshBlankNode()
                            blanks["var:" + v.name] = b
                            return b
                        }
                        return nil
                    }
                }
                for t in template {
                    guard let s = try instantiate(t.subject), let p = try instantiate(t.predicate), let o = try instantiate(t.object) else { continue }
                    let quad = Quad(s, p, o)
                    // Triples that are not valid RDF (a literal subject...) are left out (SPARQL 16.2).
                    guard quad.isValidRDF, seen.insert(quad).inserted else { continue }
                    try body(quad)
                }
            }
        }
    }

    /// DESCRIBE: the concise bounded description of each resource (its triples as
    /// subject, following blank-node objects).
    private func describe(_ resources: [TermPattern], _ body: (Quad) throws -> Void) throws {
        var targets: [TermID] = []
        var variables: [Int] = []
        for r in resources {
            switch r {
            case .term(let t): if let id = context.storedID(t) { targets.append(id) }
            case .variable(let v): if let c = plan.column(of: v) { variables.append(c) }
            }
        }
        if !variables.isEmpty {
            while let batch = try plan.op.next() {
                for r in 0..<batch.count { for c in variables where batch.columns[c][r] != 0 { targets.append(TermID(rawValue: batch.columns[c][r])) } }
            }
        }
        var done = Set<TermID>()
        var queue = targets
        var seen = Set<Quad>()
        let snapshot = context.snapshot
        while let subject = queue.popLast() {
            guard done.insert(subject).inserted, subject.isDictionaryTerm else { continue }
            for key in snapshot.partitionKeys {
                var scanner = snapshot.scan(key, .subjectObject, a: subject.rawValue...subject.rawValue)
                while let chunk = try scanner.next() {
                    for i in 0..<chunk.count where chunk.g[i] == 0 {
                        let object = key.isClassPartition ? key.typeClass : TermID(rawValue: chunk.b[i])
                        let quad = Quad(try context.decode(subject), try context.decode(key.predicate), try context.decode(object))
                        if seen.insert(quad).inserted { try body(quad) }
                        if object.isBlank { queue.append(object) }
                    }
                }
            }
        }
    }

    /// The plan as an indented tree with estimated and (after running) actual rows.
    public func explain() -> String {
        var lines: [String] = []
        func walk(_ op: any PhysicalOperator, _ depth: Int) {
            let s = op.stats
            let estimate = s.estimatedRows.isNaN ? "?" : String(format: "%.0f", s.estimatedRows)
            let details = op.explainDetails.isEmpty ? "" : " " + op.explainDetails
            lines.append(String(repeating: "  ", count: depth) + op.explainName + details
                         + "  (estimated \(estimate), actual \(s.actualRows) rows)")
            for c in op.children { walk(c, depth + 1) }
        }
        walk(plan.op, 0)
        return lines.joined(separator: "\n")
    }
}
