import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// Turns SPARQL algebra into a tree of physical operators.
///
/// Basic graph patterns (with the FILTERs over them) are ordered by ``BGPPlanner``;
/// every other algebra operator maps onto its physical counterpart, with the join
/// algorithm chosen from what is certainly bound on each side. Expressions are
/// compiled into closures over batch rows that call the ``ExpressionEvaluator``.
final class QueryPlanner {
    let context: QueryContext
    let evaluator: ExpressionEvaluator
    /// The query's dataset: the default graph, and which named graphs GRAPH may see.
    let defaultGraph: GraphFilter
    let namedGraphs: Set<UInt64>?
    /// Resolves SERVICE calls; nil when federation is not configured.
    let services: (any ServiceHandler)?
    private var solutionCounter = 0
    /// EXISTS answers of patterns containing SERVICE, per substituted pattern.
    private var remoteExistsAnswers: [Algebra: Bool] = [:]

    init(context: QueryContext, dataset: QueryDataset?, services: (any ServiceHandler)? = nil) {
        self.context = context
        self.services = services
        evaluator = ExpressionEvaluator(context: context, baseIRI: context.baseIRI)
        if let dataset, !dataset.defaultGraphs.isEmpty || !dataset.namedGraphs.isEmpty {
            let ids = { (iris: [String]) in Set(iris.compactMap { context.storedID(.iri($0))?.rawValue }) }
            defaultGraph = .merge(ids(dataset.defaultGraphs))
            namedGraphs = ids(dataset.namedGraphs)
        } else {
            defaultGraph = .defaultGraph
            namedGraphs = nil
        }
        context.existsEvaluator = { [unowned self] pattern, bindings in try self.exists(pattern, bindings) }
    }

    // MARK: - entry

    func plan(_ algebra: Algebra) throws -> Plan {
        try plan(algebra, graph: .defaultGraph(defaultGraph), limitHint: nil)
    }

