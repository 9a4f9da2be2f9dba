/// Expressions. Every operator application is parenthesized, so precedence never changes
/// the tree on re-parsing; aggregates are written back in place of their variables.
extension SPARQLSerializer {
    func expression(_ e: Expression, aggregates: [Variable: Aggregate], depth: Int) -> String {
        func sub(_ e: Expression) -> String { expression(e, aggregates: aggregates, depth: depth) }
        func binary(_ a: Expression, _ op: String, _ b: Expression) -> String { "(" + sub(a) + " " + op + " " + sub(b) + ")" }
        switch e {
        case .term(let term):
            return self.term(term)
        case .variable(let variable):
            if let aggregate = aggregates[variable] { return self.aggregate(aggregate, aggregates: aggregates, depth: depth) }
            return self.variable(variable)
        case .or(let a, let b): return binary(a, "||", b)
        case .and(let a, let b): return binary(a, "&&", b)
        case .not(let a): return "!(" + sub(a) + ")"
        case .equal(let a, let b): return binary(a, "=", b)
        case .notEqual(let a, let b): return binary(a, "!=", b)
        case .less(let a, let b): return binary(a, "<", b)
        case .greater(let a, let b): return binary(a, ">", b)
        case .lessOrEqual(let a, let b): return binary(a, "<=", b)
        case .greaterOrEqual(let a, let b): return binary(a, ">=", b)
        case .add(let a, let b): return binary(a, "+", b)
        case .subtract(let a, let b): return binary(a, "-", b)
        case .multiply(let a, let b): return binary(a, "*", b)
        case .divide(let a, let b): return binary(a, "/", b)
        case .unaryPlus(let a): return "+(" + sub(a) + ")"
        case .unaryMinus(let a): return "-(" + sub(a) + ")"
        case .in(let a, let list): return "(" + sub(a) + " IN (" + list.map(sub).joined(separator: ", ") + "))"
        case .notIn(let a, let list): return "(" + sub(a) + " NOT IN (" + list.map(sub).joined(separator: ", ") + "))"
        case .exists(let pattern): return "EXISTS " + group(pattern, depth: depth)
        case .notExists(let pattern): return "NOT EXISTS " + group(pattern, depth: depth)
        case .builtIn(let function, let arguments):
            return function.keyword + "(" + arguments.map(sub).joined(separator: ", ") + ")"
        case .function(let iri, let arguments, let distinct):
            return self.iri(iri) + "(" + (distinct ? "DISTINCT " : "") + arguments.map(sub).joined(separator: ", ") + ")"
        }
    }

    func aggregate(_ aggregate: Aggregate, aggregates: [Variable: Aggregate], depth: Int) -> String {
        var out = aggregate.function.keyword + "(" + (aggregate.distinct ? "DISTINCT " : "")
        if let argument = aggregate.expression {
            out += expression(argument, aggregates: [:], depth: depth)
        } else {
            out += "*"
        }
        if case .groupConcat(let separator) = aggregate.function {
            out += "; SEPARATOR=" + quotedString(separator)
        }
        return out + ")"
    }
}
