/// Variable scoping over the algebra, as defined in
/// https://www.w3.org/TR/sparql11-query/#variableScope
extension Algebra {
    /// The variables in scope in this pattern, in order of first appearance, of every kind.
    ///
    /// A variable is in scope where the pattern may bind it: everywhere in BGPs and paths,
    /// either side of joins and unions, the left side only of MINUS, the projected variables
    /// of a sub-query, the keys and aggregates of a group.
    public var inScopeVariables: [Variable] {
        var collector = OrderedVariables()
        collectInScope(into: &collector)
        return collector.list
    }

    /// The in-scope variables that a result may carry (``Variable/isProjectable``):
    /// what `SELECT *` and `DESCRIBE *` project.
    public var projectableVariables: [Variable] {
        inScopeVariables.filter(\.isProjectable)
    }

    /// Walks the tree with an explicit stack rather than recursion: left-deep chains (the
    /// elements of a group, UNION branches) can be thousands of nodes deep.
    func collectInScope(into out: inout OrderedVariables) {
        var stack: [ScopeWork] = [.pattern(self)]
        while let work = stack.popLast() {
            switch work {
            case .variable(let variable):
                out.insert(variable)
            case .pattern(let node):
                // Children go on the stack in reverse, so they are visited left to right.
                switch node {
                case .bgp(let triples):
                    for triple in triples { out.insert(triple.subject, triple.predicate, triple.object) }
                case .path(let subject, _, let object):
                    out.insert(subject, object)
                case .join(let left, let right), .leftJoin(let left, let right, _), .union(let left, let right):
                    stack.append(.pattern(right))
                    stack.append(.pattern(left))
                case .minus(let left, _):
                    stack.append(.pattern(left))
                case .filter(_, let inner), .orderBy(let inner, _), .distinct(let inner), .reduced(let inner),
                     .slice(let inner, _, _):
                    stack.append(.pattern(inner))
                case .graph(let name, let inner), .service(let name, let inner, _):
                    stack.append(.pattern(inner))
                    if case .variable(let variable) = name { out.insert(variable) }
                case .extend(let inner, let variable, _):
                    stack.append(.variable(variable))
                    stack.append(.pattern(inner))
                case .values(let variables, _):
                    for variable in variables { out.insert(variable) }
                case .group(_, let keys, let aggregates):
                    for key in keys { if let variable = key.boundVariable { out.insert(variable) } }
                    for binding in aggregates { out.insert(binding.variable) }
                case .project(_, let variables):
                    for variable in variables { out.insert(variable) }
                }
            }
        }
    }
}

/// A pending step of an iterative walk over the algebra.
private enum ScopeWork {
    case pattern(Algebra)
    case variable(Variable)
}

extension Expression {
    /// The variables the expression reads, in order of first appearance. Variables of
    /// `EXISTS` patterns count when they are in scope in the pattern (they are
    /// substituted from the current solution).
    public var variables: [Variable] {
        var collector = OrderedVariables()
        collectVariables(into: &collector)
        return collector.list
    }

    /// Walks the expression with an explicit stack: `a || b || ...` chains can be long.
    func collectVariables(into out: inout OrderedVariables) {
        var stack: [Expression] = [self]
        while let e = stack.popLast() {
            // Operands go on the stack in reverse, so they are visited left to right.
            switch e {
            case .term: break
            case .variable(let variable): out.insert(variable)
            case .or(let a, let b), .and(let a, let b), .equal(let a, let b), .notEqual(let a, let b),
                 .less(let a, let b), .greater(let a, let b), .lessOrEqual(let a, let b), .greaterOrEqual(let a, let b),
                 .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
                stack.append(b)
                stack.append(a)
            case .not(let a), .unaryPlus(let a), .unaryMinus(let a):
                stack.append(a)
            case .in(let a, let list), .notIn(let a, let list):
                stack.append(contentsOf: list.reversed())
                stack.append(a)
            case .exists(let pattern), .notExists(let pattern):
                pattern.collectInScope(into: &out)
            case .builtIn(_, let arguments), .function(_, let arguments, _):
                stack.append(contentsOf: arguments.reversed())
            }
        }
    }