    /// - Parameter limitHint: how many rows the consumer needs at most (enables top-k sorting).
    func plan(_ algebra: Algebra, graph: ActiveGraph, limitHint: Int?) throws -> Plan {
        switch algebra {
        case .bgp(let triples):
            return try planBGP(triples, filters: [], graph: graph)

        case .filter(let expression, let inner):
            let conjuncts = expression.conjuncts
            if let pushed = Algebra.pushingFilters(conjuncts, into: inner) {
                return try plan(pushed, graph: graph, limitHint: limitHint)
            }
            if case .bgp(let triples) = inner, !triples.isEmpty {
                // Filters over a BGP go into its join order, applied as soon as they can be.
                return try planBGP(triples, filters: conjuncts, graph: graph)
            }
            if case .join = inner {
                // A spatial relation between two parts of the join can join them.
                return try planJoin(inner, graph: graph, filters: conjuncts)
            }
            var p = try plan(inner, graph: graph, limitHint: nil)
            for c in conjuncts { p = filter(p, c) }
            return p

        case .join:
            return try planJoin(algebra, graph: graph, filters: [])

        case .leftJoin(let left, let right, let expression):
            return try planLeftJoin(left, right, expression, graph: graph)

        case .union(let left, let right):
            let l = try plan(left, graph: graph, limitHint: limitHint)
            let r = try plan(right, graph: graph, limitHint: limitHint)
            var variables = l.variables
            for v in r.variables where !variables.contains(v) { variables.append(v) }
            let lp = Project(l.op, columns: variables.map { l.column(of: $0) })
            let rp = Project(r.op, columns: variables.map { r.column(of: $0) })
            var distinct: [Variable: Double] = [:]
            for v in variables { distinct[v] = (l.distinct[v] ?? 0) + (r.distinct[v] ?? 0) }
            let op = Union(left: lp, right: rp)
            op.stats.estimatedRows = l.estimatedRows + r.estimatedRows
            return Plan(op: op, variables: variables, certainlyBound: l.certainlyBound.intersection(r.certainlyBound),
                        sortedOn: nil, estimatedRows: l.estimatedRows + r.estimatedRows, distinct: distinct)

        case .minus(let left, let right):
            let l = try plan(left, graph: graph, limitHint: nil)
            let r = try plan(right, graph: graph, limitHint: nil)
            let shared = l.variables.filter { r.variableSet.contains($0) }
            // MINUS removes nothing when the sides share no variable (SPARQL 18.5).
            if shared.isEmpty { return l }
            let layout = JoinLayout(outputs: l.variables.indices.map { .left($0) },
                                    shared: shared.map { (l.column(of: $0)!, r.column(of: $0)!) })
            let op = NestedLoopJoin(left: l.op, right: r.op, layout: layout, mode: .minus, control: context.control,
                                    estimatedRows: l.estimatedRows)
            return Plan(op: op, variables: l.variables, certainlyBound: l.certainlyBound, sortedOn: l.sortedOn,
                        estimatedRows: l.estimatedRows, distinct: l.distinct)

        case .graph(let name, let inner):
            if inner.isEmptyPattern { return graphNames(name) }
            if case .variable(let g) = name, !inner.distributesOverGraphs {
                return try planPerGraph(g, inner)
            }
            var p = try plan(inner.scopingExists(inGraph: name), graph: .named(name, allowed: namedGraphs), limitHint: limitHint)
            if let v = name.variable, p.column(of: v) == nil {
                // A pattern that binds nothing inside GRAPH ?g still ranges over the graphs.
                p = try joinPlans(p, graphNames(name))
            }
            return p

        case .extend(let inner, let variable, let expression):
            let p = try plan(inner, graph: graph, limitHint: limitHint)
            return extend(p, variable, expression)

        case .values(let variables, let rows):
            return values(variables, rows)

        case .group(let inner, let keys, let aggregates):
            return try planGroup(inner, keys: keys, aggregates: aggregates, graph: graph)

        case .orderBy(let inner, let conditions):
            let p = try plan(inner, graph: graph, limitHint: nil)
            return sort(p, conditions, keep: limitHint)

        case .project(let inner, let variables):
            let p = try plan(inner, graph: graph, limitHint: limitHint)
            let op = Project(p.op, columns: variables.map { p.column(of: $0) },
                             names: variables.map(\.description).joined(separator: " "))
            return Plan(op: op, variables: variables, certainlyBound: p.certainlyBound.intersection(variables),
                        sortedOn: p.sortedOn.flatMap { variables.contains($0) ? $0 : nil },
                        estimatedRows: p.estimatedRows, distinct: p.distinct.filter { variables.contains($0.key) })

        case .distinct(let inner), .reduced(let inner):
            let p = try plan(inner, graph: graph, limitHint: nil)
            var out = p
            out.op = Distinct(p.op, control: context.control)
            return out

        case .slice(let inner, let offset, let limit):
            let p = try plan(inner, graph: graph, limitHint: limit.map { $0 + offset })
            var out = p
            out.op = Slice(p.op, offset: offset, limit: limit)
            out.estimatedRows = min(p.estimatedRows, Double(limit ?? Int.max))
            return out

        case .path(let subject, let path, let object):
            return try planPath(subject: subject, path: path, object: object, graph: graph)

        case .service:
            return try planServicePart(ServicePart(algebra)!)
        }
    }

    // MARK: - basic graph patterns

    /// - Parameter tables: other inputs joined with the triples: VALUES tables (federation
    ///   requests), patterns with alternatives (entailment).
    func planBGP(_ triples: [TriplePattern], filters: [Expression], graph: ActiveGraph, tables: [any JoinInput] = []) throws -> Plan {
        if triples.isEmpty && tables.isEmpty {
            var p = unitPlan()
            for f in filters { p = filter(p, f) }
            return p
        }
        var scans: [any JoinInput] = triples.map { PatternScan(pattern: $0, graph: graph, context: context) }
        scans.append(contentsOf: tables)
        var filters = filters
        // Spatial FILTERs over geometry literals become index-backed inputs or spatial joins.
        if let spatial = try planSpatial(scans: &scans, filters: &filters) { return spatial }
        return try refineSpatial(try planInputs(scans, filters: filters), scans)
    }

    /// Orders and joins inputs (triple patterns, spatial selections), applying each filter
    /// right after the step that binds its last variable.
    func planInputs(_ scans: [any JoinInput], filters: [Expression]) throws -> Plan {
        if scans.isEmpty {
            var p = unitPlan()
            for f in filters { p = filter(p, f) }
            return p
        }
        let planner = BGPPlanner(patterns: scans, filters: filters, context: context)
        let order = planner.order()
        var current: Plan?
        var applied = Set<Int>()
        for step in order.steps {
            let scan = scans[step.pattern]
            if let left = current {
                current = try joinStep(left, scan, step)
            } else {
                let (op, variables) = scan.makeScan(context: context, order: step.order, estimatedRows: step.estimatedRows)
                var distinct: [Variable: Double] = [:]
                for v in variables { distinct[v] = scan.distinctValues(v) }
                current = Plan(op: op, variables: variables, certainlyBound: Set(variables),
                               sortedOn: scan.sortedVariable(order: step.order), estimatedRows: step.estimatedRows, distinct: distinct)
            }
            for (i, f) in filters.enumerated() where !applied.contains(i) && f.referencedVariables.isSubset(of: current!.variableSet) {
                applied.insert(i)
                current = filter(current!, f)
            }
        }
        var p = current!
        for (i, f) in filters.enumerated() where !applied.contains(i) { p = filter(p, f) }
        return p
    }

