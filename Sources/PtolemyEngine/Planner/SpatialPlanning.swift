import PtolemyRDF
import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyStorage
import PtolemySPARQL

/// A spatial condition the planner answers from the geometry index instead of testing
/// row by row.
enum SpatialCondition: Sendable {
    /// `relation(?x, C)` (candidate first) or `relation(C, ?x)`, for a relation that
    /// implies intersecting extents.
    case relation(SpatialRelation, candidateFirst: Bool)
    /// `geof:distance(?x, C, unit) < limit` (or <= with `inclusive`).
    case distance(limit: Double, inclusive: Bool, unit: UnitOfMeasure, unitIRI: String)
}

extension QueryPlanner {
    /// Recognises spatial FILTER conjuncts over variables bound to geometry literals
    /// (`?g geo:asWKT ?x`): selections against a constant become ``SpatialSelection``
    /// inputs of the join order; a relation between two such variables on separately
    /// connected sides becomes a ``SpatialJoinOperator`` between the two sides' plans.
    /// The converted conjuncts leave `filters` (the index path refines exactly).
    /// - Returns: the whole plan when a spatial join was built; nil otherwise (the inputs
    ///   and filters are updated in place for the ordinary planner).
    func planSpatial(scans: inout [any JoinInput], filters: inout [Expression]) throws -> Plan? {
        // Variables bound to geometry serializations in this BGP.
        var geometryVariables = Set<Variable>()
        for case let scan as PatternScan in scans {
            if case .term(.iri(let p)) = scan.pattern.predicate, GeoVocabulary.serializationProperties.contains(p),
               let v = scan.pattern.object.variable {
                geometryVariables.insert(v)
            }
        }
        guard !geometryVariables.isEmpty else { return nil }
        var remaining: [Expression] = []
        var join: (relation: SpatialRelation, first: Variable, second: Variable, expression: Expression)?
        for f in filters {
            if let (v, condition, constant) = spatialSelection(f, geometryVariables) {
                let chain = classChain(of: v, in: scans)
                // A chain of plain patterns is answered by the class index itself (it holds
                // the rows literal → geometry → feature): its three patterns leave the join order.
                let absorbs = chain.map { $0.isPlain(in: scans) } ?? false
                if let selection = try SpatialSelection(variable: v, condition: condition, constant: constant, scope: chain?.scope,
                                                        chain: absorbs ? chain : nil, context: context) {
                    if absorbs, let chain {
                        for i in chain.patternIndices.sorted(by: >) { scans.remove(at: i) }
                    }
                    scans.append(selection)
                    continue
                }
            }
            if join == nil, case .function(let iri, let args, _) = f, args.count == 2, let relation = SpatialRelation(functionIRI: iri),
               relation.requiresIntersection, case .variable(let a)? = args.first, case .variable(let b)? = args.last,
               a != b, geometryVariables.contains(a), geometryVariables.contains(b) {
                join = (relation, a, b, f)
                continue
            }
            remaining.append(f)
        }
        filters = remaining
        guard let join else { return nil }
        // The two sides must be separately connected (otherwise the relation is a filter).
        var sides = components(scans)
        guard let firstSide = sides.firstIndex(where: { $0.variables.contains(join.first) }),
              let secondSide = sides.firstIndex(where: { $0.variables.contains(join.second) }), firstSide != secondSide else {
            filters.append(join.expression)
            return nil
        }
        func plan(_ side: (inputs: [any JoinInput], variables: Set<Variable>)) throws -> Plan {
            let own = filters.filter { $0.referencedVariables.isSubset(of: side.variables) }
            return try refineSpatial(try planInputs(side.inputs, filters: own), side.inputs)
        }
        func estimate(_ side: (inputs: [any JoinInput], variables: Set<Variable>)) -> Double {
            let own = filters.filter { $0.referencedVariables.isSubset(of: side.variables) }
            return BGPPlanner(patterns: side.inputs, filters: own, context: context).estimatedRows()
        }
        let leftRows = estimate(sides[firstSide]), rightRows = estimate(sides[secondSide])
        // A tiny side drives an index nested-loop join: each of its literals probes the
        // quad-trees, and the other side's patterns follow the candidates by lookups
        // (a state and its points: no need to read every point first).
        let leftSmall = leftRows <= CostFactors.spatialDriverRows && rightRows > 10 * leftRows
        let rightSmall = rightRows <= CostFactors.spatialDriverRows && leftRows > 10 * rightRows
        if leftSmall || rightSmall {
            let driver = try plan(sides[leftSmall ? firstSide : secondSide])
            let (driverVariable, otherSide, otherVariable) = leftSmall
                ? (join.first, sides[secondSide], join.second) : (join.second, sides[firstSide], join.first)
            // Candidates of the feature class the other side names come from its class
            // index, which also answers the chain's patterns when they are plain.
            var otherInputs = otherSide.inputs
            let chain = classChain(of: otherVariable, in: otherInputs)
            let absorbs = chain.map { $0.isPlain(in: otherInputs) } ?? false
            if absorbs, let chain {
                for i in chain.patternIndices.sorted(by: >) { otherInputs.remove(at: i) }
            }
            let probe = try SpatialJoinInput(driver: driverVariable, candidate: otherVariable, relation: join.relation,
                                             driverFirst: driverVariable == join.first, driverRows: driver.estimatedRows,
                                             scope: chain?.scope, chain: absorbs ? chain : nil, context: context)
            let inputs: [any JoinInput] = [PlannedInput(driver), probe] + otherInputs
            let combined = otherSide.variables.union(driver.variableSet)
            let own = filters.filter { f in f.referencedVariables.isSubset(of: combined)
                && !f.referencedVariables.isSubset(of: driver.variableSet) }
            var result = try refineSpatial(try planInputs(inputs, filters: own), inputs)
            let used = Set([firstSide, secondSide])
            for (i, side) in sides.enumerated() where !used.contains(i) { result = try joinPlans(result, try plan(side)) }
            for f in filters where !sides.contains(where: { f.referencedVariables.isSubset(of: $0.variables) })
                && !f.referencedVariables.isSubset(of: combined) {
                result = filter(result, f)
            }
            return result
        }
        // A plane-sweep join reads both sides whole: a side's chain from its class to
        // the literal is read from the class index in one pass.
        for k in [firstSide, secondSide] {
            for v in [join.first, join.second] where sides[k].variables.contains(v) {
                guard let chain = classChain(of: v, in: sides[k].inputs), chain.isPlain(in: sides[k].inputs) else { continue }
                var inputs = sides[k].inputs
                for i in chain.patternIndices.sorted(by: >) { inputs.remove(at: i) }
                inputs.append(try ClassChainScan(chain: chain, literal: v, context: context))
                sides[k].inputs = inputs
            }
        }
        let left = try plan(sides[firstSide])
        let right = try plan(sides[secondSide])
        let layout = Self.layout(left: left.variables, right: right.variables)
        let estimate = max(left.estimatedRows, right.estimatedRows)
        let op = SpatialJoinOperator(left: left.op, leftColumn: left.column(of: join.first)!, right: right.op,
                                     rightColumn: right.column(of: join.second)!, relation: join.relation, layout: layout.layout,
                                     refiner: SpatialRefiner(context: context), control: context.control, estimatedRows: estimate)
        var distinct = left.distinct
        for (v, d) in right.distinct { distinct[v] = d }
        var result = Plan(op: op, variables: layout.variables, certainlyBound: left.certainlyBound.union(right.certainlyBound),
                          sortedOn: nil, estimatedRows: estimate, distinct: distinct)
        for (i, side) in sides.enumerated() where i != firstSide && i != secondSide {
            result = try joinPlans(result, try plan(side))
        }
        // Filters within one side were applied there; the others apply to the joined rows.
        for f in filters where !sides.contains(where: { f.referencedVariables.isSubset(of: $0.variables) }) {
            result = filter(result, f)
        }
        return result
    }