    /// The expression with variables replaced where `transform` returns a replacement.
    /// Patterns of `EXISTS` are left as they are.
    public func replacingVariables(_ transform: (Variable) -> Expression?) -> Expression {
        func map(_ e: Expression) -> Expression { e.replacingVariables(transform) }
        switch self {
        case .term, .exists, .notExists: return self
        case .variable(let variable): return transform(variable) ?? self
        case .or(let a, let b): return .or(map(a), map(b))
        case .and(let a, let b): return .and(map(a), map(b))
        case .not(let a): return .not(map(a))
        case .equal(let a, let b): return .equal(map(a), map(b))
        case .notEqual(let a, let b): return .notEqual(map(a), map(b))
        case .less(let a, let b): return .less(map(a), map(b))
        case .greater(let a, let b): return .greater(map(a), map(b))
        case .lessOrEqual(let a, let b): return .lessOrEqual(map(a), map(b))
        case .greaterOrEqual(let a, let b): return .greaterOrEqual(map(a), map(b))
        case .add(let a, let b): return .add(map(a), map(b))
        case .subtract(let a, let b): return .subtract(map(a), map(b))
        case .multiply(let a, let b): return .multiply(map(a), map(b))
        case .divide(let a, let b): return .divide(map(a), map(b))
        case .unaryPlus(let a): return .unaryPlus(map(a))
        case .unaryMinus(let a): return .unaryMinus(map(a))
        case .in(let a, let list): return .in(map(a), list.map(map))
        case .notIn(let a, let list): return .notIn(map(a), list.map(map))
        case .builtIn(let function, let arguments): return .builtIn(function, arguments.map(map))
        case .function(let iri, let arguments, let distinct): return .function(iri, arguments.map(map), distinct: distinct)
        }
    }
}

/// An insertion-ordered set of variables.
struct OrderedVariables {
    private(set) var list: [Variable] = []
    private var seen: Set<Variable> = []

    mutating func insert(_ variable: Variable) {
        if seen.insert(variable).inserted { list.append(variable) }
    }

    mutating func insert(_ patterns: TermPattern...) {
        for pattern in patterns { if case .variable(let variable) = pattern { insert(variable) } }
    }

    func contains(_ variable: Variable) -> Bool { seen.contains(variable) }
}

extension Expression {
    /// The variables an expression reads (EXISTS patterns included).
    public var referencedVariables: Set<Variable> { Set(variables) }

    /// Whether this is `?x = constant` (selective).
    public var isEquality: Bool {
        if case .equal = self { return true }
        if case .builtIn(.sameTerm, _) = self { return true }
        return false
    }

    /// The conjuncts of a conjunction.
    public var conjuncts: [Expression] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        return [self]
    }

    /// The expression with `transform` applied to the pattern of every EXISTS and NOT EXISTS in it.
    public func mappingExistsPatterns(_ transform: (Algebra) -> Algebra) -> Expression {
        func map(_ e: Expression) -> Expression { e.mappingExistsPatterns(transform) }
        switch self {
        case .term, .variable: return self
        case .exists(let pattern): return .exists(transform(pattern))
        case .notExists(let pattern): return .notExists(transform(pattern))
        case .or(let a, let b): return .or(map(a), map(b))
        case .and(let a, let b): return .and(map(a), map(b))
        case .not(let a): return .not(map(a))
        case .equal(let a, let b): return .equal(map(a), map(b))
        case .notEqual(let a, let b): return .notEqual(map(a), map(b))
        case .less(let a, let b): return .less(map(a), map(b))
        case .greater(let a, let b): return .greater(map(a), map(b))
        case .lessOrEqual(let a, let b): return .lessOrEqual(map(a), map(b))
        case .greaterOrEqual(let a, let b): return .greaterOrEqual(map(a), map(b))
        case .add(let a, let b): return .add(map(a), map(b))
        case .subtract(let a, let b): return .subtract(map(a), map(b))
        case .multiply(let a, let b): return .multiply(map(a), map(b))
        case .divide(let a, let b): return .divide(map(a), map(b))
        case .unaryPlus(let a): return .unaryPlus(map(a))
        case .unaryMinus(let a): return .unaryMinus(map(a))
        case .in(let a, let list): return .in(map(a), list.map(map))
        case .notIn(let a, let list): return .notIn(map(a), list.map(map))
        case .builtIn(let function, let arguments): return .builtIn(function, arguments.map(map))
        case .function(let iri, let arguments, let distinct): return .function(iri, arguments.map(map), distinct: distinct)
        }
    }

    /// The IRIs of the extension functions the expression calls (EXISTS patterns excluded).
    public var functionIRIs: Set<String> {
        var out = Set<String>()
        func walk(_ e: Expression) {
            switch e {
            case .term, .variable, .exists, .notExists: return
            case .or(let a, let b), .and(let a, let b), .equal(let a, let b), .notEqual(let a, let b), .less(let a, let b),
                 .greater(let a, let b), .lessOrEqual(let a, let b), .greaterOrEqual(let a, let b), .add(let a, let b),
                 .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
                walk(a); walk(b)
            case .not(let a), .unaryPlus(let a), .unaryMinus(let a): walk(a)
            case .in(let a, let list), .notIn(let a, let list): walk(a); list.forEach(walk)
            case .builtIn(_, let arguments): arguments.forEach(walk)
            case .function(let iri, let arguments, _): out.insert(iri); arguments.forEach(walk)
            }
        }
        walk(self)
        return out
    }
}

