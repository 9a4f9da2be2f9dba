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

/// A join order under construction, with its estimates.
struct Sketch {
    var steps: [JoinStep]
    var rows: Double
    var cost: Double
    var bound: Set<Variable>
    var distinct: [Variable: Double]
    var sortedOn: Variable?
    var filtersApplied: Set<Int>
}

/// Orders the patterns of a basic graph pattern by cost and chooses each join's algorithm.
///
/// Exhaustive dynamic programming over connected subsets (left-deep trees, keeping the
/// best plan per sort order: an "interesting order" enables merge joins later) up to
/// ``CostFactors/dynamicProgrammingLimit`` patterns, greedy beyond. Filters whose
/// variables are all bound are applied as early as possible, and their selectivity
/// lowers the estimates of what follows.
struct BGPPlanner {
    let patterns: [PatternScan]
    let filters: [Expression]
    let filterVariables: [Set<Variable>]
    /// Variables already fixed by an enclosing operator (none for top-level BGPs).
    let context: QueryContext

    /// Per pattern, computed once: full rows, distinct values and rows per bound value of each variable.
    let rows: [Double]
    let distinct: [[Variable: Double]]
    let rowsPerValue: [[Variable: Double]]

    init(patterns: [PatternScan], filters: [Expression], context: QueryContext) {
        self.patterns = patterns
        self.filters = filters
        filterVariables = filters.map { $0.referencedVariables }
        self.context = context
        rows = patterns.map { $0.estimatedRows() }
        distinct = patterns.map { p in Dictionary(uniqueKeysWithValues: p.variables.map { ($0, p.distinctValues($0)) }) }
        rowsPerValue = patterns.map { p in Dictionary(uniqueKeysWithValues: p.variables.map { ($0, p.estimatedRows(bound: [$0])) }) }
    }

    /// The cheapest join order found.
    func order() -> Sketch {
        let n = patterns.count
        if n <= CostFactors.dynamicProgrammingLimit { return dynamicProgramming() }
        return greedy()
    }

    // MARK: - search

    private func leaves(_ i: Int) -> [Sketch] {
        let p = patterns[i]
        let rows = self.rows[i]
        var orders: [SortOrder] = [.subjectObject]
        if p.subject == nil && p.object == nil && p.keys.count == 1 && !(p.keys.first?.isClassPartition ?? false) {
            orders.append(.objectSubject)
        }
        return orders.map { order in
            let distinct = self.distinct[i]
            var sketch = Sketch(steps: [JoinStep(pattern: i, method: .scan, variable: nil, order: order, estimatedRows: rows)],
                                rows: rows, cost: rows * CostFactors.scanRow, bound: p.variables, distinct: distinct,
                                sortedOn: p.sortedVariable(order: order), filtersApplied: [])
            applyFilters(&sketch)
            return sketch
        }
    }

    /// Joins `pattern` to `left` by each applicable method; returns the candidates.
    private func extend(_ left: Sketch, with i: Int) -> [Sketch] {
        let p = patterns[i]
        let shared = left.bound.intersection(p.variables)
        let prows = rows[i]
        var candidates: [Sketch] = []
        func make(_ method: JoinMethod, variable: Variable?, order: SortOrder, rows: Double, cost: Double, sortedOn: Variable?) {
            var distinct = left.distinct
            for (v, d) in self.distinct[i] { distinct[v] = min(distinct[v] ?? d, d, rows) }
            for (v, d) in distinct { distinct[v] = max(min(d, rows), rows > 0 ? 1 : 0) }
            var sketch = Sketch(steps: left.steps + [JoinStep(pattern: i, method: method, variable: variable, order: order, estimatedRows: rows)],
                                rows: rows, cost: cost, bound: left.bound.union(p.variables), distinct: distinct,
                                sortedOn: sortedOn, filtersApplied: left.filtersApplied)
            applyFilters(&sketch)
            candidates.append(sketch)
        }
        if shared.isEmpty {
            let rows = left.rows * prows
            make(.cross, variable: nil, order: .subjectObject, rows: rows,
                 cost: left.cost + prows * CostFactors.scanRow + rows * CostFactors.outputRow, sortedOn: left.sortedOn)
            return candidates
        }
        // The join's size: the most selective shared variable decides.
        var rows = Double.infinity
        for v in shared {
            let dl = left.distinct[v] ?? left.rows
            let dp = distinct[i][v] ?? prows
            rows = min(rows, left.rows * prows / max(dl, dp, 1))
        }
        if !rows.isFinite { rows = left.rows * prows }
        for v in shared.sorted() {
            if p.canProbe(with: v) {
                let perValue = rowsPerValue[i][v] ?? prows
                let probes = min(left.rows, left.distinct[v] ?? left.rows)
                let bindRows = min(rows, left.rows * perValue)
                make(.bind, variable: v, order: p.pattern.subject.variable == v ? .subjectObject : .objectSubject, rows: bindRows,
                     cost: left.cost + probes * CostFactors.probe + left.rows * perValue * CostFactors.scanRow + bindRows * CostFactors.outputRow,
                     sortedOn: left.sortedOn)
            }
            for order in [SortOrder.subjectObject, .objectSubject] where left.sortedOn == v && p.sortedVariable(order: order) == v {
                make(.merge, variable: v, order: order, rows: rows,
                     cost: left.cost + prows * CostFactors.scanRow + (left.rows + prows) * CostFactors.mergeRow + rows * CostFactors.outputRow,
                     sortedOn: v)
            }
        }
        let hashVariable = shared.sorted().first
        make(.hash, variable: hashVariable, order: .subjectObject, rows: rows,
             cost: left.cost + prows * (CostFactors.scanRow + CostFactors.hashBuildRow) + left.rows * CostFactors.hashProbeRow + rows * CostFactors.outputRow,
             sortedOn: nil)
        return candidates
    }