    /// Filter-and-refine: the spatial selections among `inputs` produced their index
    /// candidates (extents meeting the window); the exact tests run here, after every
    /// join of the pattern, so that only the candidates the rest of the pattern kept are
    /// tested (a parcel-type pattern drops the points and roads a window also holds).
    func refineSpatial(_ plan: Plan, _ inputs: [any JoinInput]) throws -> Plan {
        var result = plan
        for case let join as SpatialJoinInput in inputs {
            guard let a = result.column(of: join.driver), let b = result.column(of: join.candidate) else { continue }
            let op = SpatialPairRefineOperator(result.op, driverColumn: a, candidateColumn: b, join: join, control: context.control,
                                               estimatedRows: result.estimatedRows * 0.5)
            result.op = op
            result.estimatedRows *= 0.5
        }
        for case let selection as SpatialSelection in inputs {
            guard let column = result.column(of: selection.variable) else { continue }
            let op = SpatialRefineOperator(result.op, column: column, selection: selection, control: context.control,
                                           estimatedRows: result.estimatedRows * 0.7)
            result.op = op
            result.estimatedRows *= 0.7
        }
        return result
    }

    /// The class a geometry-literal variable is reached from, when the pattern says so in
    /// the usual GeoSPARQL chain (`?f a C . ?f geo:hasGeometry ?g . ?g geo:asWKT ?v`, or
    /// hasDefaultGeometry), over the store's default graph.
    func classChain(of v: Variable, in scans: [any JoinInput]) -> ClassSpatialIndex.Chain? {
        guard let rdfType = context.snapshot.rdfType else { return nil }
        for (li, input) in scans.enumerated() {
            guard let literal = input as? PatternScan, literal.pattern.object.variable == v,
                  case .defaultGraph(.defaultGraph) = literal.graph, let serialization = literal.predicate,
                  let g = literal.pattern.subject.variable else { continue }
            for (gi, input) in scans.enumerated() {
                guard let link = input as? PatternScan, link.pattern.object.variable == g,
                      case .defaultGraph(.defaultGraph) = link.graph, let geometryPredicate = link.predicate,
                      case .term(.iri(let iri)) = link.pattern.predicate,
                      iri == GeoVocabulary.hasGeometry || iri == GeoVocabulary.hasDefaultGeometry,
                      let f = link.pattern.subject.variable else { continue }
                for (ti, input) in scans.enumerated() {
                    guard let typed = input as? PatternScan, typed.pattern.subject.variable == f, typed.predicate == rdfType,
                          case .defaultGraph(.defaultGraph) = typed.graph, let c = typed.object else { continue }
                    return ClassSpatialIndex.Chain(
                        scope: ClassSpatialIndex.Scope(typeClass: c, geometryPredicate: geometryPredicate, serializationPredicate: serialization),
                        feature: f, geometry: g, patternIndices: [ti, gi, li])
                }
            }
        }
        return nil
    }

    /// The connected components of the inputs (two inputs are connected by a shared variable).
    private func components(_ inputs: [any JoinInput]) -> [(inputs: [any JoinInput], variables: Set<Variable>)] {
        var parts: [(inputs: [any JoinInput], variables: Set<Variable>)] = []
        for input in inputs {
            let touching = parts.indices.filter { !parts[$0].variables.isDisjoint(with: input.variables) }
            var merged: (inputs: [any JoinInput], variables: Set<Variable>) = ([input], input.variables)
            for i in touching.reversed() {
                merged.inputs = parts[i].inputs + merged.inputs
                merged.variables.formUnion(parts[i].variables)
                parts.remove(at: i)
            }
            parts.append(merged)
        }
        return parts
    }

    /// `relation(?x, C)`, `relation(C, ?x)`, or `geof:distance(?x, C, unit) < r` (any
    /// operand order and comparison direction) over a geometry variable.
    private func spatialSelection(_ e: Expression, _ geometryVariables: Set<Variable>) -> (Variable, SpatialCondition, Term)? {
        if case .function(let iri, let args, _) = e, args.count == 2, let relation = SpatialRelation(functionIRI: iri),
           relation.requiresIntersection {
            if case .variable(let v) = args[0], geometryVariables.contains(v), case .term(let c) = args[1], c.isLiteral {
                return (v, .relation(relation, candidateFirst: true), c)
            }
            if case .variable(let v) = args[1], geometryVariables.contains(v), case .term(let c) = args[0], c.isLiteral {
                return (v, .relation(relation, candidateFirst: false), c)
            }
            return nil
        }
        func distance(_ call: Expression, _ bound: Expression, inclusive: Bool) -> (Variable, SpatialCondition, Term)? {
            guard case .function(let iri, let args, _) = call, iri == GeoSPARQL.geof + "distance", args.count == 3,
                  case .term(.iri(let unitIRI)) = args[2], let unit = UnitOfMeasure(iri: unitIRI), unit.kind == .linear,
                  case .term(.literal(let limit)) = bound, let r = Double(limit.lexicalForm) else { return nil }
            for (x, y) in [(args[0], args[1]), (args[1], args[0])] {
                if case .variable(let v) = x, geometryVariables.contains(v), case .term(let c) = y, c.isLiteral {
                    return (v, .distance(limit: r, inclusive: inclusive, unit: unit, unitIRI: unitIRI), c)
                }
            }
            return nil
        }
        switch e {
        case .less(let a, let b): return distance(a, b, inclusive: false)
        case .lessOrEqual(let a, let b): return distance(a, b, inclusive: true)
        case .greater(let a, let b): return distance(b, a, inclusive: false)
        case .greaterOrEqual(let a, let b): return distance(b, a, inclusive: true)
        default: return nil
        }
    }
}

