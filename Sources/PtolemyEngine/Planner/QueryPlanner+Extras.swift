import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

extension QueryPlanner {
    // MARK: - property paths

    func planPath(subject: TermPattern, path: PropertyPath, object: TermPattern, graph: ActiveGraph) throws -> Plan {
        let context = self.context
        // Constant ends may be absent from the store: a zero-length path still matches them.
        let start = subject.term.map { context.intern($0).rawValue }
        let end = object.term.map { context.intern($0).rawValue }
        let sv = subject.variable, ov = object.variable
        var variables: [Variable] = []
        if let sv { variables.append(sv) }
        if let ov, ov != sv { variables.append(ov) }
        var graphs: [(UInt64?, GraphFilter)] = []
        var graphVariable: Variable?
        switch graph {
        case .defaultGraph(let filter):
            graphs = [(nil, filter)]
        case .named(let name, let allowed):
            switch name {
            case .term(let t):
                if let id = context.storedID(t), allowed?.contains(id.rawValue) ?? true { graphs = [(id.rawValue, .named(allowed))] }
            case .variable(let g):
                graphVariable = g
                if !variables.contains(g) { variables.append(g) }
                graphs = context.snapshot.graphs.map(\.rawValue).filter { allowed?.contains($0) ?? true }.map { ($0, .named(allowed)) }
            }
        }
        let width = variables.count
        let produce: () throws -> Batch = {
            var batch = Batch(width: width)
            for (g, filter) in graphs {
                let evaluator = PathEvaluator(context: context, graph: filter, graphID: g.map(TermID.init(rawValue:)))
                for (s, o) in try evaluator.pairs(path, from: start, to: end) {
                    if sv != nil && sv == ov && s != o { continue }
                    var row: [UInt64] = []
                    if sv != nil { row.append(s) }
                    if let ov, ov != sv { row.append(o) }
                    if let graphVariable, let g {
                        if graphVariable == sv, s != g { continue }
                        if graphVariable == ov, o != g { continue }
                        if graphVariable != sv && graphVariable != ov { row.append(g) }
                    }
                    if width == 0 { batch.rowCountWithoutColumns += 1 } else { row.withUnsafeBufferPointer { batch.append($0) } }
                }
            }
            return batch
        }
        var distinct: [Variable: Double] = [:]
        for v in variables { distinct[v] = 100 }
        let op = ComputedScan(width: width, name: "PathScan", summary: "\(subject) \(path) \(object)", estimatedRows: 1000, produce: produce)
        return Plan(op: op, variables: variables, certainlyBound: Set(variables), sortedOn: nil, estimatedRows: 1000,
                    distinct: distinct)
    }

    // MARK: - grouping

