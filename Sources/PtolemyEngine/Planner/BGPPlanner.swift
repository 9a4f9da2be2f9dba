import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// How a pattern joins the plan built so far.
enum JoinMethod: String, Sendable {
    /// The first pattern: a plain scan.
    case scan
    /// Probe the pattern's partition once per distinct value of the join variable.
    case bind
    /// Both sides sorted on the join variable.
    case merge
    /// Build a hash table on the pattern's rows, probe with the plan's.
    case hash
    /// No shared variable.
    case cross
}

/// One step of a left-deep join order: which pattern, how it joins, on what.
struct JoinStep {
    var pattern: Int
    var method: JoinMethod
    var variable: Variable?
    var order: SortOrder
    var estimatedRows: Double
}

/// The chosen join order: its steps in execution order, with the totals.
struct JoinOrder {
    var steps: [JoinStep]
    var rows: Double
    var cost: Double
}

/// Orders the inputs of a basic graph pattern by cost and chooses each join's algorithm.
///
/// Exhaustive dynamic programming over subsets (left-deep trees, keeping the cheapest plan
/// per sort order: an "interesting order" enables merge joins later) up to
/// ``CostFactors/dynamicProgrammingLimit`` inputs, greedy beyond. Variables and filters
/// are numbered bit sets, the table is a flat array indexed by subset, and a subset's
/// cardinality is order-independent (computed once per subset): for each variable shared
/// by several inputs, divide by all but the smallest of their distinct counts. Filters
/// apply in the subset that first binds their variables and lower its estimate.
final class BGPPlanner {
    let patterns: [any JoinInput]
    let filters: [Expression]
    let context: QueryContext
    /// Every variable of the inputs, numbered (at most 64).
    let variables: [Variable]
    let index: [Variable: Int]
    let patternVariables: [UInt64]
    let filterVariables: [UInt64]
    let filterSelectivity: [Double]
    /// Per input: rows; per input and variable: distinct values (infinity when absent) and
    /// rows per bound value; per input and read order: the sorted variable (-1: none).
    let rows: [Double]
    let distinct: [[Double]]
    /// Per input and variable: the values it could take before the input's own selection
    /// (``JoinInput/domainSize(_:)``); equal to `distinct` for an unselected input.
    let domain: [[Double]]
    let rowsPerValue: [[Double]]
    let sortedVariable: [[Int]]
    let probeable: [[Bool]]
    let probeCosts: [[Double]]
    let scannable: [Bool]

    init(patterns: [any JoinInput], filters: [Expression], context: QueryContext) {
        self.patterns = patterns
        self.filters = filters
        self.context = context
        var variables: [Variable] = []
        var index: [Variable: Int] = [:]
        for p in patterns { for v in p.variables.sorted() where index[v] == nil && variables.count < 64 { index[v] = variables.count; variables.append(v) } }
        self.variables = variables
        self.index = index
        func mask(_ vs: some Sequence<Variable>) -> UInt64 { vs.reduce(0) { $0 | (index[$1].map { 1 << UInt64($0) } ?? 0) } }
        patternVariables = patterns.map { mask($0.variables) }
        filterVariables = filters.map { e in
            let vs = e.referencedVariables
            // A filter on a variable no input binds can only be applied at the end.
            return vs.allSatisfy { index[$0] != nil } ? mask(vs) : UInt64.max
        }
        filterSelectivity = filters.map { $0.isEquality ? CostFactors.equalityFilterSelectivity : CostFactors.filterSelectivity }
        let rows = patterns.map { $0.estimatedRows() }
        self.rows = rows
        let n = variables.count
        distinct = patterns.enumerated().map { i, p in
            var d = [Double](repeating: .infinity, count: n)
            for v in p.variables { if let k = index[v] { d[k] = max(min(p.distinctValues(v), rows[i]), rows[i] > 0 ? 1 : 0) } }
            return d
        }
        let distinct = self.distinct
        domain = patterns.enumerated().map { i, p in
            var d = [Double](repeating: .infinity, count: n)
            for v in p.variables { if let k = index[v] { d[k] = max(p.domainSize(v) ?? 0, distinct[i][k]) } }
            return d
        }
        rowsPerValue = patterns.map { p in
            var r = [Double](repeating: .infinity, count: n)
            for v in p.variables { if let k = index[v] { r[k] = p.estimatedRows(bound: [v]) } }
            return r
        }
        sortedVariable = patterns.map { p in [SortOrder.subjectObject, .objectSubject].map { o in p.sortedVariable(order: o).flatMap { index[$0] } ?? -1 } }
        probeable = patterns.map { p in variables.map { p.canProbe(with: $0) } }
        probeCosts = patterns.map { p in variables.map { p.canProbe(with: $0) ? p.probeCost(for: $0) : .infinity } }
        scannable = patterns.map(\.scannable)
    }