/// The geometry literals that satisfy a spatial condition against a constant, found
/// through the quad-trees of the store's geometry segments and refined exactly: an
/// input of the join order with one variable, sorted by ID (so it merge-joins with the
/// object order of `geo:asWKT`), and probe-able by membership.
final class SpatialSelection: JoinInput {
    let variable: Variable
    let condition: SpatialCondition
    let constant: ParsedGeometry
    let constantTerm: Term
    let window: BoundingBox?
    let context: QueryContext
    let estimate: Double
    /// Every literal the selection chooses from (the class's, or the store's).
    let poolSize: Double
    private var computed: [UInt64]?
    private(set) var candidates = 0
    private var grid: InteriorGrid?
    private var gridUnavailable = false
    /// Candidates the constant's raster approximation settled without the exact test.
    private(set) var settledByGrid = 0

    /// Nil when the constant is not a geometry (then the FILTER stays a plain filter and
    /// raises its error per row, as the function would).
    /// When set, candidates come from the per-class index of this chain (see ``ClassSpatialIndex``).
    let scope: ClassSpatialIndex.Scope?

    /// When set, the selection also stands for the chain's three patterns and emits
    /// (feature, geometry, literal) rows from the class index.
    let chain: ClassSpatialIndex.Chain?

    init?(variable: Variable, condition: SpatialCondition, constant: Term, scope: ClassSpatialIndex.Scope?,
          chain: ClassSpatialIndex.Chain? = nil, context: QueryContext) throws {
        guard case .literal(let literal) = constant, let parsed = try? GeometryCache.shared.geometry(literal) else { return nil }
        self.variable = variable
        self.condition = condition
        self.scope = scope
        self.chain = chain
        self.constant = parsed
        constantTerm = constant
        self.context = context
        var window = try? parsed.literal.boundingBox(in: .crs84)
        if case .distance(let limit, _, let unit, _) = condition, let box = window {
            window = try? CRS.crs84.searchBox(around: box, withinMetres: limit * unit.factor)
        }
        self.window = window.flatMap { $0.isEmpty ? nil : $0 }
        let snapshot = context.snapshot
        var total = 0.0
        if let scope {
            let index = try ClassSpatialIndex.index(scope, snapshot: snapshot, refiner: SpatialRefiner(context: context))
            total = (self.window.map { index.tree.estimatedCount(intersecting: $0) } ?? Double(index.tree.count)) + Double(index.unplaced.count)
            estimate = max(total, 1)
            poolSize = Double(index.literals.count)
            return
        }
        for segment in snapshot.geometrySegments {
            if let w = self.window { total += segment.quadTree.estimatedCount(intersecting: w) } else { total += Double(segment.count) }
            total += Double(segment.unindexed.count)
        }
        total += Double(snapshot.deltaGeometryLiterals.count)
        // Candidates: what the index returns before the exact test.
        estimate = max(total, 1)
        poolSize = snapshot.geometrySegments.reduce(0.0) { $0 + Double($1.count) } + Double(snapshot.deltaGeometryLiterals.count)
    }

    var variables: Set<Variable> { chain.map { [variable, $0.feature, $0.geometry] } ?? [variable] }
    var label: String {
        switch condition {
        case .relation(let r, let first):
            return first ? "geof:\(r.localName)(\(variable), constant)" : "geof:\(r.localName)(constant, \(variable))"
        case .distance(let limit, let inclusive, let unit, _):
            return "geof:distance(\(variable), constant) \(inclusive ? "<=" : "<") \(limit) \(unit)"
        }
    }

    func estimatedRows(bound: Set<Variable>) -> Double { bound.isDisjoint(with: variables) ? estimate : min(1, estimate) }
    func distinctValues(_ v: Variable) -> Double { estimate }
    /// The matches are a spatial share of every (class) geometry.
    func domainSize(_ v: Variable) -> Double? { max(estimate, poolSize) }
    var leafOrders: [SortOrder] { [.subjectObject] }
    func sortedVariable(order: SortOrder) -> Variable? { variable }
    func canProbe(with v: Variable) -> Bool { v == variable && chain == nil }
    func probeOrder(for v: Variable) -> SortOrder { .subjectObject }
    /// A probe is a binary search in the (once computed) matches.
    func probeCost(for v: Variable) -> Double { 2 }

    /// The candidate literal IDs, ascending (computed once): indexed extents meeting the
    /// window, plus literals the index cannot place (unindexed, added by updates).
    func matches() throws -> [UInt64] {
        if let computed { return computed }
        let snapshot = context.snapshot
        var candidateIDs: [UInt64] = []
        if let scope {
            let index = try ClassSpatialIndex.index(scope, snapshot: snapshot, refiner: SpatialRefiner(context: context))
            if let window {
                index.tree.forEach(intersecting: window) { candidateIDs.append($0.id) }
            } else {
                index.tree.forEach { candidateIDs.append($0.id) }
            }
            candidateIDs.append(contentsOf: index.unplaced)
            candidateIDs.sort()
            candidates = candidateIDs.count
            computed = candidateIDs
            return candidateIDs
        }
        for segment in snapshot.geometrySegments {
            if let window {
                segment.quadTree.forEach(intersecting: window) { candidateIDs.append($0.id) }
            } else {
                segment.quadTree.forEach { candidateIDs.append($0.id) }
            }
            candidateIDs.append(contentsOf: segment.unindexed)
        }
        candidateIDs.append(contentsOf: snapshot.deltaGeometryLiterals.map(\.rawValue))
        candidateIDs.sort()
        candidates = candidateIDs.count
        computed = candidateIDs
        return candidateIDs
    }

