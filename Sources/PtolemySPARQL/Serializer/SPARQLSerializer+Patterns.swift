import PtolemyRDF

/// Graph patterns and query levels.
extension SPARQLSerializer {
    /// One element of a group graph pattern, rendered for a given depth.
    struct Element {
        enum Kind {
            /// A triples block: a following triples block would merge into it.
            case triples
            /// A FILTER: it applies to the whole group, so nothing may follow it in the
            /// group when the group is extended.
            case filter
            case other
        }

        var text: String
        var kind: Kind
    }

    /// `{ ... }` whose translation is `pattern`.
    func group(_ pattern: Algebra, depth: Int) -> String {
        if isQueryLevel(pattern) {
            // GroupGraphPattern ::= '{' SubSelect '}'
            return "{\n" + indent(depth + 1) + selectLevel(pattern, dataset: nil, depth: depth + 1) + "\n" + indent(depth) + "}"
        }
        return braces(elements(pattern, depth: depth + 1), depth: depth)
    }

    func braces(_ elements: [Element], depth: Int) -> String {
        guard !elements.isEmpty else { return "{ }" }
        var out = "{\n"
        for element in elements { out += indent(depth + 1) + element.text + "\n" }
        return out + indent(depth) + "}"
    }

    /// Whether the node is the top of a query level (which only a sub-select can express).
    func isQueryLevel(_ pattern: Algebra) -> Bool {
        switch pattern {
        case .project, .distinct, .reduced, .slice, .orderBy, .group: return true
        default: return false
        }
    }

    /// The elements of a group graph pattern whose translation is `pattern`.
    ///
    /// Joins, OPTIONAL, MINUS, BIND and FILTER extend the elements of their left operand;
    /// that left spine is walked without recursion, so a group with many elements costs
    /// no stack.
    func elements(_ pattern: Algebra, depth: Int) -> [Element] {
        var spine: [Algebra] = []
        var node = pattern
        descent: while true {
            switch node {
            case .join(let left, _) where triplesChain(node) == nil:
                spine.append(node)
                node = left
            case .leftJoin(let left, _, _), .minus(let left, _), .extend(let left, _, _), .filter(_, let left):
                spine.append(node)
                node = left
            default:
                break descent
            }
            // A FILTER below would cover what follows it: such a left operand is a group of its own.
            if case .filter = node { break descent }
        }
        var result: [Element]
        if !spine.isEmpty, case .filter = node {
            result = [Element(text: group(node, depth: depth), kind: .other)]
        } else {
            result = baseElements(node, depth: depth)
        }
        for step in spine.reversed() {
            result.append(trailingElement(of: step, after: result.last, depth: depth))
        }
        return result
    }

    /// The elements of a pattern that does not extend a left operand.
    func baseElements(_ pattern: Algebra, depth: Int) -> [Element] {
        switch pattern {
        case .bgp(let triples) where triples.isEmpty:
            return []
        case .union:
            return [Element(text: unionBranches(pattern, depth: depth).joined(separator: " UNION "), kind: .other)]
        case .graph(let name, let inner):
            return [Element(text: "GRAPH " + termPattern(name) + " " + group(inner, depth: depth), kind: .other)]
        case .service(let endpoint, let inner, let silent):
            return [Element(text: "SERVICE " + (silent ? "SILENT " : "") + termPattern(endpoint) + " " + group(inner, depth: depth), kind: .other)]
        case .values(let variables, let rows):
            return [Element(text: values(variables, rows), kind: .other)]
        case .project, .distinct, .reduced, .slice, .orderBy, .group:
            return [Element(text: subSelect(pattern, depth: depth), kind: .other)]
        case .bgp, .path, .join, .leftJoin, .minus, .extend, .filter:
            // Triples blocks (a lone filter only reaches here as the top of `elements`).
            if let chain = triplesChain(pattern) { return [triplesBlock(chain, depth: depth)] }
            return [Element(text: group(pattern, depth: depth), kind: .other)]
        }
    }

