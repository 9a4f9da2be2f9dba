/// Expressions, with parentheses only where the grammar's precedence and left
/// associativity need them: a long `a || b || c ...` stays flat, so the text nests no
/// deeper than the query it came from (the parser limits nesting).
extension SPARQLSerializer {
    /// Binding strength, loosest first; `primary` needs no parentheses anywhere.
    enum Level: Int, Comparable {
        case or, and, relational, additive, multiplicative, unary, primary

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    func expression(_ e: Expression, aggregates: [Variable: Aggregate], depth: Int) -> String {
        expression(e, at: .or, aggregates: aggregates, depth: depth)
    }

    /// The parts of a binary operator application: its level, its token, its operands, and
    /// the level its right operand must have (the left one may share the operator's level).
    func binaryParts(_ e: Expression) -> (level: Level, op: String, left: Expression, right: Expression, rightLevel: Level)? {
        switch e {
        case .or(let a, let b): return (.or, "||", a, b, .and)
        case .and(let a, let b): return (.and, "&&", a, b, .relational)
        case .equal(let a, let b): return (.relational, "=", a, b, .additive)
        case .notEqual(let a, let b): return (.relational, "!=", a, b, .additive)
        case .less(let a, let b): return (.relational, "<", a, b, .additive)
        case .greater(let a, let b): return (.relational, ">", a, b, .additive)
        case .lessOrEqual(let a, let b): return (.relational, "<=", a, b, .additive)
        case .greaterOrEqual(let a, let b): return (.relational, ">=", a, b, .additive)
        case .add(let a, let b): return (.additive, "+", a, b, .multiplicative)
        case .subtract(let a, let b): return (.additive, "-", a, b, .multiplicative)
        case .multiply(let a, let b): return (.multiplicative, "*", a, b, .unary)
        case .divide(let a, let b): return (.multiplicative, "/", a, b, .unary)
        default: return nil
        }
    }

    /// `e` written so that it parses as one operand of level `context`.
    func expression(_ e: Expression, at context: Level, aggregates: [Variable: Aggregate], depth: Int) -> String {
        func sub(_ e: Expression, _ level: Level) -> String { expression(e, at: level, aggregates: aggregates, depth: depth) }
        func unary(_ op: String, _ a: Expression) -> String {
            // The operand is a PrimaryExpression; a bare number after `-` would lex as a signed literal.
            if case .variable(let variable) = a, aggregates[variable] == nil { return op + self.variable(variable) }
            return op + "(" + sub(a, .or) + ")"
        }
        switch e {
        case .term(let term):
            return self.term(term)
        case .variable(let variable):
            if let aggregate = aggregates[variable] { return self.aggregate(aggregate, aggregates: aggregates, depth: depth) }
            return self.variable(variable)
        case .not(let a): return unary("!", a)
        case .unaryPlus(let a): return unary("+", a)
        case .unaryMinus(let a): return unary("-", a)
        case .in(let a, let list), .notIn(let a, let list):
            let op = if case .in = e { " IN (" } else { " NOT IN (" }
            let text = sub(a, .additive) + op + list.map { sub($0, .or) }.joined(separator: ", ") + ")"
            return Level.relational < context ? "(" + text + ")" : text
        case .exists(let pattern): return "EXISTS " + group(pattern, depth: depth)
        case .notExists(let pattern): return "NOT EXISTS " + group(pattern, depth: depth)
        case .builtIn(let function, let arguments):
            return function.keyword + "(" + arguments.map { sub($0, .or) }.joined(separator: ", ") + ")"
        case .function(let iri, let arguments, let distinct):
            return self.iri(iri) + "(" + (distinct ? "DISTINCT " : "") + arguments.map { sub($0, .or) }.joined(separator: ", ") + ")"
        case .or, .and, .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual,
             .add, .subtract, .multiply, .divide:
            return operatorChain(binaryParts(e)!, at: context, aggregates: aggregates, depth: depth)
        }
    }

    /// `a op b op c ...`: a left-associative chain is walked down its left spine without
    /// recursion, so a long chain costs no stack. Comparisons do not chain.
    func operatorChain(_ parts: (level: Level, op: String, left: Expression, right: Expression, rightLevel: Level),
                       at context: Level, aggregates: [Variable: Aggregate], depth: Int) -> String {
        var rights: [(op: String, right: Expression)] = [(parts.op, parts.right)]
        var leftmost = parts.left
        if parts.level != .relational {
            while let next = binaryParts(leftmost), next.level == parts.level {
                rights.append((next.op, next.right))
                leftmost = next.left
            }
        }
        let leftLevel: Level = parts.level == .relational ? .additive : parts.level
        var text = expression(leftmost, at: leftLevel, aggregates: aggregates, depth: depth)
        for (op, right) in rights.reversed() {
            text += " " + op + " " + expression(right, at: parts.rightLevel, aggregates: aggregates, depth: depth)
        }
        return parts.level < context ? "(" + text + ")" : text
    }

    func aggregate(_ aggregate: Aggregate, aggregates: [Variable: Aggregate], depth: Int) -> String {
        let name: String
        if case .custom(let iri) = aggregate.function { name = self.iri(iri) } else { name = aggregate.function.keyword }
        var out = name + "(" + (aggregate.distinct ? "DISTINCT " : "")
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