    /// Exact tests of candidate literals (`ids` ascending): which satisfy the condition.
    /// Same-CRS stored literals are tested in parallel on GEOS against a prepared
    /// constant; the rest through the GeoSPARQL function, on this thread.
    func refine(_ ids: [TermID]) throws -> [Bool] {
        let condition = self.condition
        var result = [Bool](repeating: false, count: ids.count)
        // Candidates whose box lies wholly inside or outside a constant polygon, with a
        // vertex inside it, or lines wholly outside it, are settled in place from their
        // cached blocks; the rest are copied out for the exact test.
        var grid: InteriorGrid?
        if case .relation = condition, ids.count >= InteriorGridPolicy.minimumCandidates { grid = interiorGrid() }
        let constantIRI = constant.crs.iri
        // Settled or queued for the exact test here; the rest (not parsed at load, or in
        // another CRS) take the general path below.
        var handled = [Bool](repeating: false, count: ids.count)
        var exact: [(index: Int, wkb: ArraySlice<UInt8>)] = []
        var settled = 0
        try context.snapshot.visitStoredGeometries(ids) { i, g in
            guard g.crsIRI == constantIRI else { return }
            handled[i] = true
            if let grid, case .relation(let relation, let candidateFirst) = condition {
                if let placement = grid.placement(of: g.boundingBox),
                   let verdict = relation.verdict(candidate: placement, candidateFirst: candidateFirst) {
                    result[i] = verdict
                    settled += 1
                    return
                }
                if let placement = grid.placement(wkb: g.wkb),
                   let verdict = relation.verdict(candidate: placement, candidateFirst: candidateFirst) {
                    result[i] = verdict
                    settled += 1
                    return
                }
            }
            exact.append((i, g.wkb))
        }
        settledByGrid += settled
        let tests = exact
        let constantGeometry = constant.geometry
        let constantCRS = constant.crs
        let control = context.control
        let accepted = try ParallelRefinement.run(count: tests.count, control: control) { range in
            // GEOS prepared geometries are not thread-safe: one per worker.
            let prepared = try PreparedGeometry(constantGeometry)
            var keep: [Int] = []
            for k in range {
                let g = try Geometry(wkb: tests[k].wkb)
                let ok: Bool
                switch condition {
                case .relation(let relation, let candidateFirst):
                    ok = candidateFirst ? try relation.converse.evaluate(prepared, g) : try relation.evaluate(prepared, g)
                case .distance(let limit, let inclusive, let unit, _):
                    if let d = try? MetricGeometry.distance(g, constantGeometry, crs: constantCRS, unit: unit) {
                        ok = inclusive ? d <= limit : d < limit
                    } else {
                        ok = false
                    }
                }
                if ok { keep.append(tests[k].index) }
            }
            return keep
        }
        for i in accepted { result[i] = true }
        let slow = ids.indices.filter { !handled[$0] }
        let refiner = SpatialRefiner(context: context)
        for i in slow {
            try control.check()
            let id = ids[i]
            switch condition {
            case .relation(let relation, let candidateFirst):
                result[i] = try refiner.test(relation, candidate: id, candidateFirst: candidateFirst, constant: constant, constantTerm: constantTerm)
            case .distance(let limit, let inclusive, let unit, let unitIRI):
                if let d = try refiner.distance(candidate: id, constant: constant, constantTerm: constantTerm, unit: unit, unitIRI: unitIRI) {
                    result[i] = inclusive ? d <= limit : d < limit
                }
            }
        }
        return result
    }

    /// The constant's raster approximation, built on first need (nil when it is not a
    /// valid polygon).
    private func interiorGrid() -> InteriorGrid? {
        if let grid { return grid }
        if gridUnavailable { return nil }
        grid = InteriorGrid(constant.geometry, resolution: InteriorGridPolicy.resolution(candidates: candidates))
        gridUnavailable = grid == nil
        return grid
    }

    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        if let chain, let scope {
            let op = ComputedScan(width: 3, summary: label + " over the class index", estimatedRows: estimate) { [self] in
                let index = try ClassSpatialIndex.index(scope, snapshot: context.snapshot, refiner: SpatialRefiner(context: context))
                var out = Batch(width: 3, capacity: 1024)
                var position = 0
                for literal in try self.matches() {
                    let rows = index.rows(of: literal, from: position)
                    position = rows.upperBound
                    for r in rows {
                        out.columns[0].append(literal)
                        out.columns[1].append(index.geometries[r])
                        out.columns[2].append(index.features[r])
                    }
                }
                return out
            }
            return (op, [variable, chain.geometry, chain.feature])
        }
        let op = ComputedScan(width: 1, summary: label, estimatedRows: estimate) { [self] in
            Batch(columns: [try self.matches()])
        }
        return (op, [variable])
    }

    func probeVariables(binding v: Variable) -> [Variable] { [] }

    func makeProbe(context: QueryContext, binding v: Variable) -> Probe {
        { [self] value, emit in
            let all = try self.matches()
            var lo = 0, hi = all.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if all[mid] < value.rawValue { lo = mid + 1 } else { hi = mid }
            }
            if lo < all.count && all[lo] == value.rawValue { try emit(UnsafeBufferPointer(start: nil, count: 0)) }
        }
    }
}

/// When a selection's exact test first consults the raster approximation of its constant.
enum InteriorGridPolicy {
    /// Below this many candidates building the grid costs more than the GEOS tests it saves.
    static let minimumCandidates = 64

    /// Cells along the constant's longer side: finer when more candidates will use the
    /// grid (its cost grows with the cells, what it settles with the candidates).
    static func resolution(candidates: Int) -> Int {
        min(128, max(16, Int((Double(candidates).squareRoot() * 3).rounded())))
    }
}

/// The exact test of a spatial selection, after the joins that used its candidates:
/// keeps the rows whose literal satisfies the condition. Each distinct literal is tested
/// once (a batch's new ones together, in parallel when there are many).
final class SpatialRefineOperator: PhysicalOperator {
    var width: Int { input.width }
    let stats: OperatorStats
    var children: [any PhysicalOperator] { [input] }
    var explainName: String { "SpatialRefine" }
    var explainDetails: String {
        "\(selection.label), \(tested) literals tested (\(selection.settledByGrid) settled by the raster approximation)"
    }