    private func joinStep(_ left: Plan, _ scan: any JoinInput, _ step: JoinStep) throws -> Plan {
        let control = context.control
        switch step.method {
        case .bind:
            let v = step.variable!
            let leftKey = left.column(of: v)!
            let probeVariables = scan.probeVariables(binding: v)
            let layout = Self.layout(left: left.variables, right: probeVariables)
            let op = BindJoin(left: left.op, leftKey: leftKey, position: step.order == .subjectObject ? .subject : .object,
                              probeDescription: scan.label,
                              rightWidth: probeVariables.count, probe: scan.makeProbe(context: context, binding: v),
                              layout: layout.layout, control: control, estimatedRows: step.estimatedRows)
            return combine(left, op, layout.variables, scan, step, sortedOn: left.sortedOn)
        case .merge:
            let v = step.variable!
            let (right, rightVariables) = scan.makeScan(context: context, order: step.order, estimatedRows: .nan)
            let layout = Self.layout(left: left.variables, right: rightVariables)
            let op = MergeJoin(left: left.op, leftKey: left.column(of: v)!, right: right, rightKey: rightVariables.firstIndex(of: v)!,
                               layout: layout.layout, control: control, estimatedRows: step.estimatedRows)
            return combine(left, op, layout.variables, scan, step, sortedOn: v)
        case .hash:
            let (right, rightVariables) = scan.makeScan(context: context, order: step.order, estimatedRows: .nan)
            let layout = Self.layout(left: left.variables, right: rightVariables)
            let op = HashJoin(left: left.op, right: right, layout: layout.layout, control: control, estimatedRows: step.estimatedRows)
            return combine(left, op, layout.variables, scan, step, sortedOn: nil)
        case .cross, .scan:
            let (right, rightVariables) = scan.makeScan(context: context, order: step.order, estimatedRows: .nan)
            let layout = Self.layout(left: left.variables, right: rightVariables)
            let op = NestedLoopJoin(left: left.op, right: right, layout: layout.layout, mode: .inner, control: control,
                                    estimatedRows: step.estimatedRows)
            return combine(left, op, layout.variables, scan, step, sortedOn: nil)
        }
    }

    private func combine(_ left: Plan, _ op: any PhysicalOperator, _ variables: [Variable], _ scan: any JoinInput,
                         _ step: JoinStep, sortedOn: Variable?) -> Plan {
        var distinct = left.distinct
        for v in scan.variables { distinct[v] = min(distinct[v] ?? .infinity, scan.distinctValues(v), step.estimatedRows) }
        return Plan(op: op, variables: variables, certainlyBound: left.certainlyBound.union(scan.variables),
                    sortedOn: sortedOn, estimatedRows: step.estimatedRows, distinct: distinct)
    }

    /// The output layout of joining `left` and `right` columns: left's, then right's new ones.
    static func layout(left: [Variable], right: [Variable], leftMaybeUnbound: Set<Variable> = [])
        -> (layout: JoinLayout, variables: [Variable]) {
        var outputs: [JoinColumn] = []
        var variables: [Variable] = []
        var shared: [(Int, Int)] = []
        for (i, v) in left.enumerated() {
            if let j = right.firstIndex(of: v) {
                shared.append((i, j))
                outputs.append(leftMaybeUnbound.contains(v) ? .either(i, j) : .left(i))
            } else {
                outputs.append(.left(i))
            }
            variables.append(v)
        }
        for (j, v) in right.enumerated() where !left.contains(v) {
            outputs.append(.right(j))
            variables.append(v)
        }
        return (JoinLayout(outputs: outputs, shared: shared), variables)
    }

    // MARK: - joins of arbitrary patterns

    private func flattenJoin(_ algebra: Algebra, into parts: inout [Algebra]) {
        if case .join(let a, let b) = algebra {
            flattenJoin(a, into: &parts)
            flattenJoin(b, into: &parts)
        } else {
            parts.append(algebra)
        }
    }

