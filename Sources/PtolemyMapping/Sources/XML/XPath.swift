import Foundation

/// A compiled XPath 1.0 expression (https://www.w3.org/TR/1999/REC-xpath-19991116/)
/// and its evaluator over ``XMLNode`` trees.
///
/// Covered: location paths with the child, descendant, descendant-or-self, parent,
/// ancestor, ancestor-or-self, following-sibling, preceding-sibling, self and
/// attribute axes and their abbreviations (`//`, `..`, `.`, `@`); name tests with
/// namespace prefixes declared in the mapping (an unprefixed name matches by local
/// name whatever the namespace, since RML mappings rarely declare default namespaces);
/// `text()`, `node()`; predicates; unions; the operators; and the core functions RML
/// mappings use (string, number, boolean and node-set functions).
struct XPath: Sendable, CustomStringConvertible {
    indirect enum Expression: Sendable {
        case path(absolute: Bool, steps: [Step])
        case filter(Expression, predicates: [Expression], steps: [Step])
        case union(Expression, Expression)
        case binary(String, Expression, Expression)
        case negate(Expression)
        case literal(String)
        case number(Double)
        case function(String, [Expression])
    }

    struct Step: Sendable {
        var axis: Axis
        var test: NodeTest
        var predicates: [Expression]
    }

    enum Axis: String, Sendable {
        case child, descendant, descendantOrSelf = "descendant-or-self", parent, ancestor
        case ancestorOrSelf = "ancestor-or-self", followingSibling = "following-sibling"
        case precedingSibling = "preceding-sibling", attribute, `self`
    }

    enum NodeTest: Sendable {
        case name(prefix: String?, local: String)
        case any(prefix: String?)
        case text
        case node
    }

    enum Value {
        case nodes([XMLNode])
        case string(String)
        case number(Double)
        case boolean(Bool)

        var string: String {
            switch self {
            case .nodes(let nodes): return nodes.first?.stringValue ?? ""
            case .string(let s): return s
            case .number(let n): return XPath.format(n)
            case .boolean(let b): return b ? "true" : "false"
            }
        }

        var number: Double {
            switch self {
            case .number(let n): return n
            case .boolean(let b): return b ? 1 : 0
            default: return Double(string.trimmingSpaces) ?? .nan
            }
        }

        var boolean: Bool {
            switch self {
            case .nodes(let nodes): return !nodes.isEmpty
            case .string(let s): return !s.isEmpty
            case .number(let n): return n != 0 && !n.isNaN
            case .boolean(let b): return b
            }
        }
    }

    let expression: Expression
    let source: String
    let namespaces: [String: String]

    var description: String { source }

    /// Compiles `source`; `namespaces` maps the prefixes the mapping declares.
    /// - Throws: ``MappingError`` (`.invalidMapping`) naming the position of the fault.
    init(_ source: String, namespaces: [String: String] = [:]) throws {
        self.source = source
        self.namespaces = namespaces
        var parser = Parser(tokens: try Self.tokenize(source), source: source)
        expression = try parser.parseExpression()
        if parser.index < parser.tokens.count {
            throw MappingError(.invalidMapping, "invalid XPath \"\(source)\": unexpected '\(parser.tokens[parser.index].text)'")
        }
    }

    /// Evaluates the expression with `context` as the context node.
    func evaluate(_ context: XMLNode) -> Value {
        evaluate(expression, context: context, position: 1, size: 1)
    }

    /// The string values the expression yields: one per selected node, or the one
    /// string of a string, number or boolean result.
    func strings(_ context: XMLNode) -> [String] {
        switch evaluate(context) {
        case .nodes(let nodes): return nodes.map(\.stringValue)
        case let other: return [other.string]
        }
    }

    /// The nodes the expression selects (empty when it yields no node-set).
    func nodes(_ context: XMLNode) -> [XMLNode] {
        if case .nodes(let nodes) = evaluate(context) { return nodes }
        return []
    }