    let input: any PhysicalOperator
    let column: Int
    let selection: SpatialSelection
    let control: QueryControl
    private var verdicts = IDHashMap<Bool>()
    private var tested = 0

    init(_ input: any PhysicalOperator, column: Int, selection: SpatialSelection, control: QueryControl, estimatedRows: Double) {
        self.input = input
        self.column = column
        self.selection = selection
        self.control = control
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    func next() throws -> Batch? {
        while let batch = try input.next() {
            try control.check()
            // The batch's distinct literals not yet tested (often sorted already: the
            // index scans emit by literal).
            var values = batch.columns[column]
            values.sort()
            var unknown: [UInt64] = []
            var previous: UInt64 = 0
            for id in values where id != previous {
                previous = id
                if verdicts[id] == nil { unknown.append(id) }
            }
            if !unknown.isEmpty {
                if verdicts.isEmpty { verdicts = IDHashMap(capacity: unknown.count) }
                let ids = unknown.map(TermID.init(rawValue:))
                let results = try selection.refine(ids)
                for (id, ok) in zip(ids, results) { verdicts[id.rawValue] = ok }
                tested += ids.count
            }
            var keep: [Int32] = []
            for r in 0..<batch.count where verdicts[batch.columns[column][r]] == true { keep.append(Int32(r)) }
            if !keep.isEmpty { return stats.record(batch.selecting(keep)) }
        }
        return nil
    }
}

/// A planned subtree offered to the join order as an input that is only ever scanned
/// (the driving side of an index nested-loop spatial join).
final class PlannedInput: JoinInput {
    let plan: Plan
    init(_ plan: Plan) { self.plan = plan }

    var variables: Set<Variable> { plan.variableSet }
    var label: String { "planned side" }
    func estimatedRows(bound: Set<Variable>) -> Double { bound.isEmpty ? plan.estimatedRows : 1e12 }
    func distinctValues(_ v: Variable) -> Double { plan.distinct[v] ?? plan.estimatedRows }
    var leafOrders: [SortOrder] { [.subjectObject] }
    func sortedVariable(order: SortOrder) -> Variable? { plan.sortedOn }
    func canProbe(with v: Variable) -> Bool { false }
    func probeOrder(for v: Variable) -> SortOrder { .subjectObject }
    func probeCost(for v: Variable) -> Double { .infinity }
    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        (plan.op, plan.variables)
    }
    func probeVariables(binding v: Variable) -> [Variable] { [] }
    func makeProbe(context: QueryContext, binding v: Variable) -> Probe { { _, _ in } }
}

/// The probe side of an index nested-loop spatial join: for a value of the driving
/// literal variable, the literals whose indexed extents meet its extent (candidates; the
/// exact test runs after the pattern's other joins, in ``SpatialPairRefineOperator``).
final class SpatialJoinInput: JoinInput {
    let driver: Variable
    let candidate: Variable
    let relation: SpatialRelation
    /// Whether the driving variable is the relation's first argument.
    let driverFirst: Bool
    let context: QueryContext
    let refiner: SpatialRefiner
    let perProbe: Double
    let driverRows: Double
    let totalGeometries: Double
    /// When set, candidates come from the per-class index of the candidate's chain.
    let scope: ClassSpatialIndex.Scope?
    /// When set, the probe also stands for the chain's three patterns and binds its
    /// geometry and feature too (rows from the class index).
    let chain: ClassSpatialIndex.Chain?

    init(driver: Variable, candidate: Variable, relation: SpatialRelation, driverFirst: Bool, driverRows: Double,
         scope: ClassSpatialIndex.Scope? = nil, chain: ClassSpatialIndex.Chain? = nil, context: QueryContext) throws {
        self.driver = driver
        self.candidate = candidate
        self.relation = relation
        self.driverFirst = driverFirst
        self.scope = scope
        self.chain = chain
        self.context = context
        refiner = SpatialRefiner(context: context)
        // Without knowing the driver's extents, assume a probe meets a small share of the
        // indexed geometries (the planner only needs the order of magnitude).
        let total: Double
        if let scope {
            total = Double(try ClassSpatialIndex.index(scope, snapshot: context.snapshot, refiner: refiner).literals.count)
        } else {
            total = context.snapshot.geometrySegments.reduce(0.0) { $0 + Double($1.count) }
        }
        totalGeometries = max(total, 1)
        perProbe = max(total / 100, 1)
        self.driverRows = max(driverRows, 1)
    }

    var scannable: Bool { false }