    /// The parts of a join, with `filters` over the joined solutions: those over the basic
    /// graph patterns' variables go into their join order, a spatial relation between two
    /// parts that share no variable joins them, the rest apply at the end.
    private func planJoin(_ algebra: Algebra, graph: ActiveGraph, filters: [Expression]) throws -> Plan {
        var parts: [Algebra] = []
        flattenJoin(algebra, into: &parts)
        // BGPs of one join are one conjunctive pattern: plan them together, with the
        // filters that only read their variables and the fully bound VALUES tables.
        var triples: [TriplePattern] = []
        var bgpFilters: [Expression] = []
        var tables: [ValuesInput] = []
        var alternatives: [AlternativeScan] = []
        var services: [ServicePart] = []
        var others: [Algebra] = []
        for part in parts {
            switch part {
            case .bgp(let t):
                triples.append(contentsOf: t)
            case .filter(let e, .bgp(let t)) where !t.isEmpty && !e.containsExists
                && e.referencedVariables.isSubset(of: Set(t.flatMap(\.variables))):
                // `{ P FILTER(e) }` joined with more: e reads only P's variables, which P
                // always binds, so it may run anywhere after P's patterns.
                triples.append(contentsOf: t)
                bgpFilters.append(contentsOf: e.conjuncts)
            case .values(let variables, let rows) where !variables.isEmpty && !rows.isEmpty
                && rows.allSatisfy({ !$0.contains(nil) }) && Set(variables).count == variables.count:
                tables.append(valuesInput(variables, rows))
            default:
                if let (branches, columns) = part.tripleAlternatives {
                    alternatives.append(AlternativeScan(branches: branches.map { PatternScan(pattern: $0, graph: graph, context: context) },
                                                        columns: columns))
                } else if let service = ServicePart(part) {
                    services.append(service)
                } else {
                    others.append(part)
                }
            }
        }
        // Filters of the whole join that read only what the triples always bind join them.
        var pending: [Expression] = []
        let tripleVariables = Set(triples.flatMap(\.variables)).union(alternatives.flatMap(\.columns))
        for f in filters {
            if !tripleVariables.isEmpty && f.referencedVariables.isSubset(of: tripleVariables) { bgpFilters.append(f) } else { pending.append(f) }
        }
        var plans: [Plan] = []
        if !triples.isEmpty || !tables.isEmpty || !alternatives.isEmpty {
            plans.append(try planBGP(triples, filters: bgpFilters, graph: graph, tables: tables + alternatives as [any JoinInput]))
        }
        for other in others { plans.append(try plan(other, graph: graph, limitHint: nil)) }
        // Each connected part of the join (parts linked by shared variables) is planned on
        // its own; the parts are then joined, by a spatial join where a filter relates
        // their geometries (points of one endpoint, parcels of another), so that neither
        // side's requests are made per row of the other.
        var components: [Plan] = []
        for component in Self.connectedComponents(plans: plans, services: services) {
            components.append(try joinComponent(plans: component.plans, services: component.services, filters: &pending))
        }
        var result = components.isEmpty ? unitPlan() : components.removeFirst()
        while !components.isEmpty {
            let index = components.indices.min { a, b in
                let sa = linked(result, components[a], pending), sb = linked(result, components[b], pending)
                if sa != sb { return sa }
                return components[a].estimatedRows < components[b].estimatedRows
            }!
            result = try joinPlans(result, components.remove(at: index), filters: &pending)
        }
        for f in pending { result = filter(result, f) }
        return result
    }

    /// Plans and SERVICE parts grouped by shared variables (a SERVICE's endpoint variable
    /// counts), each group in its original order.
    private static func connectedComponents(plans: [Plan], services: [ServicePart]) -> [(plans: [Plan], services: [ServicePart])] {
        var variables: [Set<Variable>] = plans.map(\.variableSet)
        for service in services {
            var vs = Set(service.variables)
            if let v = service.endpointVariable { vs.insert(v) }
            variables.append(vs)
        }
        var group = Array(variables.indices)
        func root(_ i: Int) -> Int { group[i] == i ? i : root(group[i]) }
        for i in variables.indices {
            for j in variables.indices where j > i && !variables[i].isDisjoint(with: variables[j]) {
                let (a, b) = (root(i), root(j))
                if a != b { group[max(a, b)] = min(a, b) }
            }
        }
        var order: [Int] = []
        var members: [Int: (plans: [Plan], services: [ServicePart])] = [:]
        for i in variables.indices {
            let r = root(i)
            if members[r] == nil { order.append(r); members[r] = ([], []) }
            if i < plans.count { members[r]!.plans.append(plans[i]) } else { members[r]!.services.append(services[i - plans.count]) }
        }
        return order.map { members[$0]! }
    }