    /// The estimated rows of all the inputs joined, with their filters (no search: the
    /// subset estimate is order-independent).
    func estimatedRows() -> Double {
        guard !patterns.isEmpty else { return 1 }
        let all = UInt32((1 << patterns.count) - 1)
        return joinRows(all) * selectivity(variablesOf(all))
    }

    /// The cheapest join order found.
    func order() -> JoinOrder {
        if patterns.count <= CostFactors.dynamicProgrammingLimit { return dynamicProgramming() }
        return greedy()
    }

    // MARK: - estimates per subset

    private func variablesOf(_ mask: UInt32) -> UInt64 {
        var out: UInt64 = 0
        var m = mask
        while m != 0 {
            let i = m.trailingZeroBitCount
            out |= patternVariables[i]
            m &= m - 1
        }
        return out
    }

    /// Rows of a subset before its filters (order-independent).
    private func joinRows(_ mask: UInt32) -> Double {
        var total = 1.0
        var m = mask
        while m != 0 {
            let i = m.trailingZeroBitCount
            total *= rows[i]
            m &= m - 1
        }
        var shared = variablesOf(mask)
        while shared != 0 {
            let v = shared.trailingZeroBitCount
            shared &= shared - 1
            // Each input's values of v are a subset of its domain; the smallest domain
            // among them (a class, the candidates of a spatial index) holds the others'
            // values too. Within it the inputs select almost independently: a value
            // survives with the product of their shares, the most selective share in
            // full and each further one damped (square root, fourth root, ...), because
            // selections on one entity are often correlated (a tag valued "yes" is
            // mostly a "wheelchair" tag). With no value selection (domain = distinct
            // values) this is the classic |R1||R2| / max(d1, d2).
            var universe = Double.infinity, count = 0
            var m = mask
            while m != 0 {
                let i = m.trailingZeroBitCount
                m &= m - 1
                guard distinct[i][v].isFinite else { continue }
                count += 1
                universe = min(universe, domain[i][v])
            }
            guard count > 1, universe > 0 else { continue }
            var shares: [Double] = [], perValue = 1.0
            m = mask
            while m != 0 {
                let i = m.trailingZeroBitCount
                m &= m - 1
                let d = distinct[i][v]
                guard d.isFinite, d > 0 else { continue }
                shares.append(min(d, universe) / universe)
                perValue /= d
            }
            shares.sort()
            var survivors = universe, roots = 0
            for var share in shares where share < 1 {
                for _ in 0..<roots { share = share.squareRoot() }
                survivors *= share
                roots += 1
            }
            total *= survivors * perValue
        }
        return total
    }

    /// The product of the selectivities of filters a subset's variables cover.
    private func selectivity(_ vars: UInt64) -> Double {
        var s = 1.0
        for (f, fv) in filterVariables.enumerated() where fv & ~vars == 0 { s *= filterSelectivity[f] }
        return s
    }

    /// Filters newly applicable when `vars` grows from `before`.
    private func newFilters(_ before: UInt64, _ after: UInt64) -> Int {
        var n = 0
        for fv in filterVariables where fv & ~after == 0 && fv & ~before != 0 { n += 1 }
        return n
    }

    /// The smallest distinct count of `v` among a subset's inputs, capped by `cap`.
    private func distinctOf(_ mask: UInt32, _ v: Int, cap: Double) -> Double {
        var d = cap
        var m = mask
        while m != 0 {
            let i = m.trailingZeroBitCount
            m &= m - 1
            d = min(d, distinct[i][v])
        }
        return d
    }

    // MARK: - search

