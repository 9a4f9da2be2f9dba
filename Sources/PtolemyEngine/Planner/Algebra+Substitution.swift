import PtolemyRDF
import PtolemySPARQL

extension Algebra {
    /// Whether `GRAPH ?g { self }` may bind ?g inside the scans instead of evaluating the
    /// pattern once per graph: true for conjunctions of triple patterns, paths and filters,
    /// where both give the same solutions.
    var distributesOverGraphs: Bool {
        switch self {
        case .bgp, .path: return true
        case .filter(let e, let inner): return inner.distributesOverGraphs && !e.containsExists
        case .join(let a, let b): return a.distributesOverGraphs && b.distributesOverGraphs
        default: return false
        }
    }

    /// The pattern with variables replaced by terms: `substitute(pattern, μ)` of SPARQL
    /// 18.6, which EXISTS evaluates. Variables bound inside the pattern by BIND, VALUES,
    /// sub-queries or aggregates keep their own scope: a sub-SELECT that does not project
    /// a variable is not touched for it.
    func substituting(_ values: [Variable: Term]) -> Algebra {
        guard !values.isEmpty else { return self }
        func term(_ p: TermPattern) -> TermPattern {
            if let v = p.variable, let t = values[v] { return .term(t) }
            return p
        }
        func expr(_ e: Expression) -> Expression {
            e.replacingVariables { v in values[v].map { .term($0) } }.substitutingExists(values)
        }
        func sub(_ a: Algebra) -> Algebra { a.substituting(values) }
        switch self {
        case .bgp(let triples):
            return .bgp(triples.map { TriplePattern(term($0.subject), term($0.predicate), term($0.object)) })
        case .path(let s, let path, let o):
            return .path(subject: term(s), path: path, object: term(o))
        case .join(let a, let b): return .join(sub(a), sub(b))
        case .leftJoin(let a, let b, let f): return .leftJoin(sub(a), sub(b), filter: f.map(expr))
        case .filter(let f, let a): return .filter(expr(f), sub(a))
        case .union(let a, let b): return .union(sub(a), sub(b))
        case .minus(let a, let b): return .minus(sub(a), sub(b))
        case .graph(let name, let a): return .graph(name: term(name), sub(a))
        case .extend(let a, let v, let e):
            // A BIND of a substituted variable would rebind it: keep the original value by
            // filtering for equality instead.
            if let t = values[v] {
                return .filter(.builtIn(.sameTerm, [expr(e), .term(t)]), sub(a))
            }
            return .extend(sub(a), variable: v, expression: expr(e))
        case .service(let endpoint, let a, let silent): return .service(endpoint: term(endpoint), sub(a), silent: silent)
        case .values(let variables, let rows):
            // Keep only the rows compatible with the substituted values.
            let kept = rows.filter { row in
                zip(variables, row).allSatisfy { v, cell in cell == nil || values[v] == nil || cell == values[v] }
            }
            return .values(variables: variables, rows: kept)
        case .group(let a, let keys, let aggregates):
            return .group(a, keys: keys, aggregates: aggregates)
        case .orderBy(let a, let conditions):
            return .orderBy(sub(a), conditions.map { OrderCondition(expr($0.expression), descending: $0.descending) })
        case .project(let a, let variables):
            // Only the projected variables are visible from outside a sub-query.
            let visible = values.filter { variables.contains($0.key) }
            let inner = a.substituting(visible)
            return .project(inner, variables)
        case .distinct(let a): return .distinct(sub(a))
        case .reduced(let a): return .reduced(sub(a))
        case .slice(let a, let offset, let limit): return .slice(sub(a), offset: offset, limit: limit)
        }
    }

    /// Puts EXISTS patterns inside this pattern's expressions under `GRAPH name`: an
    /// EXISTS inside GRAPH evaluates against the same active graph.
    func scopingExists(inGraph name: TermPattern) -> Algebra {
        func expr(_ e: Expression) -> Expression { e.wrappingExists(inGraph: name) }
        func sub(_ a: Algebra) -> Algebra { a.scopingExists(inGraph: name) }
        switch self {
        case .bgp, .path, .values: return self
        case .join(let a, let b): return .join(sub(a), sub(b))
        case .leftJoin(let a, let b, let f): return .leftJoin(sub(a), sub(b), filter: f.map(expr))
        case .filter(let f, let a): return .filter(expr(f), sub(a))
        case .union(let a, let b): return .union(sub(a), sub(b))
        case .minus(let a, let b): return .minus(sub(a), sub(b))
        case .graph: return self // an inner GRAPH sets its own active graph
        case .extend(let a, let v, let e): return .extend(sub(a), variable: v, expression: expr(e))
        case .service: return self
        case .group(let a, let keys, let aggregates): return .group(sub(a), keys: keys, aggregates: aggregates)
        case .orderBy(let a, let conditions): return .orderBy(sub(a), conditions)
        case .project(let a, let variables): return .project(sub(a), variables)
        case .distinct(let a): return .distinct(sub(a))
        case .reduced(let a): return .reduced(sub(a))
        case .slice(let a, let offset, let limit): return .slice(sub(a), offset: offset, limit: limit)
        }
    }
}

extension Algebra {
    /// Whether a SERVICE occurs anywhere in the pattern (sub-queries included).
    var containsService: Bool {
        switch self {
        case .service: return true
        case .bgp, .path, .values: return false
        case .join(let a, let b), .leftJoin(let a, let b, _), .union(let a, let b), .minus(let a, let b):
            return a.containsService || b.containsService
        case .filter(_, let a), .graph(_, let a), .extend(let a, _, _), .group(let a, _, _), .orderBy(let a, _),
             .project(let a, _), .distinct(let a), .reduced(let a), .slice(let a, _, _):
            return a.containsService
        }
    }
}

extension Expression {
    /// Whether EXISTS or NOT EXISTS occurs in the expression.
    public var containsExists: Bool {
        switch self {
        case .exists, .notExists: return true
        case .or(let a, let b), .and(let a, let b): return a.containsExists || b.containsExists
        case .not(let a): return a.containsExists
        case .builtIn(_, let args), .function(_, let args, _): return args.contains { $0.containsExists }
        default: return false
        }
    }

    /// Substitutes inside the patterns of EXISTS / NOT EXISTS too.
    func substitutingExists(_ values: [Variable: Term]) -> Expression {
        switch self {
        case .exists(let p): return .exists(p.substituting(values))
        case .notExists(let p): return .notExists(p.substituting(values))
        case .or(let a, let b): return .or(a.substitutingExists(values), b.substitutingExists(values))
        case .and(let a, let b): return .and(a.substitutingExists(values), b.substitutingExists(values))
        case .not(let a): return .not(a.substitutingExists(values))
        case .builtIn(let f, let args): return .builtIn(f, args.map { $0.substitutingExists(values) })
        default: return self
        }
    }

    func wrappingExists(inGraph name: TermPattern) -> Expression {
        switch self {
        case .exists(let p): return .exists(.graph(name: name, p))
        case .notExists(let p): return .notExists(.graph(name: name, p))
        case .or(let a, let b): return .or(a.wrappingExists(inGraph: name), b.wrappingExists(inGraph: name))
        case .and(let a, let b): return .and(a.wrappingExists(inGraph: name), b.wrappingExists(inGraph: name))
        case .not(let a): return .not(a.wrappingExists(inGraph: name))
        case .builtIn(let f, let args): return .builtIn(f, args.map { $0.wrappingExists(inGraph: name) })
        default: return self
        }
    }
}