    /// One connected part of a join: its local plans smallest-first, then its SERVICE
    /// parts as bind joins over what the local plans bind (those sharing the most first);
    /// a SERVICE nothing binds into runs on its own, the smallest first.
    private func joinComponent(plans: [Plan], services: [ServicePart], filters pending: inout [Expression]) throws -> Plan {
        var services = services
        var result = plans.first
        var rest = Array(plans.dropFirst())
        while let current = result, !rest.isEmpty {
            let index = rest.indices.min { a, b in
                let sa = linked(current, rest[a], pending), sb = linked(current, rest[b], pending)
                if sa != sb { return sa }
                return rest[a].estimatedRows < rest[b].estimatedRows
            }!
            result = try joinPlans(current, rest.remove(at: index), filters: &pending)
        }
        while !services.isEmpty {
            let index: Int
            if result == nil {
                index = services.indices.min { serviceEstimate(services[$0]) < serviceEstimate(services[$1]) }!
            } else {
                index = services.indices.max { a, b in
                    let (sa, sb) = (sharedCount(result, services[a]), sharedCount(result, services[b]))
                    return sa != sb ? sa < sb : serviceEstimate(services[a]) > serviceEstimate(services[b])
                }!
            }
            let service = services.remove(at: index)
            if let left = result, let joined = try planServiceJoin(left, service, mode: .inner, filter: nil) {
                result = joined
            } else {
                let remote = try planServicePart(service)
                result = try result.map { try joinPlans($0, remote, filters: &pending) } ?? remote
            }
            // Filters whose variables are now bound apply right away.
            if var current = result {
                pending.removeAll { f in
                    guard f.referencedVariables.isSubset(of: current.certainlyBound) else { return false }
                    current = filter(current, f)
                    return true
                }
                result = current
            }
        }
        return result ?? unitPlan()
    }

    /// Whether two plans share a variable, or a pending spatial filter relates them.
    private func linked(_ a: Plan, _ b: Plan, _ filters: [Expression]) -> Bool {
        !a.variableSet.isDisjoint(with: b.variableSet) || filters.contains { spatialLink($0, a, b) != nil }
    }

    /// The relation and the two geometry variables of `f` when it is a topological relation
    /// between a variable of `a` and one of `b`. (A row where either is unbound fails the
    /// filter and finds no partner in the spatial join alike.)
    private func spatialLink(_ f: Expression, _ a: Plan, _ b: Plan) -> (SpatialRelation, Variable, Variable)? {
        guard case .function(let iri, let args, _) = f, args.count == 2, let relation = SpatialRelation(functionIRI: iri),
              relation.requiresIntersection, case .variable(let x) = args[0], case .variable(let y) = args[1] else { return nil }
        if a.variableSet.contains(x) && b.variableSet.contains(y) && !b.variableSet.contains(x) && !a.variableSet.contains(y) {
            return (relation, x, y)
        }
        return nil
    }

    /// Joins two plans; when they share no variable but a filter relates their geometries
    /// topologically (points of one endpoint within the parcels of another), by a spatial
    /// join of the two (the filter is then used up).
    func joinPlans(_ a: Plan, _ b: Plan, filters: inout [Expression]) throws -> Plan {
        if a.variableSet.isDisjoint(with: b.variableSet) {
            for (i, f) in filters.enumerated() {
                let link = spatialLink(f, a, b).map { (left: a, right: b, $0) } ?? spatialLink(f, b, a).map { (left: b, right: a, $0) }
                guard let (left, right, (relation, x, y)) = link else { continue }
                filters.remove(at: i)
                let layout = Self.layout(left: left.variables, right: right.variables)
                let estimate = max(left.estimatedRows, right.estimatedRows)
                let op = SpatialJoinOperator(left: left.op, leftColumn: left.column(of: x)!, right: right.op,
                                             rightColumn: right.column(of: y)!, relation: relation, layout: layout.layout,
                                             refiner: SpatialRefiner(context: context), control: context.control, estimatedRows: estimate)
                var distinct = left.distinct
                for (v, d) in right.distinct { distinct[v] = d }
                return Plan(op: op, variables: layout.variables, certainlyBound: left.certainlyBound.union(right.certainlyBound),
                            sortedOn: nil, estimatedRows: estimate, distinct: distinct)
            }
        }
        var result = try joinPlans(a, b)
        // Filters whose variables the join now binds apply right away.
        filters.removeAll { f in
            guard f.referencedVariables.isSubset(of: result.certainlyBound) else { return false }
            result = filter(result, f)
            return true
        }
        return result
    }