    /// A plan of a subset, ending with one join step.
    struct Entry {
        var cost: Double
        var sortedOn: Int
        var previousMask: UInt32
        var previousSorted: Int
        var pattern: Int
        var method: JoinMethod
        var variable: Int
        var order: SortOrder
        var rows: Double
    }

    private func leaves(_ i: Int) -> [Entry] {
        guard scannable[i] else { return [] }
        let r = rows[i] * selectivity(patternVariables[i])
        return patterns[i].leafOrders.map { order in
            Entry(cost: rows[i] * CostFactors.scanRow + rows[i] * CostFactors.filterRow * Double(newFilters(0, patternVariables[i])),
                  sortedOn: sortedVariable[i][order.rawValue], previousMask: 0, previousSorted: -1, pattern: i, method: .scan,
                  variable: -1, order: order, rows: r)
        }
    }

    /// The ways to join input `i` to a plan of `mask`.
    private func extend(_ left: Entry, mask: UInt32, with i: Int, rowCache: (UInt32) -> Double, into out: inout [Entry]) {
        let leftVars = variablesOf(mask)
        let shared = leftVars & patternVariables[i]
        let prows = rows[i]
        let newMask = mask | (1 << UInt32(i))
        let allVars = leftVars | patternVariables[i]
        let unfiltered = rowCache(newMask)
        let outRows = unfiltered * selectivity(allVars)
        let filterCost = unfiltered * selectivity(leftVars) * CostFactors.filterRow * Double(newFilters(leftVars, allVars))
        let leftRows = left.rows
        func add(_ method: JoinMethod, _ v: Int, _ order: SortOrder, _ cost: Double, _ sortedOn: Int) {
            out.append(Entry(cost: cost + filterCost + outRows * CostFactors.outputRow, sortedOn: sortedOn, previousMask: mask,
                             previousSorted: left.sortedOn, pattern: i, method: method, variable: v, order: order, rows: outRows))
        }
        if shared == 0 {
            if scannable[i] { add(.cross, -1, .subjectObject, left.cost + prows * CostFactors.scanRow, left.sortedOn) }
            return
        }
        var remaining = shared
        var firstShared = -1
        while remaining != 0 {
            let v = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            if firstShared < 0 { firstShared = v }
            if probeable[i][v] {
                let probes = min(leftRows, distinctOf(mask, v, cap: leftRows))
                let perValue = rowsPerValue[i][v]
                add(.bind, v, patterns[i].probeOrder(for: variables[v]),
                    left.cost + probes * probeCosts[i][v] + leftRows * perValue * CostFactors.scanRow, left.sortedOn)
            }
            if left.sortedOn == v && scannable[i] {
                for order in [SortOrder.subjectObject, .objectSubject] where sortedVariable[i][order.rawValue] == v {
                    add(.merge, v, order, left.cost + prows * CostFactors.scanRow + (leftRows + prows) * CostFactors.mergeRow, v)
                }
            }
        }
        if scannable[i] && prows.isFinite && prows < 1e11 {
            add(.hash, firstShared, .subjectObject,
                left.cost + prows * (CostFactors.scanRow + CostFactors.hashBuildRow) + leftRows * CostFactors.hashProbeRow, -1)
        }
    }