    static func format(_ n: Double) -> String {
        if n.isNaN { return "NaN" }
        if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    // MARK: Evaluation

    private func evaluate(_ e: Expression, context: XMLNode, position: Int, size: Int) -> Value {
        switch e {
        case .literal(let s): return .string(s)
        case .number(let n): return .number(n)
        case .negate(let inner): return .number(-evaluate(inner, context: context, position: position, size: size).number)
        case .union(let a, let b):
            let left = evaluate(a, context: context, position: position, size: size)
            let right = evaluate(b, context: context, position: position, size: size)
            guard case .nodes(let l) = left, case .nodes(let r) = right else { return .nodes([]) }
            return .nodes(Self.documentOrder(l + r))
        case .path(let absolute, let steps):
            var start = context
            if absolute { while let parent = start.parent { start = parent } }
            return .nodes(apply(steps, to: [start]))
        case .filter(let primary, let predicates, let steps):
            let value = evaluate(primary, context: context, position: position, size: size)
            guard case .nodes(var nodes) = value else { return value }
            for predicate in predicates { nodes = filter(nodes, predicate) }
            return .nodes(steps.isEmpty ? nodes : apply(steps, to: nodes))
        case .binary(let op, let a, let b):
            switch op {
            case "or":
                return .boolean(evaluate(a, context: context, position: position, size: size).boolean
                    || evaluate(b, context: context, position: position, size: size).boolean)
            case "and":
                return .boolean(evaluate(a, context: context, position: position, size: size).boolean
                    && evaluate(b, context: context, position: position, size: size).boolean)
            default:
                let l = evaluate(a, context: context, position: position, size: size)
                let r = evaluate(b, context: context, position: position, size: size)
                switch op {
                case "+": return .number(l.number + r.number)
                case "-": return .number(l.number - r.number)
                case "*": return .number(l.number * r.number)
                case "div": return .number(l.number / r.number)
                case "mod": return .number(l.number.truncatingRemainder(dividingBy: r.number))
                default: return .boolean(Self.compare(l, op, r))
                }
            }
        case .function(let name, let arguments):
            return call(name, arguments, context: context, position: position, size: size)
        }
    }

    private static func compare(_ l: Value, _ op: String, _ r: Value) -> Bool {
        // Node-sets compare existentially (XPath 1.0 section 3.4).
        if case .nodes(let nodes) = l {
            return nodes.contains { compare(.string($0.stringValue), op, r) }
        }
        if case .nodes(let nodes) = r {
            return nodes.contains { compare(l, op, .string($0.stringValue)) }
        }
        switch op {
        case "=", "!=":
            let equal: Bool
            if case .boolean = l { equal = l.boolean == r.boolean } else if case .boolean = r { equal = l.boolean == r.boolean } else if case .number = l { equal = l.number == r.number } else if case .number = r { equal = l.number == r.number } else { equal = l.string == r.string }
            return op == "=" ? equal : !equal
        case "<": return l.number < r.number
        case "<=": return l.number <= r.number
        case ">": return l.number > r.number
        case ">=": return l.number >= r.number
        default: return false
        }
    }

    private func apply(_ steps: [Step], to start: [XMLNode]) -> [XMLNode] {
        var current = start
        for step in steps {
            var next: [XMLNode] = []
            var seen = Set<ObjectIdentifier>()
            for node in current {
                var selected = axis(step.axis, of: node).filter { matches(step.test, $0, axis: step.axis) }
                for predicate in step.predicates { selected = filter(selected, predicate) }
                for s in selected where seen.insert(ObjectIdentifier(s)).inserted { next.append(s) }
            }
            current = current.count > 1 ? Self.documentOrder(next) : next
        }
        return current
    }

    private func filter(_ nodes: [XMLNode], _ predicate: Expression) -> [XMLNode] {
        var result: [XMLNode] = []
        for (i, node) in nodes.enumerated() {
            let value = evaluate(predicate, context: node, position: i + 1, size: nodes.count)
            if case .number(let n) = value {
                if n == Double(i + 1) { result.append(node) }
            } else if value.boolean {
                result.append(node)
            }
        }
        return result
    }

    private static func documentOrder(_ nodes: [XMLNode]) -> [XMLNode] {
        var seen = Set<ObjectIdentifier>()
        return nodes.filter { seen.insert(ObjectIdentifier($0)).inserted }.sorted { $0.order < $1.order }
    }

    private func axis(_ axis: Axis, of node: XMLNode) -> [XMLNode] {
        switch axis {
        case .child: return node.children
        case .attribute: return node.attributes
        case .self: return [node]
        case .parent: return node.parent.map { [$0] } ?? []
        case .descendant:
            var out: [XMLNode] = []
            Self.descendants(of: node, into: &out)
            return out
        case .descendantOrSelf:
            var out: [XMLNode] = [node]
            Self.descendants(of: node, into: &out)
            return out
        case .ancestor, .ancestorOrSelf:
            var out: [XMLNode] = axis == .ancestorOrSelf ? [node] : []
            var p = node.parent
            while let q = p { out.append(q); p = q.parent }
            return out
        case .followingSibling, .precedingSibling:
            guard node.kind != .attribute, let parent = node.parent,
                  let i = parent.children.firstIndex(where: { $0 === node }) else { return [] }
            return axis == .followingSibling ? Array(parent.children[(i + 1)...]) : Array(parent.children[..<i].reversed())
        }
    }

    private static func descendants(of node: XMLNode, into out: inout [XMLNode]) {
        for child in node.children {
            out.append(child)
            descendants(of: child, into: &out)
        }
    }

    private func matches(_ test: NodeTest, _ node: XMLNode, axis: Axis) -> Bool {
        let principal: XMLNode.Kind = axis == .attribute ? .attribute : .element
        switch test {
        case .node: return true
        case .text: return node.kind == .text
        case .any(let prefix):
            guard node.kind == principal else { return false }
            guard let prefix else { return true }
            return node.namespaceURI == namespaces[prefix]
        case .name(let prefix, let local):
            guard node.kind == principal, node.localName == local else { return false }
            guard let prefix else {
                // Unprefixed: any namespace for elements (lenient), none for attributes.
                return principal == .element || node.namespaceURI == nil
            }
            if let uri = namespaces[prefix] { return node.namespaceURI == uri }
            return node.name == prefix + ":" + local
        }
    }

    private func call(_ name: String, _ arguments: [Expression], context: XMLNode, position: Int, size: Int) -> Value {
        func arg(_ i: Int) -> Value { evaluate(arguments[i], context: context, position: position, size: size) }
        func stringArg(_ i: Int) -> String { i < arguments.count ? arg(i).string : context.stringValue }
        switch name {
        case "position": return .number(Double(position))
        case "last": return .number(Double(size))
        case "count": if case .nodes(let n) = arg(0) { return .number(Double(n.count)) }; return .number(0)
        case "string": return .string(stringArg(0))
        case "text": return .string(context.stringValue)
        case "name", "local-name", "namespace-uri":
            let node: XMLNode?
            if arguments.isEmpty { node = context } else if case .nodes(let n) = arg(0) { node = n.first } else { node = nil }
            guard let node else { return .string("") }
            return .string(name == "name" ? node.name : name == "local-name" ? node.localName : node.namespaceURI ?? "")
        case "concat": return .string(arguments.indices.map { arg($0).string }.joined())
        case "contains": return .boolean(arguments.count == 2 && arg(0).string.contains(arg(1).string))
        case "starts-with": return .boolean(arguments.count == 2 && arg(0).string.hasPrefix(arg(1).string))
        case "ends-with": return .boolean(arguments.count == 2 && arg(0).string.hasSuffix(arg(1).string))
        case "string-length": return .number(Double(stringArg(0).count))
        case "normalize-space":
            return .string(stringArg(0).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " "))
        case "substring-before", "substring-after":
            guard arguments.count == 2 else { return .string("") }
            let s = arg(0).string, t = arg(1).string
            guard let r = s.range(of: t) else { return .string("") }
            return .string(name == "substring-before" ? String(s[..<r.lowerBound]) : String(s[r.upperBound...]))
        case "substring":
            guard arguments.count >= 2 else { return .string("") }
            let chars = Array(arg(0).string)
            let start = arg(1).number.rounded()
            let length = arguments.count > 2 ? arg(2).number.rounded() : .infinity
            var out = ""
            for (i, c) in chars.enumerated() {
                let p = Double(i + 1)
                if p >= start && p < start + length { out.append(c) }
            }
            return .string(out)
        case "translate":
            guard arguments.count == 3 else { return .string("") }
            let from = Array(arg(1).string), to = Array(arg(2).string)
            var out = ""
            for c in arg(0).string {
                if let i = from.firstIndex(of: c) { if i < to.count { out.append(to[i]) } } else { out.append(c) }
            }
            return .string(out)
        case "upper-case": return .string(stringArg(0).uppercased())
        case "lower-case": return .string(stringArg(0).lowercased())
        case "not": return .boolean(!(arguments.first.map { evaluate($0, context: context, position: position, size: size).boolean } ?? false))
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "boolean": return .boolean(arg(0).boolean)
        case "number": return .number(arguments.isEmpty ? Value.string(context.stringValue).number : arg(0).number)
        case "sum":
            if case .nodes(let n) = arg(0) { return .number(n.reduce(0) { $0 + (Double($1.stringValue.trimmingSpaces) ?? .nan) }) }
            return .number(.nan)
        case "floor": return .number(arg(0).number.rounded(.down))
        case "ceiling": return .number(arg(0).number.rounded(.up))
        case "round": return .number((arg(0).number + 0.5).rounded(.down))
        default: return .string("")
        }
    }

