import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// Which graphs the patterns being planned read (SPARQL 13: the active graph).
enum ActiveGraph {
    /// Outside GRAPH: the query's default graph.
    case defaultGraph(GraphFilter)
    /// Inside GRAPH name { }: named graphs (only `allowed` ones when FROM NAMED is given),
    /// the name a constant or a variable.
    case named(TermPattern, allowed: Set<UInt64>?)
}

/// A triple pattern resolved against the store: its constants as IDs, the partitions it
/// can match, and statistics-based estimates.
struct PatternScan {
    let pattern: TriplePattern
    let graph: ActiveGraph
    /// The pattern's variables (graph variable included).
    let variables: Set<Variable>
    /// IDs of the constants; nil where the position is a variable.
    let subject: TermID?, predicate: TermID?, object: TermID?
    /// The graph name's ID when it is a constant.
    let graphID: TermID?
    /// A constant the store has never seen: nothing can match.
    let impossible: Bool
    let keys: [PartitionKey]
    let statistics: [PartitionStatistics]
    /// A variable occurs twice in the triple (`?x :p ?x`).
    let repeatsVariable: Bool

    init(pattern: TriplePattern, graph: ActiveGraph, context: QueryContext) {
        self.pattern = pattern
        self.graph = graph
        var variables = Set(pattern.variables)
        var impossible = false
        func resolve(_ p: TermPattern) -> TermID? {
            guard case .term(let t) = p else { return nil }
            guard let id = context.storedID(t) else { impossible = true; return nil }
            return id
        }
        subject = resolve(pattern.subject)
        predicate = resolve(pattern.predicate)
        object = resolve(pattern.object)
        var graphID: TermID?
        if case .named(let name, let allowed) = graph {
            switch name {
            case .variable(let v): variables.insert(v)
            case .term(let t):
                if let id = context.storedID(t), allowed?.contains(id.rawValue) ?? true { graphID = id } else { impossible = true }
            }
        }
        if pattern.subject.term?.isLiteral == true { impossible = true }
        self.graphID = graphID
        self.variables = variables
        let tripleVariables = pattern.variables
        repeatsVariable = tripleVariables.count != Set(tripleVariables).count
        self.impossible = impossible
        let snapshot = context.snapshot
        keys = impossible ? [] : TripleScan.partitions(snapshot: snapshot, predicate: predicate.map { .bound($0) } ?? .output,
                                                       object: object.map { .bound($0) } ?? .output)
        statistics = keys.map { snapshot.statistics($0) }
    }

    /// Where a variable occurs first (subject, predicate, object, graph order).
    func firstPosition(of v: Variable) -> QuadPosition? {
        if pattern.subject.variable == v { return .subject }
        if pattern.predicate.variable == v { return .predicate }
        if pattern.object.variable == v { return .object }
        if case .named(.variable(let g), _) = graph, g == v { return .graph }
        return nil
    }

    // MARK: - estimates

    /// Estimated rows when the variables in `bound` are fixed to one value each.
    func estimatedRows(bound: Set<Variable> = []) -> Double {
        if impossible { return 0 }
        let sBound = subject != nil || pattern.subject.variable.map(bound.contains) == true
        let oBound = object != nil || pattern.object.variable.map(bound.contains) == true
        var total = 0.0
        for (key, st) in zip(keys, statistics) {
            let rows = Double(st.rows)
            guard rows > 0 else { continue }
            if key.isClassPartition {
                total += sBound ? min(1, rows) : rows
                continue
            }
            let perSubject = rows / max(Double(st.distinctSubjects), 1)
            let perObject: Double
            if let object { perObject = st.estimatedRows(object: object) } else { perObject = rows / max(Double(st.distinctObjects), 1) }
            switch (sBound, oBound) {
            case (true, true): total += min(1, perSubject, perObject)
            case (true, false): total += perSubject
            case (false, true): total += perObject
            case (false, false): total += rows
            }
        }
        if case .named = graph, graphID != nil { total *= 0.5 }
        // A variable repeated in the pattern (?x :p ?x) keeps few rows.
        if repeatsVariable { total = total.squareRoot() }
        return total
    }