    private func serviceEstimate(_ part: ServicePart) -> Double {
        var total = 0.0
        for endpoint in part.endpoints {
            guard case .term(.iri(let iri)) = endpoint else { return .infinity }
            total += requester.estimatedRows(endpoint: iri, pattern: part.pattern) ?? CostFactors.serviceUnknownRows
        }
        return total
    }

    private func sharedCount(_ plan: Plan?, _ service: ServicePart) -> Int {
        guard let plan else { return 0 }
        var n = service.variables.filter(plan.variableSet.contains).count
        if let v = service.endpointVariable, plan.variableSet.contains(v) { n += 1000 }
        return n
    }

    private func valuesInput(_ variables: [Variable], _ rows: [[Term?]]) -> ValuesInput {
        var table = Batch(width: variables.count, capacity: rows.count)
        for row in rows { for (c, term) in row.enumerated() { table.columns[c].append(context.intern(term!).rawValue) } }
        return ValuesInput(columns: variables, table: table)
    }

    /// Joins two planned subtrees: a hash join on the variables both certainly bind,
    /// otherwise the general nested-loop join with SPARQL compatibility.
    func joinPlans(_ a: Plan, _ b: Plan) throws -> Plan {
        // Build the hash table on the smaller side.
        let (left, right) = a.estimatedRows >= b.estimatedRows ? (a, b) : (b, a)
        let shared = left.variableSet.intersection(right.variableSet)
        let safe = shared.allSatisfy { left.certainlyBound.contains($0) && right.certainlyBound.contains($0) }
        let maybeUnbound = shared.filter { !left.certainlyBound.contains($0) }
        let layout = Self.layout(left: left.variables, right: right.variables, leftMaybeUnbound: maybeUnbound)
        var rows = left.estimatedRows * right.estimatedRows
        for v in shared { rows /= max(left.distinct[v] ?? 1, right.distinct[v] ?? 1, 1) }
        let op: any PhysicalOperator
        if !shared.isEmpty && safe {
            op = HashJoin(left: left.op, right: right.op, layout: layout.layout, control: context.control, estimatedRows: rows)
        } else {
            op = NestedLoopJoin(left: left.op, right: right.op, layout: layout.layout, mode: .inner, control: context.control,
                                estimatedRows: rows)
        }
        var distinct = left.distinct
        for (v, d) in right.distinct { distinct[v] = min(distinct[v] ?? d, d) }
        return Plan(op: op, variables: layout.variables, certainlyBound: left.certainlyBound.union(right.certainlyBound),
                    sortedOn: nil, estimatedRows: rows, distinct: distinct)
    }

    private func planLeftJoin(_ leftAlgebra: Algebra, _ rightAlgebra: Algebra, _ expression: Expression?,
                              graph: ActiveGraph) throws -> Plan {
        let left = try plan(leftAlgebra, graph: graph, limitHint: nil)
        if let service = ServicePart(rightAlgebra), let joined = try planServiceJoin(left, service, mode: .optional, filter: expression) {
            return joined
        }
        let right = try plan(rightAlgebra, graph: graph, limitHint: nil)
        let shared = left.variableSet.intersection(right.variableSet)
        let safe = !shared.isEmpty && shared.allSatisfy { left.certainlyBound.contains($0) && right.certainlyBound.contains($0) }
        let maybeUnbound = shared.filter { !left.certainlyBound.contains($0) }
        let layout = Self.layout(left: left.variables, right: right.variables, leftMaybeUnbound: maybeUnbound)
        let predicate = expression.map { compilePredicate($0, variables: layout.variables) }
        let op: any PhysicalOperator
        if safe {
            op = HashJoin(left: left.op, right: right.op, layout: layout.layout, control: context.control, optional: true,
                          filter: predicate, estimatedRows: left.estimatedRows)
        } else {
            op = NestedLoopJoin(left: left.op, right: right.op, layout: layout.layout, mode: .optional, control: context.control,
                                filter: predicate, estimatedRows: left.estimatedRows)
        }
        var distinct = left.distinct
        for (v, d) in right.distinct where distinct[v] == nil { distinct[v] = d }
        return Plan(op: op, variables: layout.variables, certainlyBound: left.certainlyBound, sortedOn: left.sortedOn,
                    estimatedRows: max(left.estimatedRows, 1), distinct: distinct)
    }

