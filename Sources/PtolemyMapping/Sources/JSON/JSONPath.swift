/// A compiled JSONPath expression and its evaluator.
///
/// The syntax is that of RFC 9535 (https://www.rfc-editor.org/rfc/rfc9535) as RML
/// mappings use it, with the leniencies of the Goessner-style implementations RML
/// engines grew up with: `$` root; `.name` (a name may contain spaces, as in
/// `$.Country Code`), `['name']`, `["name"]`, `.*`, `[*]`, `[n]` (negative from the
/// end), `[start:end:step]`, unions `[a,b]`, recursive descent `..name` / `..*` /
/// `..[…]`, and filters `[?(@.price < 10 && @.tag == 'x')]` with comparisons, `!`,
/// `&&`, `||`, parentheses and existence tests. A path that does not start with `$`
/// (`Name`, the classic RML habit) is read as `$.Name`.
struct JSONPath: Sendable, CustomStringConvertible {
    enum Segment: Sendable {
        case child([Selector])
        case descendant([Selector])
    }

    enum Selector: Sendable {
        case name(String)
        case index(Int)
        case wildcard
        case slice(Int?, Int?, Int?)
        case filter(FilterExpression)
    }

    indirect enum FilterExpression: Sendable {
        case or(FilterExpression, FilterExpression)
        case and(FilterExpression, FilterExpression)
        case not(FilterExpression)
        case comparison(Operand, String, Operand)
        case exists(Operand)
    }

    enum Operand: Sendable {
        case path(relative: Bool, JSONPath)
        case literal(JSONNode)
    }

    let segments: [Segment]
    let source: String

    var description: String { source }

    /// True when the path can select at most one node (no wildcards, slices, filters,
    /// unions or descent): a reference that yields one value per record.
    var isSingular: Bool {
        segments.allSatisfy { segment in
            guard case .child(let selectors) = segment, selectors.count == 1 else { return false }
            switch selectors[0] {
            case .name, .index: return true
            default: return false
            }
        }
    }

    /// Compiles `expression`.
    /// - Throws: ``MappingError`` (`.invalidMapping`) naming the position of the fault.
    init(_ expression: String) throws {
        var parser = Parser(Array(expression.unicodeScalars), source: expression)
        let trimmed = expression.trimmingSpaces
        if trimmed.hasPrefix("$") {
            parser.skipSpace()
            parser.position += 1
        } else if trimmed.hasPrefix("@") {
            parser.skipSpace()
            parser.position += 1
        } else {
            // Classic RML: a bare name or relative path.
            parser.implicitChild = true
        }
        segments = try parser.parseSegments(stopAt: [])
        source = expression
        if parser.position < parser.chars.count {
            throw parser.error("unexpected '\(parser.chars[parser.position])'")
        }
    }

    private init(segments: [Segment], source: String) {
        self.segments = segments
        self.source = source
    }

    /// The nodes the path selects from `root`, in document order.
    func evaluate(_ root: JSONNode) -> [JSONNode] {
        var current = [root]
        for segment in segments {
            var next: [JSONNode] = []
            switch segment {
            case .child(let selectors):
                for node in current { Self.select(selectors, in: node, root: root, into: &next) }
            case .descendant(let selectors):
                for node in current { Self.descend(node) { Self.select(selectors, in: $0, root: root, into: &next) } }
            }
            current = next
            if current.isEmpty { break }
        }
        return current
    }

    private static func descend(_ node: JSONNode, _ body: (JSONNode) -> Void) {
        body(node)
        switch node {
        case .array(let items): for item in items { descend(item, body) }
        case .object(let object): for value in object.values { descend(value, body) }
        default: break
        }
    }

    private static func select(_ selectors: [Selector], in node: JSONNode, root: JSONNode, into out: inout [JSONNode]) {
        for selector in selectors {
            switch selector {
            case .name(let name):
                if case .object(let object) = node, let value = object[name] { out.append(value) }
            case .index(let index):
                if case .array(let items) = node {
                    let i = index < 0 ? items.count + index : index
                    if i >= 0, i < items.count { out.append(items[i]) }
                }
            case .wildcard:
                switch node {
                case .array(let items): out += items
                case .object(let object): out += object.values
                default: break
                }
            case .slice(let start, let end, let step):
                guard case .array(let items) = node else { continue }
                let n = items.count
                let step = step ?? 1
                guard step != 0 else { continue }
                func normalize(_ i: Int) -> Int { i >= 0 ? i : n + i }
                if step > 0 {
                    let lower = min(max(normalize(start ?? 0), 0), n)
                    let upper = min(max(normalize(end ?? n), 0), n)
                    var i = lower
                    while i < upper { out.append(items[i]); i += step }
                } else {
                    let upper = min(max(normalize(start ?? n - 1), -1), n - 1)
                    let lower = min(max(normalize(end ?? -n - 1), -1), n - 1)
                    var i = upper
                    while lower < i { out.append(items[i]); i += step }
                }
            case .filter(let filter):
                switch node {
                case .array(let items):
                    for item in items where test(filter, item, root: root) { out.append(item) }
                case .object(let object):
                    for value in object.values where test(filter, value, root: root) { out.append(value) }
                default: break
                }
            }
        }
    }