    /// Estimated distinct values of `v` among the rows (with nothing else bound).
    func distinctValues(_ v: Variable) -> Double {
        let rows = estimatedRows()
        var d = 0.0
        switch firstPosition(of: v) {
        case .subject:
            if object != nil { return rows }
            for (key, st) in zip(keys, statistics) { d += key.isClassPartition ? Double(st.rows) : Double(st.distinctSubjects) }
        case .object:
            if subject != nil { return rows }
            for st in statistics { d += Double(st.distinctObjects) }
        case .predicate:
            d = Double(Set(keys.map(\.predicate)).count)
        case .graph:
            d = Double(max(statistics.map(\.distinctGraphs).max() ?? 1, 1))
        case nil:
            return rows
        }
        return max(min(d, rows), rows > 0 ? 1 : 0)
    }

    /// For the subject of a pattern with a constant object in a predicate partition
    /// (a value selection), the distinct subjects of the whole partition.
    func domainSize(_ v: Variable) -> Double? {
        guard object != nil, subject == nil, firstPosition(of: v) == .subject, !keys.contains(where: \.isClassPartition) else { return nil }
        return statistics.reduce(0.0) { $0 + Double($1.distinctSubjects) }
    }

    /// The variable the scan's rows come sorted by, for a given read order.
    func sortedVariable(order: SortOrder) -> Variable? {
        guard keys.count == 1 else { return nil }
        if keys[0].isClassPartition { return pattern.subject.variable }
        if subject != nil { return pattern.object.variable }
        if object != nil { return pattern.subject.variable }
        return order == .subjectObject ? pattern.subject.variable : pattern.object.variable
    }

    /// Whether a bind join can probe this pattern with `v` bound: `v` must be the subject
    /// or object and the predicate a constant (one partition lookup per value).
    func canProbe(with v: Variable) -> Bool {
        guard predicate != nil, !impossible else { return false }
        return pattern.subject.variable == v || pattern.object.variable == v
    }

    /// Whether the pattern is a link of a spatial chain with nothing but its variables
    /// (no constant subject or object, no repeated variable): the class index can stand for it.
    var isPlainChainLink: Bool {
        predicate != nil && !impossible && pattern.subject.variable != nil
            && (pattern.object.variable != nil || object != nil) && pattern.subject.variable != pattern.object.variable
    }

    // MARK: - operators

