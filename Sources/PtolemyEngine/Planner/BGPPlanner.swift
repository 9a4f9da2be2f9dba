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

/// A join order under construction. Variables and filters are bit sets over the
/// planner's numbering (so that dynamic programming over many subsets stays cheap), and
/// each sketch points back to the one it extends instead of copying the step list.
struct Sketch {
    var rows: Double
    var cost: Double
    var bound: UInt64
    var distinct: [Double]
    var sortedOn: Int
    var filters: UInt64
    var step: JoinStep
    /// The subset and sort key of the sketch this one extends (nil for a first scan).
    var previous: (mask: UInt32, sortedOn: Int)?
}

/// Orders the patterns of a basic graph pattern by cost and chooses each join's algorithm.
///
/// Exhaustive dynamic programming over connected subsets (left-deep trees, keeping the
/// best plan per sort order: an "interesting order" enables merge joins later) up to
/// ``CostFactors/dynamicProgrammingLimit`` patterns, greedy beyond. Filters whose
/// variables are all bound are applied as early as possible, and their selectivity
/// lowers the estimates of what follows.
struct BGPPlanner {
    let patterns: [any JoinInput]
    let filters: [Expression]
    let context: QueryContext
    /// Every variable of the patterns, numbered (at most 64: more falls back to greedy
    /// ordering over the first 64, which is far beyond any real BGP).
    let variables: [Variable]
    let index: [Variable: Int]
    let patternVariables: [UInt64]
    let filterVariables: [UInt64]
    /// Per pattern, computed once: full rows, distinct values and rows per bound value of each variable.
    let rows: [Double]
    let distinct: [[Int: Double]]
    let rowsPerValue: [[Int: Double]]
    /// Per pattern and read order, the variable the rows come sorted by (-1: none).
    let sortedVariable: [[Int]]

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
            // A filter on a variable no pattern binds can only be applied at the end.
            return vs.allSatisfy { index[$0] != nil } ? mask(vs) : UInt64.max
        }
        rows = patterns.map { $0.estimatedRows() }
        distinct = patterns.map { p in Dictionary(uniqueKeysWithValues: p.variables.compactMap { v in index[v].map { ($0, p.distinctValues(v)) } }) }
        rowsPerValue = patterns.map { p in Dictionary(uniqueKeysWithValues: p.variables.compactMap { v in index[v].map { ($0, p.estimatedRows(bound: [v])) } }) }
        sortedVariable = patterns.map { p in [SortOrder.subjectObject, .objectSubject].map { o in p.sortedVariable(order: o).flatMap { index[$0] } ?? -1 } }
    }

    /// The cheapest join order found.
    func order() -> JoinOrder {
        if patterns.count <= CostFactors.dynamicProgrammingLimit { return dynamicProgramming() }
        return greedy()
    }

    // MARK: - search

    private func leaves(_ i: Int) -> [Sketch] {
        return patterns[i].leafOrders.map { order in
            var d = [Double](repeating: .infinity, count: variables.count)
            for (v, x) in distinct[i] { d[v] = x }
            var sketch = Sketch(rows: rows[i], cost: rows[i] * CostFactors.scanRow, bound: patternVariables[i], distinct: d,
                                sortedOn: sortedVariable[i][order.rawValue], filters: 0,
                                step: JoinStep(pattern: i, method: .scan, variable: nil, order: order, estimatedRows: rows[i]),
                                previous: nil)
            applyFilters(&sketch)
            return sketch
        }
    }

    /// Joins pattern `i` to `left` by each applicable method; returns the candidates.
    private func extend(_ left: Sketch, with i: Int, from previous: (mask: UInt32, sortedOn: Int)?) -> [Sketch] {
        let p = patterns[i]
        let shared = left.bound & patternVariables[i]
        let prows = rows[i]
        var candidates: [Sketch] = []
        func make(_ method: JoinMethod, variable: Int?, order: SortOrder, rows: Double, cost: Double, sortedOn: Int) {
            var d = left.distinct
            for (v, x) in distinct[i] { d[v] = min(d[v], x) }
            for v in 0..<d.count where d[v].isFinite { d[v] = max(min(d[v], rows), rows > 0 ? 1 : 0) }
            var sketch = Sketch(rows: rows, cost: cost, bound: left.bound | patternVariables[i], distinct: d, sortedOn: sortedOn,
                                filters: left.filters,
                                step: JoinStep(pattern: i, method: method, variable: variable.map { variables[$0] }, order: order,
                                               estimatedRows: rows),
                                previous: previous)
            applyFilters(&sketch)
            candidates.append(sketch)
        }
        if shared == 0 {
            let rows = left.rows * prows
            make(.cross, variable: nil, order: .subjectObject, rows: rows,
                 cost: left.cost + prows * CostFactors.scanRow + rows * CostFactors.outputRow, sortedOn: left.sortedOn)
            return candidates
        }
        // The join's size: the most selective shared variable decides.
        var rows = Double.infinity
        var sharedVariables: [Int] = []
        for v in 0..<variables.count where shared & (1 << UInt64(v)) != 0 {
            sharedVariables.append(v)
            let dl = left.distinct[v].isFinite ? left.distinct[v] : left.rows
            let dp = distinct[i][v] ?? prows
            rows = min(rows, left.rows * prows / max(dl, dp, 1))
        }
        if !rows.isFinite { rows = left.rows * prows }
        for v in sharedVariables {
            let variable = variables[v]
            if p.canProbe(with: variable) {
                let perValue = rowsPerValue[i][v] ?? prows
                let probes = min(left.rows, left.distinct[v].isFinite ? left.distinct[v] : left.rows)
                let bindRows = min(rows, left.rows * perValue)
                make(.bind, variable: v, order: p.probeOrder(for: variable), rows: bindRows,
                     cost: left.cost + probes * p.probeCost(for: variable) + left.rows * perValue * CostFactors.scanRow + bindRows * CostFactors.outputRow,
                     sortedOn: left.sortedOn)
            }
            for order in [SortOrder.subjectObject, .objectSubject] where left.sortedOn == v && sortedVariable[i][order.rawValue] == v {
                make(.merge, variable: v, order: order, rows: rows,
                     cost: left.cost + prows * CostFactors.scanRow + (left.rows + prows) * CostFactors.mergeRow + rows * CostFactors.outputRow,
                     sortedOn: v)
            }
        }
        make(.hash, variable: sharedVariables.first, order: .subjectObject, rows: rows,
             cost: left.cost + prows * (CostFactors.scanRow + CostFactors.hashBuildRow) + left.rows * CostFactors.hashProbeRow + rows * CostFactors.outputRow,
             sortedOn: -1)
        return candidates
    }

    private func applyFilters(_ sketch: inout Sketch) {
        for (f, vars) in filterVariables.enumerated() where sketch.filters & (1 << UInt64(f)) == 0 && vars & ~sketch.bound == 0 {
            sketch.filters |= 1 << UInt64(f)
            let selectivity = filters[f].isEquality ? CostFactors.equalityFilterSelectivity : CostFactors.filterSelectivity
            sketch.cost += sketch.rows * CostFactors.filterRow
            sketch.rows *= selectivity
        }
    }

    private func dynamicProgramming() -> JoinOrder {
        let n = patterns.count
        // best[subset][sortedOn + 1]: the cheapest sketch per interesting order.
        var best: [UInt32: [Int: Sketch]] = [:]
        func offer(_ mask: UInt32, _ s: Sketch) {
            if let existing = best[mask]?[s.sortedOn], existing.cost <= s.cost { return }
            best[mask, default: [:]][s.sortedOn] = s
        }
        for i in 0..<n { for s in leaves(i) { offer(1 << UInt32(i), s) } }
        let full: UInt32 = (1 << UInt32(n)) - 1
        // Subsets by size, so that every smaller subset is final before it is extended.
        let masks = (1...full).filter { $0.nonzeroBitCount >= 2 }.sorted { $0.nonzeroBitCount < $1.nonzeroBitCount }
        for mask in masks {
            var anyConnected = false
            for i in 0..<n where mask & (1 << UInt32(i)) != 0 {
                let rest = mask & ~(1 << UInt32(i))
                guard let lefts = best[rest] else { continue }
                for (key, left) in lefts where left.bound & patternVariables[i] != 0 {
                    anyConnected = true
                    for c in extend(left, with: i, from: (rest, key)) { offer(mask, c) }
                }
            }
            if !anyConnected {
                // Disconnected subset: allow a cross product.
                for i in 0..<n where mask & (1 << UInt32(i)) != 0 {
                    let rest = mask & ~(1 << UInt32(i))
                    guard let lefts = best[rest] else { continue }
                    for (key, left) in lefts { for c in extend(left, with: i, from: (rest, key)) { offer(mask, c) } }
                }
            }
        }
        let final = best[full]!.values.min { $0.cost < $1.cost }!
        var steps: [JoinStep] = []
        var current: Sketch? = final
        while let s = current {
            steps.append(s.step)
            current = s.previous.flatMap { best[$0.mask]?[$0.sortedOn] }
        }
        return JoinOrder(steps: steps.reversed(), rows: final.rows, cost: final.cost)
    }

    private func greedy() -> JoinOrder {
        var current = (0..<patterns.count).flatMap(leaves).min { $0.rows < $1.rows }!
        var steps = [current.step]
        var remaining = Set(0..<patterns.count)
        remaining.remove(current.step.pattern)
        while !remaining.isEmpty {
            let connectedOnes = remaining.filter { current.bound & patternVariables[$0] != 0 }
            let pool = connectedOnes.isEmpty ? remaining : connectedOnes
            var choice: Sketch?
            for i in pool.sorted() {
                for c in extend(current, with: i, from: nil) where choice == nil || c.cost < choice!.cost { choice = c }
            }
            current = choice!
            steps.append(current.step)
            remaining.remove(current.step.pattern)
        }
        return JoinOrder(steps: steps, rows: current.rows, cost: current.cost)
    }
}

extension Expression {
    /// The variables an expression reads (EXISTS patterns included).
    var referencedVariables: Set<Variable> { Set(variables) }

    /// Whether this is `?x = constant` (selective).
    var isEquality: Bool {
        if case .equal = self { return true }
        if case .builtIn(.sameTerm, _) = self { return true }
        return false
    }

    /// The conjuncts of a conjunction.
    var conjuncts: [Expression] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }
}
