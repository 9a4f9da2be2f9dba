import PtolemyRDF

/// Algebra and expressions as S-expressions in the style of Jena's SSE
/// (https://jena.apache.org/documentation/notes/sse.html), for logs, EXPLAIN and test
/// failure messages, e.g.
///
///     (project (?s)
///       (filter (> ?o 1)
///         (bgp (triple ?s <http://example.org/p> ?o))))
///
/// Both are written with an explicit stack, so long chains do not use the call stack.
extension Algebra: CustomStringConvertible {
    public var description: String {
        var writer = SExpressionWriter()
        writer.write(self)
        return writer.output
    }
}

extension Expression: CustomStringConvertible {
    public var description: String {
        var writer = SExpressionWriter()
        writer.write(self)
        return writer.output
    }
}

extension PropertyPath: CustomStringConvertible {
    public var description: String {
        switch self {
        case .link(let iri): return Term.iri(iri).description
        case .inverse(let path): return "(reverse \(path))"
        case .sequence(let a, let b): return "(seq \(a) \(b))"
        case .alternative(let a, let b): return "(alt \(a) \(b))"
        case .zeroOrMore(let path): return "(path* \(path))"
        case .oneOrMore(let path): return "(path+ \(path))"
        case .zeroOrOne(let path): return "(path? \(path))"
        case .negatedPropertySet(let iris): return "(notoneof" + iris.map { " " + Term.iri($0).description }.joined() + ")"
        }
    }
}

/// Writes S-expressions without recursion: pending work is a stack of nodes and text.
struct SExpressionWriter {
    private(set) var output = ""

    private enum Work {
        case pattern(Algebra, depth: Int)
        case expression(Expression)
        case text(String)
    }

    private var stack: [Work] = []

    mutating func write(_ algebra: Algebra) {
        stack = [.pattern(algebra, depth: 0)]
        run()
    }

    mutating func write(_ expression: Expression) {
        stack = [.expression(expression)]
        run()
    }

    private mutating func run() {
        while let work = stack.popLast() {
            switch work {
            case .text(let text): output += text
            case .pattern(let algebra, let depth): open(algebra, depth: depth)
            case .expression(let expression): open(expression)
            }
        }
    }

    /// Schedules `parts` to be written in order (the stack pops the last first).
    private mutating func schedule(_ parts: [Work]) {
        stack.append(contentsOf: parts.reversed())
    }

    private static func newline(_ depth: Int) -> String {
        "\n" + String(repeating: "  ", count: depth)
    }

