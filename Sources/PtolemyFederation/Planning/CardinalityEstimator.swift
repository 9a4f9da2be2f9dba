import Foundation
import PtolemyRDF
import PtolemySPARQL

/// Estimates how many solutions a pattern has at a member, from its statistics: a triple
/// pattern's rows from its predicate's (or class's) count, divided by the distinct
/// subjects or objects where those are constants; a basic graph pattern joined greedily,
/// smallest first, each join dividing by the joined variable's distinct values; FILTERs
/// keep a quarter. Nil when the pattern has parts the statistics cannot describe.
struct CardinalityEstimator {
    let statistics: MemberStatistics

    static let rdfType = RDFVocabulary.type

    func rows(of pattern: Algebra) -> Double? {
        switch pattern {
        case .bgp(let triples): return rows(of: triples)
        case .filter(let e, let inner): return rows(of: inner).map { $0 * pow(0.25, Double(e.conjuncts.count)) }
        case .project(let inner, _), .distinct(let inner), .reduced(let inner): return rows(of: inner)
        case .union(let a, let b):
            guard let x = rows(of: a), let y = rows(of: b) else { return nil }
            return x + y
        default: return nil
        }
    }

    private struct Figures {
        var rows: Double
        var distinct: [Variable: Double]
    }

    private func figures(_ t: TriplePattern) -> Figures? {
        guard case .term(.iri(let p)) = t.predicate else { return nil }
        var distinct: [Variable: Double] = [:]
        if p == Self.rdfType, case .term(.iri(let c)) = t.object {
            guard statistics.knowsClasses else { return nil }
            let n = Double(statistics.classes[c] ?? 0)
            if t.subject.term != nil { return Figures(rows: min(n, 1), distinct: [:]) }
            if let s = t.subject.variable { distinct[s] = n }
            return Figures(rows: n, distinct: distinct)
        }
        guard statistics.knowsPredicates else { return nil }
        guard let f = statistics.predicates[p] else { return Figures(rows: 0, distinct: [:]) }
        var rows = Double(f.triples)
        let subjects = Double(f.distinctSubjects ?? max(1, f.triples / 2))
        let objects = Double(f.distinctObjects ?? max(1, f.triples / 2))
        if t.subject.term != nil { rows /= max(subjects, 1) }
        if t.object.term != nil { rows /= max(objects, 1) }
        if let s = t.subject.variable { distinct[s] = min(subjects, rows) }
        if let o = t.object.variable { distinct[o] = min(objects, rows) }
        return Figures(rows: max(rows, t.subject.term != nil || t.object.term != nil ? min(rows, 1) : 0), distinct: distinct)
    }

    private func rows(of triples: [TriplePattern]) -> Double? {
        var parts: [Figures] = []
        for t in triples {
            guard let f = figures(t) else { return nil }
            parts.append(f)
        }
        guard !parts.isEmpty else { return 1 }
        parts.sort { $0.rows < $1.rows }
        var current = parts.removeFirst()
        while !parts.isEmpty {
            let i = parts.firstIndex { !Set($0.distinct.keys).isDisjoint(with: current.distinct.keys) } ?? 0
            let next = parts.remove(at: i)
            var rows = current.rows * next.rows
            for (v, d) in next.distinct {
                if let c = current.distinct[v] { rows /= max(c, d, 1) }
            }
            var distinct = current.distinct
            for (v, d) in next.distinct { distinct[v] = min(distinct[v] ?? d, d, rows) }
            current = Figures(rows: rows, distinct: distinct)
        }
        return current.rows
    }
}