    /// The element that a spine node adds after the elements of its left operand.
    func trailingElement(of step: Algebra, after previous: Element?, depth: Int) -> Element {
        switch step {
        case .join(_, let right):
            return joinOperand(right, after: previous, depth: depth)
        case .leftJoin(_, let right, let filter):
            var inner: [Element]
            if let filter {
                inner = extensible(right, depth: depth + 1)
                inner.append(filterElement(filter, depth: depth + 1))
            } else if case .filter = right {
                // OPTIONAL { FILTER } would become the LeftJoin's condition: nest it once more.
                inner = [Element(text: group(right, depth: depth + 1), kind: .other)]
            } else {
                inner = isQueryLevel(right) ? [Element(text: subSelect(right, depth: depth + 1), kind: .other)]
                    : elements(right, depth: depth + 1)
            }
            return Element(text: "OPTIONAL " + braces(inner, depth: depth), kind: .other)
        case .minus(_, let right):
            return Element(text: "MINUS " + group(right, depth: depth), kind: .other)
        case .extend(_, let variable, let expression):
            return Element(text: "BIND(" + self.expression(expression, aggregates: [:], depth: depth) + " AS " + self.variable(variable) + ")", kind: .other)
        case .filter(let condition, _):
            return filterElement(condition, depth: depth)
        default:
            return Element(text: group(step, depth: depth), kind: .other)
        }
    }

    /// The elements of `pattern` such that more elements can follow: a pattern with a
    /// FILTER at the top goes into its own group, or the FILTER would cover what follows.
    func extensible(_ pattern: Algebra, depth: Int) -> [Element] {
        if case .filter = pattern { return [Element(text: group(pattern, depth: depth), kind: .other)] }
        return elements(pattern, depth: depth)
    }

    /// The element E for the right operand of a join, such that G := Join(G, Translate(E)).
    func joinOperand(_ pattern: Algebra, after previous: Element?, depth: Int) -> Element {
        switch pattern {
        case .union, .graph, .service, .values:
            return elements(pattern, depth: depth)[0]
        case .project, .distinct, .reduced, .slice, .orderBy, .group:
            return Element(text: subSelect(pattern, depth: depth), kind: .other)
        default:
            if previous?.kind != .triples, let chain = triplesChain(pattern) {
                return triplesBlock(chain, depth: depth)
            }
            return Element(text: group(pattern, depth: depth), kind: .other)
        }
    }

    func filterElement(_ condition: Expression, depth: Int) -> Element {
        Element(text: "FILTER(" + expression(condition, aggregates: [:], depth: depth) + ")", kind: .filter)
    }

    /// `{ A } UNION { B } UNION { C }` for Union(Union(A, B), C): the grammar's UNION is left-associative.
    func unionBranches(_ pattern: Algebra, depth: Int) -> [String] {
        if case .union(let left, let right) = pattern {
            return unionBranches(left, depth: depth) + [group(right, depth: depth)]
        }
        return [group(pattern, depth: depth)]
    }

    /// The items of one triples block whose translation is `pattern`: a BGP, a path, or
    /// a left-deep join of them in which no two BGPs are adjacent (they would merge).
    func triplesChain(_ pattern: Algebra) -> [TriplesBlockItem]? {
        var rights: [Algebra] = []
        var node = pattern
        while case .join(let left, let right) = node {
            // Check each step on the way down, so that a join that is no chain fails at once.
            switch right {
            case .path:
                break
            case .bgp(let triples) where !triples.isEmpty:
                // A BGP continues a block only after a path.
                switch left {
                case .path, .join(_, .path): break
                default: return nil
                }
            default:
                return nil
            }
            rights.append(right)
            node = left
        }
        var chain: [TriplesBlockItem]
        switch node {
        case .bgp(let triples) where !triples.isEmpty:
            chain = triples.map { .triple($0) }
        case .path(let subject, let path, let object):
            chain = [.path(subject, path, object)]
        default:
            return nil
        }
        for right in rights.reversed() {
            switch right {
            case .path(let subject, let path, let object):
                chain.append(.path(subject, path, object))
            case .bgp(let triples) where !triples.isEmpty:
                guard case .path = chain.last else { return nil }
                chain += triples.map { .triple($0) }
            default:
                return nil
            }
        }
        return chain
    }

    func triplesBlock(_ items: [TriplesBlockItem], depth: Int) -> Element {
        let lines = items.map { item -> String in
            switch item {
            case .triple(let triple):
                return self.triple(triple, blankNodesAsLabels: false)
            case .path(let subject, let path, let object):
                return termPattern(subject) + " " + self.path(path) + " " + termPattern(object)
            }
        }
        return Element(text: lines.joined(separator: " .\n" + indent(depth)), kind: .triples)
    }

    /// `VALUES (?a ?b) { (1 2) (UNDEF 3) }`
    func values(_ variables: [Variable], _ rows: [[Term?]]) -> String {
        var out = "VALUES (" + variables.map { variable($0) }.joined(separator: " ") + ") {"
        for row in rows {
            out += " (" + row.map { $0.map { term($0) } ?? "UNDEF" }.joined(separator: " ") + ")"
        }
        return out + " }"
    }
}
