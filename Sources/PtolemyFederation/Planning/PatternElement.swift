import PtolemySPARQL

/// One pattern of a conjunctive group that source selection places: a triple pattern, or
/// a triple pattern with alternatives (the `DISTINCT(PROJECT(t1 UNION t2, vars))` that
/// RDFS entailment makes of `?f geo:hasGeometry ?g`), which stays one unit so that its
/// joins with the rest of the group can prune sources and form exclusive groups.
struct PatternElement: Hashable {
    /// The alternatives (one for a plain triple pattern), all over ``variables``.
    var branches: [TriplePattern]
    var variables: [Variable]

    init(_ triple: TriplePattern) {
        branches = [triple]
        variables = triple.variables
    }

    init(alternatives: [TriplePattern], variables: [Variable]) {
        branches = alternatives
        self.variables = variables
    }

    var isTriple: Bool { branches.count == 1 }

    /// The element as algebra.
    var algebra: Algebra {
        if isTriple { return .bgp(branches) }
        let union = branches.dropFirst().reduce(Algebra.bgp([branches[0]])) { .union($0, .bgp([$1])) }
        return .distinct(.project(union, variables))
    }

    /// The element with its variables renamed.
    func renamed(_ rename: (TermPattern) -> TermPattern) -> PatternElement {
        let branches = self.branches.map { TriplePattern(rename($0.subject), rename($0.predicate), rename($0.object)) }
        return PatternElement(alternatives: branches, variables: variables.map { rename(.variable($0)).variable! })
    }

    /// Elements joined: the triple patterns in one basic graph pattern, the alternatives beside it.
    static func algebra(_ elements: [PatternElement]) -> Algebra {
        let triples = elements.filter(\.isTriple).flatMap(\.branches)
        var out: Algebra = triples.isEmpty ? .empty : .bgp(triples)
        for e in elements where !e.isTriple { out = Algebra.joined(out, e.algebra) }
        return out
    }
}