    private static func test(_ filter: FilterExpression, _ node: JSONNode, root: JSONNode) -> Bool {
        switch filter {
        case .or(let a, let b): return test(a, node, root: root) || test(b, node, root: root)
        case .and(let a, let b): return test(a, node, root: root) && test(b, node, root: root)
        case .not(let a): return !test(a, node, root: root)
        case .exists(let operand): return !values(operand, node, root: root).isEmpty
        case .comparison(let l, let op, let r):
            let left = values(l, node, root: root)
            let right = values(r, node, root: root)
            // Singular operands compare their one value; an absent one compares as "nothing".
            guard left.count <= 1, right.count <= 1 else { return false }
            return compare(left.first, op, right.first)
        }
    }

    private static func values(_ operand: Operand, _ node: JSONNode, root: JSONNode) -> [JSONNode] {
        switch operand {
        case .literal(let value): return [value]
        case .path(let relative, let path): return path.evaluate(relative ? node : root)
        }
    }

    private static func compare(_ a: JSONNode?, _ op: String, _ b: JSONNode?) -> Bool {
        switch op {
        case "==": return equal(a, b)
        case "!=": return !equal(a, b)
        case "<": return less(a, b)
        case "<=": return less(a, b) || equal(a, b)
        case ">": return less(b, a)
        case ">=": return less(b, a) || equal(a, b)
        default: return false
        }
    }

