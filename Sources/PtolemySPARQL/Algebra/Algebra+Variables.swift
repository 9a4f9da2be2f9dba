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