    var variables: Set<Variable> { chain.map { [driver, candidate, $0.geometry, $0.feature] } ?? [driver, candidate] }
    var label: String { "geof:\(relation.localName) index probe by \(driver)" + (scope == nil ? "" : " over the class index") }
    /// As if every driving value had been probed: the join size formula then gives
    /// driver rows × candidates per probe.
    func estimatedRows(bound: Set<Variable>) -> Double {
        bound.contains(driver) ? perProbe : driverRows * perProbe
    }
    func distinctValues(_ v: Variable) -> Double { v == driver ? driverRows : min(totalGeometries, driverRows * perProbe) }
    /// The candidates are a spatial share of every (class) geometry.
    func domainSize(_ v: Variable) -> Double? { v == driver ? nil : totalGeometries }
    var leafOrders: [SortOrder] { [.subjectObject] }
    func sortedVariable(order: SortOrder) -> Variable? { nil }
    func canProbe(with v: Variable) -> Bool { v == driver }
    func probeOrder(for v: Variable) -> SortOrder { .subjectObject }
    func probeCost(for v: Variable) -> Double { 30 }
    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        let variables = [driver] + probeVariables(binding: driver)
        return (EmptyOperator(width: variables.count, reason: "a spatial probe needs its driving value"), variables)
    }
    func probeVariables(binding v: Variable) -> [Variable] { chain.map { [candidate, $0.geometry, $0.feature] } ?? [candidate] }

    func makeProbe(context: QueryContext, binding v: Variable) -> Probe {
        let snapshot = context.snapshot
        let refiner = self.refiner
        let relation = self.relation, candidateFirst = !driverFirst
        // The raster approximation of the last polygonal driver (drivers repeat: a bind
        // join probes value after value, often the same one).
        var lastGrid: (driver: UInt64, grid: InteriorGrid?)?
        func grid(for value: TermID, candidates: Int) throws -> InteriorGrid? {
            if let lastGrid, lastGrid.driver == value.rawValue { return lastGrid.grid }
            var grid: InteriorGrid?
            if let stored = try refiner.stored(value), stored.crs == CRS.crs84IRI {
                grid = InteriorGrid(stored.geometry, resolution: min(64, max(16, Int(Double(candidates).squareRoot()))))
            }
            lastGrid = (value.rawValue, grid)
            return grid
        }
        /// The IDs of the index entries meeting the driver's box, less those whose box
        /// alone fails the relation on the driver's grid (in its exterior, say): the joins
        /// that follow would probe them for nothing. The rest still get the exact test.
        func meeting(_ tree: QuadTree, _ box: BoundingBox, driver value: TermID) throws -> [UInt64] {
            var entries: [QuadTree.Entry] = []
            tree.forEach(intersecting: box) { entries.append($0) }
            guard entries.count >= InteriorGridPolicy.minimumCandidates, let grid = try grid(for: value, candidates: entries.count) else {
                return entries.map(\.id)
            }
            return entries.compactMap { entry in
                if let placement = grid.placement(of: entry.box),
                   relation.verdict(candidate: placement, candidateFirst: candidateFirst) == false { return nil }
                return entry.id
            }
        }
        if let scope {
            let chained = chain != nil
            return { value, emit in
                guard let box = try refiner.extent(value) else { return }
                let index = try ClassSpatialIndex.index(scope, snapshot: snapshot, refiner: refiner)
                var candidates = try meeting(index.tree, box, driver: value)
                candidates.append(contentsOf: index.unplaced)
                candidates.sort()
                var row: (UInt64, UInt64, UInt64) = (0, 0, 0)
                if chained {
                    // By feature: the feature's other patterns are looked up next, and
                    // ascending lookups gallop.
                    var rows: [(literal: UInt64, geometry: UInt64, feature: UInt64)] = []
                    rows.reserveCapacity(candidates.count)
                    for literal in candidates {
                        for r in index.rows(of: literal) { rows.append((literal, index.geometries[r], index.features[r])) }
                    }
                    rows.sort { $0.feature < $1.feature }
                    for chainRow in rows {
                        row = (chainRow.literal, chainRow.geometry, chainRow.feature)
                        try withUnsafeBytes(of: &row) { try emit($0.bindMemory(to: UInt64.self)) }
                    }
                } else {
                    for literal in candidates {
                        row.0 = literal
                        try withUnsafeBytes(of: &row) { try emit(UnsafeBufferPointer(start: $0.bindMemory(to: UInt64.self).baseAddress, count: 1)) }
                    }
                }
            }
        }
        return { value, emit in
            guard let box = try refiner.extent(value) else { return }
            var candidates: [UInt64] = []
            for segment in snapshot.geometrySegments {
                candidates += try meeting(segment.quadTree, box, driver: value)
                candidates.append(contentsOf: segment.unindexed)
            }
            candidates.append(contentsOf: snapshot.deltaGeometryLiterals.map(\.rawValue))
            // Ascending, so the lookups that follow gallop forward instead of searching.
            candidates.sort()
            var one: UInt64 = 0
            for c in candidates {
                one = c
                try withUnsafePointer(to: &one) { try emit(UnsafeBufferPointer(start: $0, count: 1)) }
            }
        }
    }
}

/// The exact test of an index nested-loop spatial join's pairs, after the joins that
/// used its candidates: each driving literal's geometry is prepared once and tested
/// against its surviving candidates.
final class SpatialPairRefineOperator: PhysicalOperator {
    var width: Int { input.width }
    let stats: OperatorStats
    var children: [any PhysicalOperator] { [input] }
    var explainName: String { "SpatialRefine" }
    var explainDetails: String { "\(join.label), \(tested) pairs tested" }

    let input: any PhysicalOperator
    let driverColumn: Int, candidateColumn: Int
    let join: SpatialJoinInput
    let control: QueryControl
    private var prepared: [UInt64: PreparedGeometry?] = [:]
    private var verdicts: [PairKey: Bool] = [:]
    private var tested = 0

    struct PairKey: Hashable { var a: UInt64, b: UInt64 }

    init(_ input: any PhysicalOperator, driverColumn: Int, candidateColumn: Int, join: SpatialJoinInput, control: QueryControl,
         estimatedRows: Double) {
        self.input = input
        self.driverColumn = driverColumn
        self.candidateColumn = candidateColumn
        self.join = join
        self.control = control
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    private func test(_ d: UInt64, _ c: UInt64) throws -> Bool {
        let key = PairKey(a: d, b: c)
        if let v = verdicts[key] { return v }
        tested += 1
        let refiner = join.refiner
        let ok: Bool
        if prepared[d] == nil, let (g, _) = try refiner.stored(TermID(rawValue: d)) { prepared[d] = try? PreparedGeometry(g) }
        if let p = prepared[d] ?? nil, let (gc, cc) = try refiner.stored(TermID(rawValue: c)),
           let (_, cd) = try refiner.stored(TermID(rawValue: d)), cc == cd {
            // a R b with the driver prepared: driver first → R(driver, c); else R(c, driver) = R'(driver, c).
            ok = join.driverFirst ? try join.relation.evaluate(p, gc) : try join.relation.converse.evaluate(p, gc)
        } else {
            let (x, y) = join.driverFirst ? (d, c) : (c, d)
            ok = try refiner.test(join.relation, TermID(rawValue: x), TermID(rawValue: y), preparedB: nil, preparedA: nil)
        }
        verdicts[key] = ok
        return ok
    }

    func next() throws -> Batch? {
        while let batch = try input.next() {
            try control.check()
            var keep: [Int32] = []
            for r in 0..<batch.count {
                let d = batch.columns[driverColumn][r], c = batch.columns[candidateColumn][r]
                if d != 0, c != 0, try test(d, c) { keep.append(Int32(r)) }
            }
            if !keep.isEmpty { return stats.record(batch.selecting(keep)) }
        }
        return nil
    }
}

/// Joins two sides on a spatial relation between their geometry literals: both sides
/// are read, each distinct literal's CRS84 extent is looked up, a plane sweep over the
/// extents (PtolemyGeo's SpatialJoin) yields candidate pairs, and each pair is refined
/// exactly — with a prepared geometry for whichever literal takes part in many pairs
/// (a state against its thousands of points).
final class SpatialJoinOperator: PhysicalOperator {
    let width: Int
    let stats: OperatorStats
    var children: [any PhysicalOperator] { [left, right] }
    var explainName: String { "SpatialJoin" }
    var explainDetails: String {
        "geof:\(relation.localName), \(candidatePairs) candidate pairs (\(settledByGrid) settled by raster approximations)"
    }

    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let leftColumn: Int, rightColumn: Int
    let relation: SpatialRelation
    let layout: JoinLayout
    let refiner: SpatialRefiner
    let control: QueryControl
    private var output: ComputedScan?
    private(set) var candidatePairs = 0
    private(set) var settledByGrid = 0