    /// `GRAPH ?g { P }` as the definition reads: the union over the named graphs g of
    /// P evaluated in g, joined with ?g = g. Used when P holds operators for which binding
    /// ?g inside the scans would differ (sub-queries, aggregates, OPTIONAL, MINUS, VALUES).
    func planPerGraph(_ g: Variable, _ inner: Algebra) throws -> Plan {
        var names = context.snapshot.graphs
        if let namedGraphs { names = names.filter { namedGraphs.contains($0.rawValue) } }
        var parts: [Plan] = []
        for id in names {
            let term = try context.decode(id)
            let scoped = inner.scopingExists(inGraph: .term(term))
            let p = try plan(scoped, graph: .named(.term(term), allowed: namedGraphs), limitHint: nil)
            var binding = Batch(width: 1, capacity: 1)
            binding.columns[0].append(id.rawValue)
            let graphValue = Plan(op: ValuesTable(binding), variables: [g], certainlyBound: [g], sortedOn: nil,
                                  estimatedRows: 1, distinct: [g: 1])
            parts.append(try joinPlans(p, graphValue))
        }
        guard var result = parts.first else {
            var variables = inner.inScopeVariables
            if !variables.contains(g) { variables.append(g) }
            return Plan(op: EmptyOperator(width: variables.count, reason: "no named graphs"), variables: variables,
                        certainlyBound: Set(variables), sortedOn: nil, estimatedRows: 0, distinct: [:])
        }
        for next in parts.dropFirst() {
            var variables = result.variables
            for v in next.variables where !variables.contains(v) { variables.append(v) }
            let op = Union(left: Project(result.op, columns: variables.map { result.column(of: $0) }),
                           right: Project(next.op, columns: variables.map { next.column(of: $0) }))
            result = Plan(op: op, variables: variables, certainlyBound: result.certainlyBound.intersection(next.certainlyBound),
                          sortedOn: nil, estimatedRows: result.estimatedRows + next.estimatedRows,
                          distinct: result.distinct.merging(next.distinct, uniquingKeysWith: +))
        }
        return result
    }

    // MARK: - unary operators

    /// The plan of `{}`: one solution with no bindings.
    func unitPlan() -> Plan {
        Plan(op: ValuesTable(Batch(columns: [], rowCount: 1)), variables: [], certainlyBound: [], sortedOn: nil,
             estimatedRows: 1, distinct: [:])
    }

    func columnMap(_ variables: [Variable]) -> [Variable: Int] {
        var map: [Variable: Int] = [:]
        for (i, v) in variables.enumerated() where map[v] == nil { map[v] = i }
        return map
    }

    /// A row predicate: FILTER semantics (errors are false).
    func compilePredicate(_ expression: Expression, variables: [Variable]) -> RowPredicate {
        let columns = columnMap(variables)
        let evaluator = self.evaluator
        let prepared = evaluator.prepare(expression)
        return { batch, row in
            try evaluator.isTrue(prepared, BatchRow(batch: batch, row: row, columns: columns, solutionIndex: row))
        }
    }

    func filter(_ p: Plan, _ expression: Expression) -> Plan {
        if let joined = planExistsService(p, expression) { return joined }
        let selectivity = expression.isEquality ? CostFactors.equalityFilterSelectivity : CostFactors.filterSelectivity
        let op = Filter(p.op, summary: SPARQLSerializer().expression(expression), control: context.control, estimatedRows: p.estimatedRows * selectivity,
                        predicate: compilePredicate(expression, variables: p.variables))
        var out = p
        out.op = op
        out.estimatedRows = p.estimatedRows * selectivity
        return out
    }

    func extend(_ p: Plan, _ variable: Variable, _ expression: Expression) -> Plan {
        let columns = columnMap(p.variables)
        let evaluator = self.evaluator
        let context = self.context
        let base: Int
        if let below = p.op as? Extend {
            base = below.solutionBase
        } else {
            solutionCounter += 1
            base = solutionCounter << 40
        }
        let prepared = evaluator.prepare(expression)
        let op = Extend(p.op, summary: "\(variable) := \(SPARQLSerializer().expression(expression))", control: context.control, solutionBase: base) { batch, row, solution in
            let view = BatchRow(batch: batch, row: row, columns: columns, solutionIndex: solution)
            guard let value = try evaluator.evaluateOrUnbound(prepared, view) else { return 0 }
            return (value.id ?? context.intern(value.term)).rawValue
        }
        var out = p
        out.op = op
        out.variables.append(variable)
        if case .variable(let source) = expression, p.certainlyBound.contains(source) { out.certainlyBound.insert(variable) }
        out.distinct[variable] = p.estimatedRows
        return out
    }