extension Algebra {
    /// The triple patterns of `DISTINCT(PROJECT(t1 UNION t2 UNION …, vars))` when each
    /// branch is one triple pattern over exactly `vars`: one pattern with alternative
    /// predicates or classes, the shape RDFS entailment gives `?f geo:hasGeometry ?g`
    /// (also matched by `geo:hasDefaultGeometry`). Nil for any other shape.
    public var tripleAlternatives: (triples: [TriplePattern], variables: [Variable])? {
        guard case .distinct(.project(let union, let variables)) = self else { return nil }
        var triples: [TriplePattern] = []
        var stack = [union]
        let wanted = Set(variables)
        while let node = stack.popLast() {
            switch node {
            case .union(let a, let b): stack.append(b); stack.append(a)
            case .bgp(let t) where t.count == 1: if !triples.contains(t[0]) { triples.append(t[0]) }
            default:
                // Alternatives nested in alternatives (a pattern entailed twice, by a
                // federator and by the member it sends the pattern to) are the same alternatives.
                guard let inner = node.tripleAlternatives, Set(inner.variables) == wanted else { return nil }
                for t in inner.triples where !triples.contains(t) { triples.append(t) }
            }
        }
        guard triples.count > 1, triples.allSatisfy({ Set($0.variables) == wanted && $0.variables.count == wanted.count }) else {
            return nil
        }
        return (triples, variables)
    }
}

extension Algebra {
    /// Every variable the pattern mentions: those it binds and those its expressions read
    /// (what EXISTS's substitution can reach), in order of first appearance.
    public var mentionedVariables: [Variable] {
        var out = OrderedVariables()
        func walk(_ a: Algebra) {
            switch a {
            case .bgp(let triples): for t in triples { out.insert(t.subject, t.predicate, t.object) }
            case .path(let s, _, let o): out.insert(s, o)
            case .join(let x, let y), .union(let x, let y), .minus(let x, let y): walk(x); walk(y)
            case .leftJoin(let x, let y, let f):
                walk(x); walk(y)
                for v in (f?.mentionedVariables ?? []).sorted() { out.insert(v) }
            case .filter(let e, let x):
                walk(x)
                for v in e.mentionedVariables.sorted() { out.insert(v) }
            case .graph(let name, let x), .service(let name, let x, _):
                out.insert(name)
                walk(x)
            case .extend(let x, let v, let e):
                walk(x)
                for w in e.mentionedVariables.sorted() { out.insert(w) }
                out.insert(v)
            case .values(let variables, _): for v in variables { out.insert(v) }
            case .group(let x, _, _), .orderBy(let x, _), .project(let x, _), .distinct(let x), .reduced(let x), .slice(let x, _, _):
                walk(x)
            }
        }
        walk(self)
        return out.list
    }
}

extension Algebra {
    /// Variables every solution of the pattern binds, as far as its structure shows
    /// (triple patterns outside OPTIONAL and UNION, fully bound VALUES columns).
    public var certainlyBoundVariables: Set<Variable> {
        switch self {
        case .bgp(let triples): return Set(triples.flatMap(\.variables))
        case .path(let s, _, let o): return Set([s.variable, o.variable].compactMap { $0 })
        case .join(let a, let b): return a.certainlyBoundVariables.union(b.certainlyBoundVariables)
        case .leftJoin(let a, _, _), .minus(let a, _): return a.certainlyBoundVariables
        case .filter(_, let a), .orderBy(let a, _), .distinct(let a), .reduced(let a), .slice(let a, _, _):
            return a.certainlyBoundVariables
        case .union(let a, let b): return a.certainlyBoundVariables.intersection(b.certainlyBoundVariables)
        case .graph(let name, let a):
            var out = a.certainlyBoundVariables
            if let v = name.variable { out.insert(v) }
            return out
        case .extend(let a, _, _): return a.certainlyBoundVariables
        case .service(_, let a, let silent): return silent ? [] : a.certainlyBoundVariables
        case .values(let variables, let rows):
            return Set(variables.indices.filter { c in rows.allSatisfy { $0[c] != nil } }.map { variables[$0] })
        case .group(let a, let keys, _):
            let inner = a.certainlyBoundVariables
            return Set(keys.compactMap { key -> Variable? in
                guard case .variable(let v) = key.expression, inner.contains(v) else { return nil }
                return key.variable ?? v
            })
        case .project(let a, let variables): return a.certainlyBoundVariables.intersection(variables)
        }
    }
}