    init(left: any PhysicalOperator, leftColumn: Int, right: any PhysicalOperator, rightColumn: Int,
         relation: SpatialRelation, layout: JoinLayout, refiner: SpatialRefiner, control: QueryControl, estimatedRows: Double) {
        self.left = left
        self.right = right
        self.leftColumn = leftColumn
        self.rightColumn = rightColumn
        self.relation = relation
        self.layout = layout
        self.refiner = refiner
        self.control = control
        width = layout.outputs.count
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    /// The distinct literals of one side, densely numbered, with the rows holding each.
    struct Side {
        var ids: [UInt64] = []
        /// Rows of literal k: rows[offsets[k]..<offsets[k+1]].
        var offsets: [Int32] = [0]
        var rows: [Int32] = []

        init(_ batch: Batch, column: Int) {
            let values = batch.columns[column]
            var order: [(id: UInt64, row: Int32)] = []
            order.reserveCapacity(batch.count)
            for r in 0..<batch.count where values[r] != 0 { order.append((values[r], Int32(r))) }
            // Often sorted already (a side read from an index in literal order).
            if !zip(order, order.dropFirst()).allSatisfy({ $0.id <= $1.id }) { order.sort { $0.id < $1.id } }
            rows.reserveCapacity(order.count)
            for (id, r) in order {
                if ids.last != id {
                    if !ids.isEmpty { offsets.append(Int32(rows.count)) }
                    ids.append(id)
                }
                rows.append(r)
            }
            if !ids.isEmpty { offsets.append(Int32(rows.count)) }
        }

        func rows(of k: Int) -> ArraySlice<Int32> { rows[Int(offsets[k])..<Int(offsets[k + 1])] }
    }

    private func run() throws -> Batch {
        let reservation = MemoryReservation(control: control, operatorName: "spatial join")
        let l = try drain(left, control: control, reservation: reservation)
        let r = try drain(right, control: control, reservation: reservation)
        let leftSide = Side(l, column: leftColumn), rightSide = Side(r, column: rightColumn)
        let snapshot = refiner.context.snapshot
        let leftStored = try parsingOthers(leftSide.ids, try snapshot.storedGeometries(leftSide.ids.map(TermID.init(rawValue:))))
        let rightStored = try parsingOthers(rightSide.ids, try snapshot.storedGeometries(rightSide.ids.map(TermID.init(rawValue:))))
        // Entries carry dense indices, so the candidate pairs index arrays, not dictionaries.
        func entries(_ side: Side, _ stored: [StoredGeometry?]) throws -> [QuadTree.Entry] {
            var out: [QuadTree.Entry] = []
            out.reserveCapacity(side.ids.count)
            for (k, id) in side.ids.enumerated() {
                let box: BoundingBox?
                if let g = stored[k], g.crsIRI == CRS.crs84IRI { box = g.boundingBox.isEmpty ? nil : g.boundingBox } else {
                    box = try refiner.extent(TermID(rawValue: id))
                }
                if let box { out.append(QuadTree.Entry(id: UInt64(k), box: box)) }
            }
            return out
        }
        let leftEntries = try entries(leftSide, leftStored), rightEntries = try entries(rightSide, rightStored)
        var pairs: [(Int32, Int32)] = []
        PtolemyGeo.SpatialJoin.forEachCandidatePair(leftEntries, rightEntries) { a, b in pairs.append((Int32(a), Int32(b))) }
        candidatePairs = pairs.count
        try control.check()
        // Prepare the side whose literals take part in more pairs; group the pairs by it
        // so that each worker prepares each of its literals once.
        var leftUses = [Int32](repeating: 0, count: leftSide.ids.count), rightUses = [Int32](repeating: 0, count: rightSide.ids.count)
        for (a, b) in pairs { leftUses[Int(a)] += 1; rightUses[Int(b)] += 1 }
        let leftLiterals = leftUses.reduce(0) { $1 > 0 ? $0 + 1 : $0 }, rightLiterals = rightUses.reduce(0) { $1 > 0 ? $0 + 1 : $0 }
        let prepareLeft = pairs.count > 0 && leftLiterals <= rightLiterals
        pairs.sort { prepareLeft ? ($0.0, $0.1) < ($1.0, $1.1) : ($0.1, $0.0) < ($1.1, $1.0) }
        // Geometries of the literals in a pair, built once (in parallel) from stored WKB.
        func geometries(_ stored: [StoredGeometry?], used: [Int32]) throws -> [Geometry?] {
            let indices = used.indices.filter { used[$0] > 0 }
            var out = [Geometry?](repeating: nil, count: stored.count)
            let built = try ParallelRefinement.map(indices, control: control) { k in stored[k].flatMap { try? Geometry(wkb: $0.wkb) } }
            for (k, g) in zip(indices, built) { out[k] = g }
            return out
        }
        let relation = self.relation
        // The prepared side's literals first: a polygon in many pairs gets a raster
        // approximation that settles the pairs whose other literal lies wholly inside or
        // outside it, which then need neither decoding nor an exact test.
        let keyStored = prepareLeft ? leftStored : rightStored, otherStored = prepareLeft ? rightStored : leftStored
        let keyUses = prepareLeft ? leftUses : rightUses
        var otherUses = prepareLeft ? rightUses : leftUses
        let keyGeometries = try geometries(keyStored, used: keyUses)
        let gridKeys = keyUses.indices.filter { keyUses[$0] >= Int32(InteriorGridPolicy.minimumCandidates) && keyGeometries[$0] != nil }
        let builtGrids = try ParallelRefinement.map(gridKeys, control: control) { k in
            InteriorGrid(keyGeometries[k]!, resolution: InteriorGridPolicy.resolution(candidates: Int(keyUses[k])))
        }
        var gridsByKey = [InteriorGrid?](repeating: nil, count: keyStored.count)
        for (k, grid) in zip(gridKeys, builtGrids) { gridsByKey[k] = grid }
        let grids = gridsByKey
        // CRSs as small numbers (-1: not stored), and the other side's boxes, so the loop
        // over the pairs copies no stored geometry.
        var crsIndex: [String: Int] = [:]
        var last: (iri: String, number: Int)?
        func crsNumbers(of stored: [StoredGeometry?]) -> [Int] {
            stored.map { g in
                guard let iri = g?.crsIRI else { return -1 }
                // Nearly all literals share one CRS: skip the hashing then.
                if let last, last.iri == iri { return last.number }
                let n = crsIndex[iri] ?? crsIndex.count
                crsIndex[iri] = n
                last = (iri, n)
                return n
            }
        }
        let keyCRS = crsNumbers(of: keyStored), otherCRS = crsNumbers(of: otherStored)
        let otherBoxes = otherStored.map { $0?.boundingBox ?? .empty }
        // The raster verdicts, in parallel (a long line is walked once per polygon it may
        // meet): the other literal's box wholly inside or outside the polygon; else a
        // vertex of it in an interior cell, or a line in exterior cells only.
        let pairList = pairs
        let gridVerdicts = try ParallelRefinement.map(Array(pairs.indices), control: control) { n -> Bool? in
            let (a, b) = pairList[n]
            let key = Int(prepareLeft ? a : b), other = Int(prepareLeft ? b : a)
            guard let grid = grids[key], keyCRS[key] >= 0, keyCRS[key] == otherCRS[other] else { return nil }
            if let placement = grid.placement(of: otherBoxes[other]),
               let verdict = relation.verdict(candidate: placement, candidateFirst: !prepareLeft) {
                return verdict
            }
            guard let placement = grid.placement(wkb: otherStored[other]!.wkb) else { return nil }
            return relation.verdict(candidate: placement, candidateFirst: !prepareLeft)
        }
        var undecided: [Int] = []
        var matched: [Int] = []
        var slow: [Int] = []
        for (n, (a, b)) in pairs.enumerated() {
            let key = Int(prepareLeft ? a : b), other = Int(prepareLeft ? b : a)
            guard keyCRS[key] >= 0, keyCRS[key] == otherCRS[other], keyGeometries[key] != nil else {
                slow.append(n)
                continue
            }
            if let verdict = gridVerdicts[n] {
                if verdict { matched.append(n) }
                otherUses[other] -= 1
                settledByGrid += 1
                continue
            }
            undecided.append(n)
        }
        let otherGeometries = try geometries(otherStored, used: otherUses)
        let undecidedPairs = undecided
        matched += try ParallelRefinement.run(count: undecidedPairs.count, control: control) { range in
            var keep: [Int] = []
            var prepared: (Int32, PreparedGeometry?)?
            for u in range {
                let n = undecidedPairs[u]
                let (a, b) = pairList[n]
                let key = prepareLeft ? a : b, other = prepareLeft ? b : a
                guard let keyGeometry = keyGeometries[Int(key)], let otherGeometry = otherGeometries[Int(other)] else { continue }
                if prepared?.0 != key {
                    prepared = (key, keyUses[Int(key)] >= 3 ? try? PreparedGeometry(keyGeometry) : nil)
                }
                let ok: Bool
                if let p = prepared?.1 {
                    ok = prepareLeft ? try relation.evaluate(p, otherGeometry) : try relation.converse.evaluate(p, otherGeometry)
                } else {
                    ok = prepareLeft ? try relation.evaluate(keyGeometry, otherGeometry) : try relation.evaluate(otherGeometry, keyGeometry)
                }
                if ok { keep.append(n) }
            }
            return keep
        }
        for n in slow {
            let (a, b) = pairs[n]
            if try refiner.test(relation, TermID(rawValue: leftSide.ids[Int(a)]), TermID(rawValue: rightSide.ids[Int(b)]),
                                preparedB: nil, preparedA: nil) {
                matched.append(n)
            }
        }
        var out = Batch(width: width)
        for n in matched {
            let (a, b) = pairs[n]
            for i in leftSide.rows(of: Int(a)) {
                for j in rightSide.rows(of: Int(b)) where layout.compatible(left: l, Int(i), right: r, Int(j)) {
                    layout.append(left: l, Int(i), right: r, Int(j), to: &out)
                }
            }
        }
        return out
    }

    /// The geometries of literals the store did not parse (those a SERVICE answer or an
    /// expression brought), parsed once, in parallel, so that they take the same paths as
    /// stored ones: prepared geometries, raster approximations, parallel exact tests.
    private func parsingOthers(_ ids: [UInt64], _ stored: [StoredGeometry?]) throws -> [StoredGeometry?] {
        var missing: [(index: Int, lexical: String, format: GeometryLiteral.Format)] = []
        for (k, g) in stored.enumerated() where g == nil {
            guard case .literal(let l) = try refiner.context.decode(TermID(rawValue: ids[k])),
                  let format = GeometryLiteral.Format(datatypeIRI: l.datatype) else { continue }
            missing.append((k, l.lexicalForm, format))
        }
        guard !missing.isEmpty else { return stored }
        let work = missing
        let parsed = try ParallelRefinement.map(Array(work.indices), control: control) { i -> StoredGeometry? in
            guard let literal = try? GeometryLiteral(parsing: work[i].lexical, format: work[i].format) else { return nil }
            return StoredGeometry(id: TermID(rawValue: ids[work[i].index]), crsIRI: literal.crs.iri, wkb: literal.wkb[...],
                                  boundingBox: literal.boundingBox)
        }
        var out = stored
        for (i, m) in work.enumerated() { out[m.index] = parsed[i] }
        return out
    }

    func next() throws -> Batch? {
        if output == nil {
            let all = try run()
            output = ComputedScan(width: width, summary: "", estimatedRows: .nan) { all }
        }
        return stats.record(try output!.next())
    }
}