    func planGroup(_ inner: Algebra, keys: [GroupKey], aggregates: [AggregateBinding], graph: ActiveGraph) throws -> Plan {
        var p = try plan(inner, graph: graph, limitHint: nil)
        let innerVariables = inner.inScopeVariables
        var keyColumns: [Int] = []
        var outputVariables: [Variable] = []
        for (i, key) in keys.enumerated() {
            if case .variable(let v) = key.expression, key.variable == nil || key.variable == v {
                if let c = p.column(of: v) {
                    keyColumns.append(c)
                } else {
                    // Grouping by a variable the pattern never binds: one unbound key.
                    p = extend(p, v, .variable(v))
                    keyColumns.append(p.variables.count - 1)
                }
                outputVariables.append(v)
            } else {
                let target = key.variable ?? Variable("groupkey\(i)", kind: .internal)
                p = extend(p, target, key.expression)
                keyColumns.append(p.variables.count - 1)
                outputVariables.append(target)
            }
        }
        for binding in aggregates {
            if case .custom(let iri) = binding.aggregate.function, !context.functions.aggregateIRIs.contains(iri) {
                throw QueryEvaluationError.unsupported("the aggregate <\(iri)> (no module registers it)")
            }
        }
        let columns = columnMap(p.variables)
        let evaluator = self.evaluator
        let context = self.context
        let factories: [() -> any GroupAccumulator] = aggregates.map { binding in
            // COUNT and SAMPLE of a variable need no term values: count or keep IDs.
            let aggregate = binding.aggregate
            switch (aggregate.function, aggregate.expression) {
            case (.count, nil) where !aggregate.distinct:
                return { IDCount(column: nil, distinct: false) }
            case (.count, .variable(let v)?):
                let column = columns[v]
                return { IDCount(column: column, distinct: aggregate.distinct) }
            case (.sample, .variable(let v)?):
                let column = columns[v]
                return { IDSample(column: column) }
            default:
                return { AggregateColumn(binding: binding, variables: innerVariables, columns: columns, evaluator: evaluator, context: context) }
            }
        }
        outputVariables.append(contentsOf: aggregates.map(\.variable))
        let groups = keys.isEmpty ? 1 : max(1, keyColumns.reduce(1.0) { $0 * (p.distinct[p.variables[$1]] ?? 10) })
        let rows = min(p.estimatedRows, groups)
        let op = GroupAggregate(p.op, keyColumns: keyColumns, aggregates: factories, control: context.control, estimatedRows: rows)
        var distinct: [Variable: Double] = [:]
        for v in outputVariables { distinct[v] = rows }
        let bound = Set(keys.compactMap { key -> Variable? in
            guard case .variable(let v) = key.expression, p.certainlyBound.contains(v) else { return nil }
            return key.variable ?? v
        })
        return Plan(op: op, variables: outputVariables, certainlyBound: bound, sortedOn: nil, estimatedRows: rows, distinct: distinct)
    }
}

/// One aggregate of one group: evaluates its argument on each row and accumulates it.
struct AggregateColumn: GroupAccumulator {
    var aggregator: GroupAggregator
    let columns: [Variable: Int]
    let evaluator: ExpressionEvaluator
    let context: QueryContext

    init(binding: AggregateBinding, variables: [Variable], columns: [Variable: Int], evaluator: ExpressionEvaluator,
         context: QueryContext) {
        aggregator = GroupAggregator([binding], variables: variables, functions: context.functions)
        self.columns = columns
        self.evaluator = evaluator
        self.context = context
    }

    mutating func add(_ batch: Batch, _ row: Int) throws {
        try aggregator.add(BatchRow(batch: batch, row: row, columns: columns, solutionIndex: row), evaluator: evaluator)
    }

    func finish() throws -> UInt64 {
        guard let value = aggregator.results().first ?? nil else { return 0 }
        return (value.id ?? context.intern(value.term)).rawValue
    }
}

/// COUNT(*), COUNT(?v) and COUNT(DISTINCT ?v) on IDs: boundness and ID equality are all
/// they need (distinct IDs are distinct terms).
struct IDCount: GroupAccumulator {
    let column: Int?
    let distinct: Bool
    private var count = 0
    private var seen = Set<UInt64>()

    init(column: Int?, distinct: Bool) {
        self.column = column
        self.distinct = distinct
    }

    mutating func add(_ batch: Batch, _ row: Int) throws {
        guard let column else { count += 1; return }
        let v = batch.columns[column][row]
        guard v != 0 else { return }
        if distinct { seen.insert(v) } else { count += 1 }
    }

    func finish() throws -> UInt64 {
        (InlineTerms.integer(Int64(distinct ? seen.count : count)) ?? .none).rawValue
    }
}

/// SAMPLE(?v): any bound value of the group, kept as its ID.
struct IDSample: GroupAccumulator {
    let column: Int?
    private var value: UInt64 = 0

    init(column: Int?) { self.column = column }

    mutating func add(_ batch: Batch, _ row: Int) throws {
        if value == 0, let column { value = batch.columns[column][row] }
    }

    func finish() throws -> UInt64 { value }
}
