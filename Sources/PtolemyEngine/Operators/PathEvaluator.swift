import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// Evaluates property paths (SPARQL 1.1 section 9 and 18.4) over the store.
///
/// A path evaluates to (start, end) pairs. Sequences and alternatives keep duplicates
/// (they translate to joins and unions); `*`, `+` and `?` follow the arbitrary-length
/// path semantics: the distinct nodes reachable from each start, found by breadth-first
/// search, which terminates on cycles. A bound end is used by searching backwards.
final class PathEvaluator {
    let context: QueryContext
    let graph: GraphFilter
    /// The graph whose quads the path walks when inside GRAPH (a specific graph), or nil.
    let graphID: TermID?

    init(context: QueryContext, graph: GraphFilter, graphID: TermID?) {
        self.context = context
        self.graph = graph
        self.graphID = graphID
    }

    typealias Pair = (UInt64, UInt64)

    /// Pairs of `path` with optional fixed ends.
    func pairs(_ path: PropertyPath, from start: UInt64?, to end: UInt64?) throws -> [Pair] {
        try context.control.check()
        switch path {
        case .link(let iri):
            guard let p = context.storedID(.iri(iri)) else { return [] }
            return try edges(predicates: .only(p), from: start, to: end)
        case .negatedPropertySet(let iris):
            let excluded = Set(iris.compactMap { context.storedID(.iri($0))?.rawValue })
            return try edges(predicates: .except(excluded), from: start, to: end)
        case .inverse(let inner):
            return try pairs(inner, from: end, to: start).map { ($0.1, $0.0) }
        case .alternative(let a, let b):
            return try pairs(a, from: start, to: end) + pairs(b, from: start, to: end)
        case .sequence(let a, let b):
            var out: [Pair] = []
            if start != nil || end == nil {
                let first = try pairs(a, from: start, to: nil)
                var byMiddle: [UInt64: [UInt64]] = [:]
                for (s, m) in first { byMiddle[m, default: []].append(s) }
                for (m, starts) in byMiddle {
                    for (_, e) in try pairs(b, from: m, to: end) { for s in starts { out.append((s, e)) } }
                }
            } else {
                let second = try pairs(b, from: nil, to: end)
                var byMiddle: [UInt64: [UInt64]] = [:]
                for (m, e) in second { byMiddle[m, default: []].append(e) }
                for (m, ends) in byMiddle {
                    for (s, _) in try pairs(a, from: nil, to: m) { for e in ends { out.append((s, e)) } }
                }
            }
            return out
        case .zeroOrOne(let inner):
            return try closure(inner, from: start, to: end, minimum: 0, maximum: 1)
        case .zeroOrMore(let inner):
            return try closure(inner, from: start, to: end, minimum: 0, maximum: nil)
        case .oneOrMore(let inner):
            return try closure(inner, from: start, to: end, minimum: 1, maximum: nil)
        }
    }

    /// Arbitrary-length paths: distinct (start, end) pairs within the length bounds.
    private func closure(_ inner: PropertyPath, from start: UInt64?, to end: UInt64?, minimum: Int, maximum: Int?) throws -> [Pair] {
        if let start {
            return try reachable(inner, from: start, forward: true, minimum: minimum, maximum: maximum)
                .filter { end == nil || $0 == end! }.map { (start, $0) }
        }
        if let end {
            return try reachable(inner, from: end, forward: false, minimum: minimum, maximum: maximum).map { ($0, end) }
        }
        // Both ends free: search from every node that can start the path (and, for
        // zero-length paths, from every node of the graph).
        var starts = Set<UInt64>()
        if minimum == 0 { starts = try allNodes() }
        for (s, _) in try pairs(inner, from: nil, to: nil) { starts.insert(s) }
        var out: [Pair] = []
        for s in starts.sorted() {
            for e in try reachable(inner, from: s, forward: true, minimum: minimum, maximum: maximum) { out.append((s, e)) }
        }
        return out
    }

