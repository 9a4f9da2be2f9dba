import PtolemySPARQL

/// The variables an `EXISTS` pattern mentions, which the current solution's bindings
/// substitute (https://www.w3.org/TR/sparql11-query/#defn_substitute): those of its triple
/// patterns and paths, and also those that occur only in its FILTER, BIND and other
/// expressions (`EXISTS { ?s ?p ?o FILTER(?o = ?outer) }`). A sub-query contributes only
/// the variables it projects: its other variables are its own.
extension Algebra {
    var mentionedVariables: [Variable] {
        var seen = Set<Variable>()
        var list: [Variable] = []
        collectMentioned { variable in
            if seen.insert(variable).inserted { list.append(variable) }
        }
        return list
    }

    func collectMentioned(_ add: (Variable) -> Void) {
        func pattern(_ p: TermPattern) { if case .variable(let v) = p { add(v) } }
        switch self {
        case .bgp(let triples):
            for t in triples { pattern(t.subject); pattern(t.predicate); pattern(t.object) }
        case .path(let subject, _, let object):
            pattern(subject); pattern(object)
        case .join(let l, let r), .union(let l, let r), .minus(let l, let r):
            l.collectMentioned(add); r.collectMentioned(add)
        case .leftJoin(let l, let r, let filter):
            l.collectMentioned(add); r.collectMentioned(add)
            filter?.collectMentioned(add)
        case .filter(let e, let inner):
            e.collectMentioned(add); inner.collectMentioned(add)
        case .graph(let name, let inner):
            pattern(name); inner.collectMentioned(add)
        case .extend(let inner, let variable, let e):
            inner.collectMentioned(add); add(variable); e.collectMentioned(add)
        case .service(let endpoint, let inner, _):
            pattern(endpoint); inner.collectMentioned(add)
        case .values(let variables, _):
            variables.forEach(add)
        case .group(let inner, let keys, let aggregates):
            inner.collectMentioned(add)
            for key in keys { key.expression.collectMentioned(add); if let v = key.variable { add(v) } }
            for binding in aggregates { add(binding.variable); binding.aggregate.expression?.collectMentioned(add) }
        case .orderBy(let inner, let conditions):
            inner.collectMentioned(add)
            for condition in conditions { condition.expression.collectMentioned(add) }
        case .project(_, let variables):
            variables.forEach(add)
        case .distinct(let inner), .reduced(let inner), .slice(let inner, _, _):
            inner.collectMentioned(add)
        }
    }
}

extension Expression {
    func collectMentioned(_ add: (Variable) -> Void) {
        switch self {
        case .term: break
        case .variable(let v): add(v)
        case .or(let a, let b), .and(let a, let b), .equal(let a, let b), .notEqual(let a, let b),
             .less(let a, let b), .greater(let a, let b), .lessOrEqual(let a, let b), .greaterOrEqual(let a, let b),
             .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
            a.collectMentioned(add); b.collectMentioned(add)
        case .not(let a), .unaryPlus(let a), .unaryMinus(let a):
            a.collectMentioned(add)
        case .in(let a, let list), .notIn(let a, let list):
            a.collectMentioned(add); for e in list { e.collectMentioned(add) }
        case .exists(let p), .notExists(let p):
            p.collectMentioned(add)
        case .builtIn(_, let arguments), .function(_, let arguments, _):
            for e in arguments { e.collectMentioned(add) }
        }
    }
}