    func values(_ variables: [Variable], _ rows: [[Term?]]) -> Plan {
        var batch = Batch(width: variables.count, capacity: rows.count)
        var bound = Set(variables)
        for row in rows {
            for (c, term) in row.enumerated() {
                if term == nil { bound.remove(variables[c]) }
                batch.columns[c].append(term.map { context.intern($0).rawValue } ?? 0)
            }
            if variables.isEmpty { batch.rowCountWithoutColumns += 1 }
        }
        var distinct: [Variable: Double] = [:]
        for v in variables { distinct[v] = Double(rows.count) }
        return Plan(op: ValuesTable(batch), variables: variables, certainlyBound: bound, sortedOn: nil,
                    estimatedRows: Double(rows.count), distinct: distinct)
    }

    /// `GRAPH ?g {}` (or a constant name): the named graphs of the dataset as solutions.
    func graphNames(_ name: TermPattern) -> Plan {
        var names = context.snapshot.graphs.map(\.rawValue)
        if let namedGraphs { names = names.filter(namedGraphs.contains) }
        switch name {
        case .variable(let v):
            let batch = Batch(columns: [names])
            return Plan(op: ValuesTable(batch), variables: [v], certainlyBound: [v], sortedOn: nil,
                        estimatedRows: Double(names.count), distinct: [v: Double(names.count)])
        case .term(let t):
            let exists = context.storedID(t).map { names.contains($0.rawValue) } ?? false
            return Plan(op: ValuesTable(Batch(columns: [], rowCount: exists ? 1 : 0)), variables: [], certainlyBound: [],
                        sortedOn: nil, estimatedRows: exists ? 1 : 0, distinct: [:])
        }
    }

    func sort(_ p: Plan, _ conditions: [OrderCondition], keep: Int?) -> Plan {
        var current = p
        var keys: [Sort.Key] = []
        for condition in conditions {
            if case .variable(let v) = condition.expression, let c = current.column(of: v) {
                keys.append(Sort.Key(column: c, descending: condition.descending))
            } else if case .variable = condition.expression {
                continue // an unbound variable sorts every row equal
            } else {
                let hidden = Variable("sort\(keys.count)", kind: .internal)
                current = extend(current, hidden, condition.expression)
                keys.append(Sort.Key(column: current.variables.count - 1, descending: condition.descending))
            }
        }
        let context = self.context
        let op = Sort(current.op, keys: keys, keep: keep, control: context.control) { a, b in
            // Decides from the IDs where it can (inline numbers, kinds), decoding only otherwise.
            try SolutionOrdering.compare(TermID(rawValue: a), TermID(rawValue: b), decode: context.decode)
        }
        // Drop the hidden sort columns again.
        let visible = p.variables.indices.map { Optional($0) }
        let out = current.variables.count == p.variables.count ? op as any PhysicalOperator : Project(op, columns: visible)
        var result = p
        result.op = out
        result.sortedOn = nil
        return result
    }

    // MARK: - EXISTS

    /// EXISTS by substitution (SPARQL 18.6): the pattern with the current solution's values
    /// put in for its variables, planned and run until its first solution. The values reach
    /// into SERVICE patterns too (a FILTER inside the remote pattern sees them), and the
    /// answers of patterns that call endpoints are remembered per substitution, so that
    /// rows repeating a value do not repeat the request.
    func exists(_ pattern: Algebra, _ bindings: [Variable: TermID]) throws -> Bool {
        var terms: [Variable: Term] = [:]
        for (v, id) in bindings { terms[v] = try context.decode(id) }
        let substituted = pattern.substituting(terms)
        let remote = pattern.containsService
        if remote, let known = remoteExistsAnswers[substituted] { return known }
        let sub = try plan(substituted, graph: .defaultGraph(defaultGraph), limitHint: 1)
        var found = false
        while let batch = try sub.op.next() {
            if batch.count > 0 { found = true; break }
        }
        if remote {
            if remoteExistsAnswers.count >= 1 << 16 { remoteExistsAnswers.removeAll(keepingCapacity: true) }
            remoteExistsAnswers[substituted] = found
        }
        return found
    }
}