    static let functions: Set<String> = [
        "position", "last", "count", "string", "text", "name", "local-name", "namespace-uri", "concat", "contains",
        "starts-with", "ends-with", "string-length", "normalize-space", "substring-before", "substring-after",
        "substring", "translate", "upper-case", "lower-case", "not", "true", "false", "boolean", "number", "sum",
        "floor", "ceiling", "round",
    ]

    // MARK: Tokens

    struct Token: Sendable {
        enum Kind: Sendable { case name, literal, number, symbol, `operator` }
        var kind: Kind
        var text: String
    }

    private static func tokenize(_ source: String) throws -> [Token] {
        let chars = Array(source.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func fail(_ message: String) -> MappingError {
            MappingError(.invalidMapping, "invalid XPath \"\(source)\": \(message) at character \(i + 1)")
        }
        // XPath 1.0 section 3.7: `*` and operator names are operators only after a token
        // that can end an operand.
        func operatorExpected() -> Bool {
            guard let last = tokens.last else { return false }
            switch last.kind {
            case .operator: return false
            case .symbol: return [")", "]", ".", ".."].contains(last.text)
            default: return !["@", "::", "(", "[", ","].contains(last.text)
            }
        }
        func isNameStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A) || c.value > 0x7F
        }
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            isNameStart(c) || c == "-" || c == "." || (c.value >= 0x30 && c.value <= 0x39)
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c == "\"" || c == "'" {
                guard let end = chars[(i + 1)...].firstIndex(of: c) else { throw fail("string not closed") }
                tokens.append(Token(kind: .literal, text: String(String.UnicodeScalarView(chars[(i + 1)..<end]))))
                i = end + 1
                continue
            }
            if (c.value >= 0x30 && c.value <= 0x39) || (c == "." && i + 1 < chars.count && chars[i + 1].value >= 0x30 && chars[i + 1].value <= 0x39) {
                var j = i
                while j < chars.count, (chars[j].value >= 0x30 && chars[j].value <= 0x39) || chars[j] == "." { j += 1 }
                tokens.append(Token(kind: .number, text: String(String.UnicodeScalarView(chars[i..<j]))))
                i = j
                continue
            }
            let two = i + 1 < chars.count ? String(String.UnicodeScalarView([c, chars[i + 1]])) : ""
            if ["//", "..", "::", "!=", "<=", ">="].contains(two) {
                tokens.append(Token(kind: ["!=", "<=", ">="].contains(two) ? .operator : .symbol, text: two))
                i += 2
                continue
            }
            if c == "*" {
                tokens.append(Token(kind: operatorExpected() ? .operator : .name, text: "*"))
                i += 1
                continue
            }
            if "/()[]@,.|".unicodeScalars.contains(c) {
                tokens.append(Token(kind: c == "|" ? .operator : .symbol, text: String(c)))
                i += 1
                continue
            }
            if "=<>+-".unicodeScalars.contains(c) {
                tokens.append(Token(kind: .operator, text: String(c)))
                i += 1
                continue
            }
            if c == "$" { throw fail("variables are not supported") }
            if isNameStart(c) {
                var j = i
                while j < chars.count, isNameChar(chars[j]) { j += 1 }
                // prefix:local or prefix:*
                if j + 1 < chars.count, chars[j] == ":", chars[j + 1] != ":" {
                    if chars[j + 1] == "*" {
                        j += 2
                    } else if isNameStart(chars[j + 1]) {
                        j += 1
                        while j < chars.count, isNameChar(chars[j]) { j += 1 }
                    }
                }
                let name = String(String.UnicodeScalarView(chars[i..<j]))
                if operatorExpected(), ["and", "or", "div", "mod"].contains(name) {
                    tokens.append(Token(kind: .operator, text: name))
                } else {
                    tokens.append(Token(kind: .name, text: name))
                }
                i = j
                continue
            }
            throw fail("unexpected '\(c)'")
        }
        return tokens
    }

    // MARK: Parser

    private struct Parser {
        let tokens: [Token]
        let source: String
        var index = 0

        init(tokens: [Token], source: String) {
            self.tokens = tokens
            self.source = source
        }

        func fail(_ message: String) -> MappingError {
            MappingError(.invalidMapping, "invalid XPath \"\(source)\": \(message)")
        }

        var peek: Token? { index < tokens.count ? tokens[index] : nil }

        mutating func accept(_ text: String) -> Bool {
            if let t = peek, t.text == text, t.kind != .literal {
                index += 1
                return true
            }
            return false
        }

        mutating func parseExpression() throws -> Expression { try binary(level: 0) }

        static let levels: [[String]] = [["or"], ["and"], ["=", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "div", "mod"]]

        mutating func binary(level: Int) throws -> Expression {
            if level == Self.levels.count { return try unary() }
            var left = try binary(level: level + 1)
            while let t = peek, t.kind == .operator, Self.levels[level].contains(t.text) {
                index += 1
                left = .binary(t.text, left, try binary(level: level + 1))
            }
            return left
        }

        mutating func unary() throws -> Expression {
            if let t = peek, t.kind == .operator, t.text == "-" {
                index += 1
                return .negate(try unary())
            }
            var left = try pathExpression()
            while let t = peek, t.kind == .operator, t.text == "|" {
                index += 1
                left = .union(left, try pathExpression())
            }
            return left
        }

        mutating func pathExpression() throws -> Expression {
            guard let t = peek else { throw fail("unexpected end") }
            // A filter expression starts with a primary expression.
            let isFunction = t.kind == .name && index + 1 < tokens.count && tokens[index + 1].text == "("
                && !["text", "node", "comment", "processing-instruction"].contains(t.text)
            if t.kind == .literal || t.kind == .number || (t.kind == .symbol && t.text == "(") || isFunction {
                let primary = try primaryExpression()
                var predicates: [Expression] = []
                while accept("[") {
                    predicates.append(try parseExpression())
                    guard accept("]") else { throw fail("']' expected") }
                }
                var steps: [Step] = []
                if let s = peek, s.kind == .symbol, s.text == "/" || s.text == "//" {
                    steps = try relativePath(leading: true)
                }
                if predicates.isEmpty && steps.isEmpty { return primary }
                return .filter(primary, predicates: predicates, steps: steps)
            }
            if t.kind == .symbol && (t.text == "/" || t.text == "//") {
                if t.text == "/" {
                    index += 1
                    // "/" alone selects the root.
                    if let n = peek, n.kind == .name || n.text == "@" || n.text == "." || n.text == ".." || n.text == "*" {
                        return .path(absolute: true, steps: try relativePath(leading: false))
                    }
                    return .path(absolute: true, steps: [])
                }
                return .path(absolute: true, steps: try relativePath(leading: true))
            }
            return .path(absolute: false, steps: try relativePath(leading: false))
        }

        mutating func primaryExpression() throws -> Expression {
            let t = tokens[index]
            index += 1
            switch t.kind {
            case .literal: return .literal(t.text)
            case .number:
                guard let n = Double(t.text) else { throw fail("invalid number \(t.text)") }
                return .number(n)
            default:
                if t.text == "(" {
                    let inner = try parseExpression()
                    guard accept(")") else { throw fail("')' expected") }
                    return inner
                }
                // Function call.
                guard XPath.functions.contains(t.text) else { throw fail("unknown function \(t.text)()") }
                _ = accept("(")
                var arguments: [Expression] = []
                if !accept(")") {
                    repeat { arguments.append(try parseExpression()) } while accept(",")
                    guard accept(")") else { throw fail("')' expected") }
                }
                return .function(t.text, arguments)
            }
        }

        /// Steps separated by `/` or `//`; `leading` when the first separator is still to read.
        mutating func relativePath(leading: Bool) throws -> [Step] {
            var steps: [Step] = []
            var needSeparator = leading
            while true {
                if needSeparator {
                    if accept("//") {
                        steps.append(Step(axis: .descendantOrSelf, test: .node, predicates: []))
                    } else if !accept("/") {
                        return steps
                    }
                }
                steps.append(try step())
                needSeparator = true
            }
        }

        mutating func step() throws -> Step {
            if accept(".") { return Step(axis: .self, test: .node, predicates: []) }
            if accept("..") { return Step(axis: .parent, test: .node, predicates: []) }
            var axis = Axis.child
            if accept("@") {
                axis = .attribute
            } else if let t = peek, t.kind == .name, index + 1 < tokens.count, tokens[index + 1].text == "::" {
                guard let a = Axis(rawValue: t.text) else { throw fail("unsupported axis \(t.text)") }
                axis = a
                index += 2
            }
            guard let t = peek, t.kind == .name else { throw fail("a node test is expected") }
            index += 1
            let test: NodeTest
            if (t.text == "text" || t.text == "node") && accept("(") {
                guard accept(")") else { throw fail("')' expected") }
                test = t.text == "text" ? .text : .node
            } else if t.text == "*" {
                test = .any(prefix: nil)
            } else if t.text.hasSuffix(":*") {
                test = .any(prefix: String(t.text.dropLast(2)))
            } else if let colon = t.text.firstIndex(of: ":") {
                test = .name(prefix: String(t.text[..<colon]), local: String(t.text[t.text.index(after: colon)...]))
            } else {
                test = .name(prefix: nil, local: t.text)
            }
            var predicates: [Expression] = []
            while accept("[") {
                predicates.append(try parseExpression())
                guard accept("]") else { throw fail("']' expected") }
            }
            return Step(axis: axis, test: test, predicates: predicates)
        }
    }
}