    private static func equal(_ a: JSONNode?, _ b: JSONNode?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (.number(let x)?, .number(let y)?): return Double(x) == Double(y)
        case let (x?, y?): return x == y
        default: return false
        }
    }

    private static func less(_ a: JSONNode?, _ b: JSONNode?) -> Bool {
        switch (a, b) {
        case (.number(let x)?, .number(let y)?):
            guard let x = Double(x), let y = Double(y) else { return false }
            return x < y
        case (.string(let x)?, .string(let y)?): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        default: return false
        }
    }

    /// The recursive-descent parser of the expression syntax.
    private struct Parser {
        let chars: [Unicode.Scalar]
        let source: String
        var position = 0
        /// Classic relative paths: the first name needs no leading dot.
        var implicitChild = false

        init(_ chars: [Unicode.Scalar], source: String) {
            self.chars = chars
            self.source = source
        }

        func error(_ message: String) -> MappingError {
            MappingError(.invalidMapping, "invalid JSONPath \"\(source)\": \(message) at character \(position + 1)")
        }

        var atEnd: Bool { position >= chars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : chars[position] }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\n" { position += 1 }
        }

        mutating func parseSegments(stopAt stops: Set<Unicode.Scalar>) throws -> [Segment] {
            var segments: [Segment] = []
            if implicitChild {
                implicitChild = false
                if let c = peek, c != "[", c != "." {
                    segments.append(.child([try dotName()]))
                }
            }
            while let c = peek, !stops.contains(c) {
                if c == "." {
                    position += 1
                    if peek == "." {
                        position += 1
                        if peek == "[" {
                            segments.append(.descendant(try bracket()))
                        } else {
                            segments.append(.descendant([try dotName()]))
                        }
                    } else {
                        segments.append(.child([try dotName()]))
                    }
                } else if c == "[" {
                    segments.append(.child(try bracket()))
                } else if c == " " && stops.isEmpty {
                    // Trailing white space.
                    skipSpace()
                    if !atEnd { throw error("unexpected '\(chars[position])'") }
                } else {
                    break
                }
            }
            return segments
        }

        mutating func dotName() throws -> Selector {
            if peek == "*" {
                position += 1
                return .wildcard
            }
            var name = ""
            while let c = peek, c != ".", c != "[" {
                // Inside a filter, a name ends at an operator or a closing parenthesis.
                if insideFilter, c == " " || c == ")" || c == "=" || c == "!" || c == "<" || c == ">" || c == "&" || c == "|" || c == "]" { break }
                name.unicodeScalars.append(c)
                position += 1
            }
            if name.isEmpty { throw error("a name is expected") }
            return .name(name)
        }

        var insideFilter = false

        mutating func bracket() throws -> [Selector] {
            position += 1 // [
            var selectors: [Selector] = []
            while true {
                skipSpace()
                guard let c = peek else { throw error("']' expected") }
                if c == "'" || c == "\"" {
                    selectors.append(.name(try quoted()))
                } else if c == "*" {
                    position += 1
                    selectors.append(.wildcard)
                } else if c == "?" {
                    position += 1
                    skipSpace()
                    let parenthesized = peek == "("
                    let wasInside = insideFilter
                    insideFilter = true
                    let expression = try orExpression()
                    insideFilter = wasInside
                    _ = parenthesized
                    selectors.append(.filter(expression))
                } else if c == "-" || c == ":" || ("0"..."9").contains(c) {
                    let first = c == ":" ? nil : try integer()
                    skipSpace()
                    if peek == ":" {
                        position += 1
                        skipSpace()
                        let end = (peek == ":" || peek == "]" || peek == ",") ? nil : try integer()
                        skipSpace()
                        var step: Int?
                        if peek == ":" {
                            position += 1
                            skipSpace()
                            step = (peek == "]" || peek == ",") ? nil : try integer()
                        }
                        selectors.append(.slice(first, end, step))
                    } else {
                        selectors.append(.index(first!))
                    }
                } else {
                    throw error("unexpected '\(c)' in brackets")
                }
                skipSpace()
                if peek == "," { position += 1; continue }
                if peek == "]" { position += 1; return selectors }
                throw error("',' or ']' expected")
            }
        }

        mutating func integer() throws -> Int {
            var text = ""
            if peek == "-" { text = "-"; position += 1 }
            while let c = peek, ("0"..."9").contains(c) { text.unicodeScalars.append(c); position += 1 }
            guard let value = Int(text) else { throw error("an integer is expected") }
            return value
        }

        mutating func quoted() throws -> String {
            let quote = chars[position]
            position += 1
            var text = ""
            while let c = peek {
                position += 1
                if c == quote { return text }
                if c == "\\" {
                    guard let e = peek else { break }
                    position += 1
                    switch e {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    case "r": text += "\r"
                    case "b": text += "\u{8}"
                    case "f": text += "\u{C}"
                    case "u":
                        var hex = ""
                        for _ in 0..<4 { if let h = peek { hex.unicodeScalars.append(h); position += 1 } }
                        guard let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) else { throw error("invalid \\u escape") }
                        text.unicodeScalars.append(s)
                    default: text.unicodeScalars.append(e)
                    }
                    continue
                }
                text.unicodeScalars.append(c)
            }
            throw error("string not closed")
        }

        mutating func orExpression() throws -> FilterExpression {
            var left = try andExpression()
            while true {
                skipSpace()
                if matches("||") { left = .or(left, try andExpression()) } else { return left }
            }
        }

        mutating func andExpression() throws -> FilterExpression {
            var left = try unary()
            while true {
                skipSpace()
                if matches("&&") { left = .and(left, try unary()) } else { return left }
            }
        }

        mutating func matches(_ text: String) -> Bool {
            let scalars = Array(text.unicodeScalars)
            guard position + scalars.count <= chars.count, Array(chars[position..<position + scalars.count]) == scalars else { return false }
            position += scalars.count
            return true
        }

        mutating func unary() throws -> FilterExpression {
            skipSpace()
            if peek == "!" && !(position + 1 < chars.count && chars[position + 1] == "=") {
                position += 1
                return .not(try unary())
            }
            if peek == "(" {
                position += 1
                let inner = try orExpression()
                skipSpace()
                guard peek == ")" else { throw error("')' expected") }
                position += 1
                return inner
            }
            let left = try operand()
            skipSpace()
            for op in ["==", "!=", "<=", ">=", "<", ">"] where matches(op) {
                skipSpace()
                return .comparison(left, op, try operand())
            }
            if case .path = left { return .exists(left) }
            throw error("a comparison is expected")
        }

        mutating func operand() throws -> Operand {
            skipSpace()
            guard let c = peek else { throw error("an operand is expected") }
            if c == "@" || c == "$" {
                position += 1
                let segments = try parseSegments(stopAt: [")", " ", "=", "!", "<", ">", "&", "|", "]", ","])
                return .path(relative: c == "@", JSONPath(segments: segments, source: source))
            }
            if c == "'" || c == "\"" { return .literal(.string(try quoted())) }
            if matches("true") { return .literal(.bool(true)) }
            if matches("false") { return .literal(.bool(false)) }
            if matches("null") { return .literal(.null) }
            var number = ""
            while let d = peek, ("0"..."9").contains(d) || d == "-" || d == "." || d == "e" || d == "E" || d == "+" {
                number.unicodeScalars.append(d)
                position += 1
            }
            guard !number.isEmpty, Double(number) != nil else { throw error("an operand is expected") }
            return .literal(.number(number))
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r") }) else { return "" }
        let last = scalars.lastIndex(where: { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r") })!
        return String(scalars[first...last])
    }
}