    private func dynamicProgramming() -> JoinOrder {
        let n = patterns.count
        let size = 1 << n
        var table = [[Entry]](repeating: [], count: size)
        var rowsCache = [Double](repeating: -1, count: size)
        func rowsOf(_ mask: UInt32) -> Double {
            if rowsCache[Int(mask)] < 0 { rowsCache[Int(mask)] = joinRows(mask) }
            return rowsCache[Int(mask)]
        }
        func offer(_ mask: UInt32, _ e: Entry) {
            if let k = table[Int(mask)].firstIndex(where: { $0.sortedOn == e.sortedOn }) {
                if table[Int(mask)][k].cost > e.cost { table[Int(mask)][k] = e }
            } else {
                table[Int(mask)].append(e)
            }
        }
        for i in 0..<n { for e in leaves(i) { offer(1 << UInt32(i), e) } }
        var candidates: [Entry] = []
        // When the patterns form one connected graph, only connected subsets need plans:
        // every connected set is a connected set plus one pattern joined to it (drop a
        // leaf of its spanning tree), so no cross product is ever considered, and a
        // star or chain of a dozen patterns has a fraction of the 2^n subsets.
        let connectedSubsets = connectivity(size: size)
        let onlyConnected = connectedSubsets[size - 1]
        // Masks in increasing numeric order: every proper subset of a mask is smaller.
        for mask in 1..<UInt32(size) where mask.nonzeroBitCount >= 2 {
            if onlyConnected && !connectedSubsets[Int(mask)] { continue }
            var anyConnected = false
            for pass in 0..<2 {
                if pass == 1 && anyConnected { break }
                var m = mask
                while m != 0 {
                    let i = m.trailingZeroBitCount
                    m &= m - 1
                    let rest = mask & ~(1 << UInt32(i))
                    let connected = variablesOf(rest) & patternVariables[i] != 0
                    // First pass: connected extensions only; a disconnected subset allows cross products.
                    if pass == 0 && !connected { continue }
                    anyConnected = anyConnected || connected
                    for left in table[Int(rest)] {
                        candidates.removeAll(keepingCapacity: true)
                        extend(left, mask: rest, with: i, rowCache: rowsOf, into: &candidates)
                        for c in candidates { offer(mask, c) }
                    }
                }
            }
        }
        let full = size - 1
        var steps: [JoinStep] = []
        var entry = table[full].min { $0.cost < $1.cost }!
        let final = entry
        var mask = UInt32(full)
        while true {
            steps.append(step(entry))
            if entry.method == .scan { break }
            let previous = entry.previousMask
            guard let next = table[Int(previous)].first(where: { $0.sortedOn == entry.previousSorted }) ?? table[Int(previous)].first else { break }
            mask = previous
            entry = next
        }
        _ = mask
        return JoinOrder(steps: steps.reversed(), rows: final.rows, cost: final.cost)
    }

    /// For every subset of the patterns, whether sharing variables links them all.
    private func connectivity(size: Int) -> [Bool] {
        let n = patterns.count
        let neighbours: [UInt32] = (0..<n).map { i in
            var m: UInt32 = 0
            for j in 0..<n where j != i && patternVariables[i] & patternVariables[j] != 0 { m |= 1 << UInt32(j) }
            return m
        }
        var out = [Bool](repeating: false, count: size)
        for mask in 1..<UInt32(size) {
            var reached: UInt32 = mask & (~mask &+ 1)
            var frontier = reached
            while frontier != 0 {
                let i = frontier.trailingZeroBitCount
                frontier &= frontier - 1
                let next = neighbours[i] & mask & ~reached
                reached |= next
                frontier |= next
            }
            out[Int(mask)] = reached == mask
        }
        return out
    }

    private func step(_ e: Entry) -> JoinStep {
        JoinStep(pattern: e.pattern, method: e.method, variable: e.variable >= 0 ? variables[e.variable] : nil,
                 order: e.order, estimatedRows: e.rows)
    }

    private func greedy() -> JoinOrder {
        var cache: [UInt32: Double] = [:]
        func rowsOf(_ mask: UInt32) -> Double {
            if let r = cache[mask] { return r }
            let r = joinRows(mask)
            cache[mask] = r
            return r
        }
        var current = (0..<patterns.count).flatMap(leaves).min { $0.rows < $1.rows }!  // scannable ones only
        var mask: UInt32 = 1 << UInt32(current.pattern)
        var steps = [step(current)]
        var candidates: [Entry] = []
        while mask.nonzeroBitCount < patterns.count {
            let vars = variablesOf(mask)
            let remaining = (0..<patterns.count).filter { mask & (1 << UInt32($0)) == 0 }
            let connected = remaining.filter { vars & patternVariables[$0] != 0 }
            var best: Entry?
            for i in connected.isEmpty ? remaining : connected {
                candidates.removeAll(keepingCapacity: true)
                extend(current, mask: mask, with: i, rowCache: rowsOf, into: &candidates)
                for c in candidates where best == nil || c.cost < best!.cost { best = c }
            }
            current = best!
            mask |= 1 << UInt32(current.pattern)
            steps.append(step(current))
        }
        return JoinOrder(steps: steps, rows: current.rows, cost: current.cost)
    }
}