extension Algebra {
    /// `Filter(conjuncts, inner)` with the conjuncts that only read what an OPTIONAL's
    /// left side always binds moved onto that side, and those that do not read a BIND's
    /// variable moved below it: the same solutions, but a filter relating two parts of a
    /// join (a spatial one above all) then meets the join it can drive. Nil when nothing moves.
    public static func pushingFilters(_ conjuncts: [Expression], into inner: Algebra) -> Algebra? {
        func rebuild(_ kept: [Expression], _ below: Algebra) -> Algebra {
            kept.isEmpty ? below : .filter(kept.dropFirst().reduce(kept[0]) { .and($0, $1) }, below)
        }
        switch inner {
        case .leftJoin(let a, let b, let f):
            let bound = a.certainlyBoundVariables
            let down = conjuncts.filter { $0.referencedVariables.isSubset(of: bound) }
            guard !down.isEmpty else { return nil }
            let up = conjuncts.filter { !$0.referencedVariables.isSubset(of: bound) }
            return rebuild(up, .leftJoin(rebuild(down, a), b, filter: f))
        case .extend(let a, let v, let e):
            let down = conjuncts.filter { !$0.referencedVariables.contains(v) }
            guard !down.isEmpty else { return nil }
            let up = conjuncts.filter { $0.referencedVariables.contains(v) }
            return rebuild(up, .extend(rebuild(down, a), variable: v, expression: e))
        default:
            return nil
        }
    }
}

extension Algebra {
    /// How many places mention each variable: each triple pattern, path, expression
    /// (EXISTS patterns walked into), projection, VALUES header, grouping and ordering
    /// counts once per variable it names. A part of the pattern whose own mentions are
    /// all a variable has is the only reader of that variable.
    public var mentionCounts: [Variable: Int] {
        var counts: [Variable: Int] = [:]
        func add(_ vs: some Sequence<Variable>) { for v in Set(vs) { counts[v, default: 0] += 1 } }
        func expression(_ e: Expression) {
            add(e.variables)
            _ = e.mappingExistsPatterns { pattern in walk(pattern); return pattern }
        }
        func walk(_ a: Algebra) {
            switch a {
            case .bgp(let triples): for t in triples { add(t.variables) }
            case .path(let s, _, let o): add([s.variable, o.variable].compactMap { $0 })
            case .join(let x, let y), .union(let x, let y), .minus(let x, let y): walk(x); walk(y)
            case .leftJoin(let x, let y, let f): walk(x); walk(y); if let f { expression(f) }
            case .filter(let e, let x): expression(e); walk(x)
            case .graph(let name, let x), .service(let name, let x, _): add([name.variable].compactMap { $0 }); walk(x)
            case .extend(let x, let v, let e): walk(x); expression(e); add([v])
            case .values(let variables, _): add(variables)
            case .group(let x, let keys, let aggregates):
                walk(x)
                for key in keys {
                    expression(key.expression)
                    if let v = key.variable { add([v]) }
                }
                for binding in aggregates {
                    add([binding.variable])
                    if let e = binding.aggregate.expression { expression(e) }
                }
            case .orderBy(let x, let conditions): walk(x); for c in conditions { expression(c.expression) }
            case .project(let x, let variables): walk(x); add(variables)
            case .distinct(let x), .reduced(let x), .slice(let x, _, _): walk(x)
            }
        }
        walk(self)
        return counts
    }
}

extension Expression {
    /// Every variable the expression mentions, EXISTS patterns' filters and expressions
    /// included (what substitution into them can reach).
    public var mentionedVariables: Set<Variable> {
        var out = Set(variables)
        _ = mappingExistsPatterns { pattern in
            out.formUnion(pattern.mentionedVariables)
            return pattern
        }
        return out
    }
}