    private mutating func open(_ algebra: Algebra, depth: Int) {
        let child = Self.newline(depth + 1)
        func sub(_ a: Algebra) -> [Work] { [.text(child), .pattern(a, depth: depth + 1)] }
        switch algebra {
        case .bgp(let triples):
            output += "(bgp" + triples.map { " (triple \($0.subject) \($0.predicate) \($0.object))" }.joined() + ")"
        case .path(let subject, let path, let object):
            output += "(path \(subject) \(path) \(object))"
        case .join(let a, let b):
            schedule([.text("(join")] + sub(a) + sub(b) + [.text(")")])
        case .leftJoin(let a, let b, let filter):
            var parts: [Work] = [.text("(leftjoin")] + sub(a) + sub(b)
            if let filter { parts += [.text(child), .expression(filter)] }
            schedule(parts + [.text(")")])
        case .filter(let condition, let a):
            schedule([.text("(filter "), .expression(condition)] + sub(a) + [.text(")")])
        case .union(let a, let b):
            schedule([.text("(union")] + sub(a) + sub(b) + [.text(")")])
        case .minus(let a, let b):
            schedule([.text("(minus")] + sub(a) + sub(b) + [.text(")")])
        case .graph(let name, let a):
            schedule([.text("(graph \(name)")] + sub(a) + [.text(")")])
        case .extend(let a, let variable, let expression):
            schedule([.text("(extend ((\(variable) "), .expression(expression), .text("))")] + sub(a) + [.text(")")])
        case .service(let endpoint, let a, let silent):
            schedule([.text("(service " + (silent ? "silent " : "") + "\(endpoint)")] + sub(a) + [.text(")")])
        case .values(let variables, let rows):
            output += "(table (vars" + variables.map { " \($0)" }.joined() + ")"
            for row in rows {
                output += " (row"
                for (variable, cell) in zip(variables, row) {
                    if let cell { output += " [\(variable) \(cell)]" }
                }
                output += ")"
            }
            output += ")"
        case .group(let a, let keys, let aggregates):
            var parts: [Work] = [.text("(group (")]
            for (index, key) in keys.enumerated() {
                if index > 0 { parts.append(.text(" ")) }
                if let variable = key.variable {
                    parts += [.text("(\(variable) "), .expression(key.expression), .text(")")]
                } else {
                    parts.append(.expression(key.expression))
                }
            }
            parts.append(.text(") ("))
            for (index, binding) in aggregates.enumerated() {
                if index > 0 { parts.append(.text(" ")) }
                let aggregate = binding.aggregate
                var name = aggregate.function.keyword.lowercased()
                if case .custom(let iri) = aggregate.function { name = "<\(iri)>" }
                if aggregate.distinct { name += " distinct" }
                parts.append(.text("(\(binding.variable) (\(name)"))
                if let argument = aggregate.expression { parts += [.text(" "), .expression(argument)] }
                if case .groupConcat(let separator) = aggregate.function { parts.append(.text(" \(Term.string(separator))")) }
                parts.append(.text("))"))
            }
            schedule(parts + [.text(")")] + sub(a) + [.text(")")])
        case .orderBy(let a, let conditions):
            var parts: [Work] = [.text("(order (")]
            for (index, condition) in conditions.enumerated() {
                if index > 0 { parts.append(.text(" ")) }
                parts += [.text(condition.descending ? "(desc " : "(asc "), .expression(condition.expression), .text(")")]
            }
            schedule(parts + [.text(")")] + sub(a) + [.text(")")])
        case .project(let a, let variables):
            schedule([.text("(project (" + variables.map(\.description).joined(separator: " ") + ")")] + sub(a) + [.text(")")])
        case .distinct(let a):
            schedule([.text("(distinct")] + sub(a) + [.text(")")])
        case .reduced(let a):
            schedule([.text("(reduced")] + sub(a) + [.text(")")])
        case .slice(let a, let offset, let limit):
            schedule([.text("(slice \(offset) " + (limit.map(String.init) ?? "_"))] + sub(a) + [.text(")")])
        }
    }

    private mutating func open(_ expression: Expression) {
        func call(_ name: String, _ operands: [Expression]) {
            var parts: [Work] = [.text("(" + name)]
            for operand in operands { parts += [.text(" "), .expression(operand)] }
            schedule(parts + [.text(")")])
        }
        switch expression {
        case .term(let term): output += term.description
        case .variable(let variable): output += variable.description
        case .or(let a, let b): call("||", [a, b])
        case .and(let a, let b): call("&&", [a, b])
        case .not(let a): call("!", [a])
        case .equal(let a, let b): call("=", [a, b])
        case .notEqual(let a, let b): call("!=", [a, b])
        case .less(let a, let b): call("<", [a, b])
        case .greater(let a, let b): call(">", [a, b])
        case .lessOrEqual(let a, let b): call("<=", [a, b])
        case .greaterOrEqual(let a, let b): call(">=", [a, b])
        case .add(let a, let b): call("+", [a, b])
        case .subtract(let a, let b): call("-", [a, b])
        case .multiply(let a, let b): call("*", [a, b])
        case .divide(let a, let b): call("/", [a, b])
        case .unaryPlus(let a): call("+", [a])
        case .unaryMinus(let a): call("-", [a])
        case .in(let a, let list): call("in", [a] + list)
        case .notIn(let a, let list): call("notin", [a] + list)
        case .exists(let pattern): output += "(exists " + pattern.description + ")"
        case .notExists(let pattern): output += "(notexists " + pattern.description + ")"
        case .builtIn(let function, let arguments): call(function.keyword.lowercased(), arguments)
        case .function(let iri, let arguments, let distinct):
            call(Term.iri(iri).description + (distinct ? " distinct" : ""), arguments)
        }
    }
}