    /// The distinct nodes reachable from `node` by `min...max` steps of `inner`.
    private func reachable(_ inner: PropertyPath, from node: UInt64, forward: Bool, minimum: Int, maximum: Int?) throws -> [UInt64] {
        var result: [UInt64] = []
        var inResult = Set<UInt64>()
        if minimum == 0 { result.append(node); inResult.insert(node) }
        var visited: Set<UInt64> = [node]
        var frontier = [node]
        var depth = 0
        while !frontier.isEmpty, maximum.map({ depth < $0 }) ?? true {
            try context.control.check()
            depth += 1
            var next: [UInt64] = []
            for n in frontier {
                let steps = forward ? try pairs(inner, from: n, to: nil).map(\.1) : try pairs(inner, from: nil, to: n).map(\.0)
                for m in steps {
                    if depth >= minimum, inResult.insert(m).inserted { result.append(m) }
                    if visited.insert(m).inserted { next.append(m) }
                }
            }
            frontier = next
        }
        return result
    }

    enum PredicateSet {
        case only(TermID)
        case except(Set<UInt64>)
    }

    /// One-step edges of the active graph.
    private func edges(predicates: PredicateSet, from start: UInt64?, to end: UInt64?) throws -> [Pair] {
        let snapshot = context.snapshot
        var keys: [PartitionKey]
        switch predicates {
        case .only(let p): keys = snapshot.keysByPredicate[p] ?? []
        case .except(let excluded): keys = snapshot.partitionKeys.filter { !excluded.contains($0.predicate.rawValue) }
        }
        if let end, let rdfType = snapshot.rdfType {
            // Only the class partition of a bound object can hold rdf:type edges to it.
            keys = keys.filter { !$0.isClassPartition || $0.typeClass.rawValue == end || $0.predicate != rdfType }
        }
        var out: [Pair] = []
        var seen = Set<[UInt64]>()
        for key in keys {
            let order: SortOrder = start == nil && end != nil && !key.isClassPartition ? .objectSubject : .subjectObject
            var range: ClosedRange<UInt64>?
            if order == .subjectObject, let start { range = start...start }
            if order == .objectSubject, let end { range = end...end }
            var scanner = snapshot.scan(key, order, a: range)
            while let chunk = try scanner.next() {
                for r in 0..<chunk.count {
                    let g = chunk.g[r]
                    guard graphMatches(g) else { continue }
                    let (s, o): (UInt64, UInt64)
                    if key.isClassPartition { (s, o) = (chunk.a[r], key.typeClass.rawValue) }
                    else if order == .subjectObject { (s, o) = (chunk.a[r], chunk.b[r]) }
                    else { (s, o) = (chunk.b[r], chunk.a[r]) }
                    if let start, s != start { continue }
                    if let end, o != end { continue }
                    // A triple in several graphs of a merged default graph counts once.
                    if case .merge = graph, !seen.insert([s, key.predicate.rawValue, o]).inserted { continue }
                    if case .union = graph, !seen.insert([s, key.predicate.rawValue, o]).inserted { continue }
                    out.append((s, o))
                }
            }
        }
        return out
    }

    @inline(__always)
    private func graphMatches(_ g: UInt64) -> Bool {
        if let graphID { return g == graphID.rawValue }
        switch graph {
        case .defaultGraph: return g == 0
        case .merge(let set): return set.contains(g)
        case .named(let allowed): return g != 0 && (allowed?.contains(g) ?? true)
        case .union: return true
        }
    }

    /// Every subject and object of the active graph (for zero-length paths with free ends).
    private func allNodes() throws -> Set<UInt64> {
        var nodes = Set<UInt64>()
        for (s, o) in try edges(predicates: .except([]), from: nil, to: nil) {
            nodes.insert(s)
            nodes.insert(o)
        }
        return nodes
    }
}