    private func applyFilters(_ sketch: inout Sketch) {
        for (f, vars) in filterVariables.enumerated() where !sketch.filtersApplied.contains(f) && vars.isSubset(of: sketch.bound) {
            sketch.filtersApplied.insert(f)
            let selectivity = filters[f].isEquality ? CostFactors.equalityFilterSelectivity : CostFactors.filterSelectivity
            sketch.cost += sketch.rows * CostFactors.filterRow
            sketch.rows *= selectivity
        }
    }

    private func connected(_ sketch: Sketch, _ i: Int) -> Bool {
        !sketch.bound.isDisjoint(with: patterns[i].variables)
    }

    private func dynamicProgramming() -> Sketch {
        let n = patterns.count
        // best[subset][sortedOn] — keep the cheapest sketch per interesting order.
        var best: [UInt32: [Variable?: Sketch]] = [:]
        func offer(_ mask: UInt32, _ s: Sketch) {
            let key: Variable? = s.sortedOn
            if let existing = best[mask, default: [:]][key], existing.cost <= s.cost { return }
            best[mask, default: [:]][key] = s
        }
        for i in 0..<n { for s in leaves(i) { offer(1 << i, s) } }
        let full: UInt32 = n == 32 ? .max : (1 << UInt32(n)) - 1
        // Subsets in order of size so that every smaller subset is final before use.
        let masks = (1...full).filter { $0.nonzeroBitCount >= 2 }.sorted { $0.nonzeroBitCount < $1.nonzeroBitCount }
        for mask in masks {
            var anyConnected = false
            for i in 0..<n where mask & (1 << i) != 0 {
                let rest = mask & ~(1 << UInt32(i))
                guard let lefts = best[rest] else { continue }
                for left in lefts.values where connected(left, i) {
                    anyConnected = true
                    for c in extend(left, with: i) { offer(mask, c) }
                }
            }
            if !anyConnected {
                // Disconnected subset: allow a cross product.
                for i in 0..<n where mask & (1 << i) != 0 {
                    let rest = mask & ~(1 << UInt32(i))
                    guard let lefts = best[rest] else { continue }
                    for left in lefts.values { for c in extend(left, with: i) { offer(mask, c) } }
                }
            }
        }
        return best[full]!.values.min { $0.cost < $1.cost }!
    }

    private func greedy() -> Sketch {
        var current = (0..<patterns.count).flatMap(leaves).min { $0.rows < $1.rows }!
        var remaining = Set(0..<patterns.count).subtracting(current.steps.map(\.pattern))
        while !remaining.isEmpty {
            let connectedOnes = remaining.filter { connected(current, $0) }
            let pool = connectedOnes.isEmpty ? remaining : connectedOnes
            var choice: Sketch?
            for i in pool.sorted() {
                for c in extend(current, with: i) where choice == nil || c.cost < choice!.cost { choice = c }
            }
            current = choice!
            remaining.remove(current.steps.last!.pattern)
        }
        return current
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