    /// A point lookup for bind joins: the rows of this pattern with `v` (at subject or
    /// object) equal to a value, in the output layout of `makeScan(bindings: [v: value])`.
    /// Reads partition chunks in place instead of building a scan per value.
    func makeProbe(context: QueryContext, binding v: Variable) -> Probe {
        let snapshot = context.snapshot
        let bySubject = pattern.subject.variable == v
        let order: SortOrder = bySubject ? .subjectObject : .objectSubject
        let other = bySubject ? pattern.object : pattern.subject
        let otherConstant = bySubject ? object : subject
        let otherVariable = other.variable == v ? nil : other.variable
        let sameAsBound = other.variable == v // ?x :p ?x
        var graphVariable: Variable?
        var graphFilter: GraphFilter = .union
        var graphConstant: UInt64?
        var allowed: Set<UInt64>?
        switch graph {
        case .defaultGraph(let f): graphFilter = f
        case .named(let name, let a):
            allowed = a
            graphFilter = .named(a)
            if let graphID { graphConstant = graphID.rawValue } else if let g = name.variable, g != v, g != otherVariable { graphVariable = g }
        }
        let keys = self.keys
        let impossible = self.impossible
        let emitsOther = otherVariable != nil, emitsGraph = graphVariable != nil
        let dedupe: Bool = { if case .merge = graphFilter { return true }; if case .union = graphFilter { return true }; return false }()
        var lookups: [PartitionLookup]?
        return { value, emit in
            if impossible { return }
            if lookups == nil { lookups = try keys.map { try snapshot.lookup($0, order) } }
            var row: (UInt64, UInt64) = (0, 0)
            for k in lookups!.indices {
                let key = lookups![k].key
                var previous: UInt64?
                try lookups![k].forEachRow(a: value.rawValue) { b, g in
                    let otherValue = key.isClassPartition && bySubject ? key.typeClass.rawValue : b
                    if let otherConstant, otherValue != otherConstant.rawValue { return }
                    if sameAsBound, otherValue != value.rawValue { return }
                    switch graphFilter {
                    case .defaultGraph: if g != 0 { return }
                    case .merge(let set): if !set.contains(g) { return }
                    case .union: break
                    case .named: if g == 0 || !(allowed?.contains(g) ?? true) { return }
                    }
                    if let graphConstant, g != graphConstant { return }
                    if dedupe {
                        if previous == otherValue { return }
                        previous = otherValue
                    }
                    var n = 0
                    if emitsOther { row.0 = otherValue; n = 1 }
                    if emitsGraph { if n == 0 { row.0 = g } else { row.1 = g }; n += 1 }
                    try withUnsafeBytes(of: &row) { raw in
                        try emit(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt64.self), count: n))
                    }
                }
            }
        }
    }

    /// The output variables of ``makeProbe(context:binding:)``.
    func probeVariables(binding v: Variable) -> [Variable] {
        let other = pattern.subject.variable == v ? pattern.object : pattern.subject
        var out: [Variable] = []
        if let o = other.variable, o != v { out.append(o) }
        if case .named(.variable(let g), _) = graph, graphID == nil, g != v, g != other.variable { out.append(g) }
        return out
    }

    /// The scan, with `bindings` substituted for variables; its output columns hold the
    /// remaining variables in first-occurrence order.
    func makeScan(context: QueryContext, bindings: [Variable: TermID] = [:], order: SortOrder = .subjectObject,
                  estimatedRows: Double = .nan) -> (op: any PhysicalOperator, variables: [Variable]) {
        var slots: [ScanSlot] = []
        var outputs: [QuadPosition] = []
        var outputVariables: [Variable] = []
        var seen: [Variable: QuadPosition] = [:]
        var impossible = self.impossible
        let positions: [(QuadPosition, TermPattern?, TermID?)] = [
            (.subject, pattern.subject, subject), (.predicate, pattern.predicate, predicate), (.object, pattern.object, object),
        ]
        for (position, term, id) in positions {
            if let id { slots.append(.bound(id)); continue }
            guard let v = term?.variable else { slots.append(.output); continue }
            if let value = bindings[v] {
                slots.append(.bound(value))
            } else if let first = seen[v] {
                slots.append(.sameAs(first))
            } else {
                seen[v] = position
                slots.append(.output)
                outputs.append(position)
                outputVariables.append(v)
            }
        }
        let filter: GraphFilter
        switch graph {
        case .defaultGraph(let f):
            filter = f
            slots.append(.output) // the graph column is not output
        case .named(let name, let allowed):
            filter = .named(allowed)
            if let graphID {
                slots.append(.bound(graphID))
            } else if let v = name.variable {
                if let value = bindings[v] {
                    if value.rawValue == 0 || !(allowed?.contains(value.rawValue) ?? true) { impossible = true }
                    slots.append(.bound(value))
                } else if let first = seen[v] {
                    slots.append(.sameAs(first))
                } else {
                    slots.append(.output)
                    outputs.append(.graph)
                    outputVariables.append(v)
                }
            } else {
                slots.append(.output)
            }
        }
        if impossible {
            return (EmptyOperator(width: outputVariables.count, reason: "a constant of \(pattern) is not in the store"), outputVariables)
        }
        // The graph slot is "output" but unlisted in the default-graph case: TripleScan
        // checks a bound graph only through the filter, and never outputs it unless listed.
        let scan = TripleScan(snapshot: context.snapshot, slots: slots, graphs: filter, outputs: outputs,
                              preferredOrder: order, control: context.control, estimatedRows: estimatedRows,
                              describe: { [pattern] in pattern.description })
        return (scan, outputVariables)
    }
}
