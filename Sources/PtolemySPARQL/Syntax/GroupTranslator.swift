/// One element of a triples block: a triple pattern, or a path pattern that
/// https://www.w3.org/TR/sparql11-query/#sparqlTranslatePathPatterns leaves as `Path`.
enum TriplesBlockItem {
    case triple(TriplePattern)
    case path(TermPattern, PropertyPath, TermPattern)
}

/// Translates the elements of one group graph pattern as they are parsed, following
/// https://www.w3.org/TR/sparql11-query/#convertGraphPattern
///
/// FILTERs are set aside and applied to the whole group at the end (18.2.2.2), so the
/// triples on either side of a FILTER form one triples block, hence one basic graph
/// pattern (18.2.2.5). `Join(Z, A)` and `Join(A, Z)` are simplified to `A` (18.2.2.8).
struct GroupTranslator {
    private(set) var pattern: Algebra = .empty
    var block: [TriplesBlockItem] = []
    private(set) var filters: [Expression] = []
    /// How many operators the group's translation chains (joins, left joins, minus, extend,
    /// and the conjunction of its filters): the depth its algebra will have.
    var chainLength: Int { committedLength + pendingPaths }
    private var committedLength = 0
    /// Paths in the current triples block: each joins the block's translation.
    private var pendingPaths = 0

    /// The variables in scope in the group so far (section 18.2.1), for BIND checks. Elements
    /// wait in `unscoped` until a BIND asks, so a group without BIND pays nothing and each
    /// element is walked at most once.
    private var scope = OrderedVariables()
    private var unscoped: [Algebra] = []

    /// Whether `variable` is in scope in the group so far.
    mutating func inScope(_ variable: Variable) -> Bool {
        flush()
        for element in unscoped { element.collectInScope(into: &scope) }
        unscoped.removeAll()
        return scope.contains(variable)
    }

    /// Counts the paths among the block items from `start` on (just parsed).
    mutating func notePaths(from start: Int) {
        for item in block[start...] { if case .path = item { pendingPaths += 1 } }
    }

    /// Ends the current triples block, joining its translation to the group.
    mutating func flush() {
        guard !block.isEmpty else { return }
        committedLength += pendingPaths + 1
        pendingPaths = 0
        let translation = GroupTranslator.translate(block)
        unscoped.append(translation)
        pattern = .joined(pattern, translation)
        block.removeAll(keepingCapacity: true)
    }

    mutating func addFilter(_ expression: Expression) {
        committedLength += 1
        filters.append(expression)
    }

    /// G := Join(G, A)
    mutating func join(_ algebra: Algebra) {
        flush()
        committedLength += 1
        unscoped.append(algebra)
        pattern = .joined(pattern, algebra)
    }

    /// OPTIONAL: G := LeftJoin(G, A2, F) when A is Filter(F, A2) from the group's own
    /// FILTERs, otherwise LeftJoin(G, A, true).
    mutating func leftJoin(_ algebra: Algebra, groupHasFilters: Bool) {
        flush()
        committedLength += 1
        unscoped.append(algebra)
        if groupHasFilters, case .filter(let expression, let inner) = algebra {
            pattern = .leftJoin(pattern, inner, filter: expression)
        } else {
            pattern = .leftJoin(pattern, algebra, filter: nil)
        }
    }

    /// MINUS: G := Minus(G, A)
    mutating func minus(_ algebra: Algebra) {
        flush()
        committedLength += 1
        pattern = .minus(pattern, algebra)
    }

    /// BIND: G := Extend(G, var, expr)
    mutating func extend(_ variable: Variable, _ expression: Expression) {
        flush()
        committedLength += 1
        scope.insert(variable)
        pattern = .extend(pattern, variable: variable, expression: expression)
    }

    /// The group's algebra, and whether the group had FILTERs of its own (the OPTIONAL
    /// rule needs to know, since a simplified nested group may also be a Filter).
    mutating func finish() -> (algebra: Algebra, hasFilters: Bool) {
        flush()
        guard let first = filters.first else { return (pattern, false) }
        let condition = filters.dropFirst().reduce(first) { .and($0, $1) }
        return (.filter(condition, pattern), true)
    }

    /// Adjacent triple patterns form one BGP; paths join in between, left to right.
    static func translate(_ block: [TriplesBlockItem]) -> Algebra {
        var result = Algebra.empty
        var run: [TriplePattern] = []
        for item in block {
            switch item {
            case .triple(let triple):
                run.append(triple)
            case .path(let subject, let path, let object):
                if !run.isEmpty {
                    result = .joined(result, .bgp(run))
                    run.removeAll()
                }
                result = .joined(result, .path(subject: subject, path: path, object: object))
            }
        }
        if !run.isEmpty { result = .joined(result, .bgp(run)) }
        return result
    }
}
