import PtolemyRDF

/// Query levels: `SELECT ... WHERE { ... }` with its solution modifiers, for queries and
/// sub-selects, with aggregates written back in place of their internal variables.
extension SPARQLSerializer {
    /// `{ SELECT ... }`
    func subSelect(_ pattern: Algebra, depth: Int) -> String {
        "{\n" + indent(depth + 1) + selectLevel(pattern, dataset: nil, depth: depth + 1) + "\n" + indent(depth) + "}"
    }

    /// A SELECT query level: `SELECT ... WHERE { ... }` and its solution modifiers.
    func selectLevel(_ pattern: Algebra, dataset: QueryDataset?, depth: Int) -> String {
        var node = pattern
        var slice: (offset: Int, limit: Int?)?
        if case .slice(let inner, let offset, let limit) = node {
            slice = (offset, limit)
            node = inner
        }
        var head = "SELECT "
        if case .distinct(let inner) = node {
            head += "DISTINCT "
            node = inner
        } else if case .reduced(let inner) = node {
            head += "REDUCED "
            node = inner
        }
        var projection: [Variable]
        if case .project(let inner, let variables) = node {
            projection = variables
            node = inner
        } else {
            // Not a level the parser makes: project what the pattern binds.
            projection = node.projectableVariables
        }
        var order: [OrderCondition] = []
        if case .orderBy(let inner, let conditions) = node {
            order = conditions
            node = inner
        }
        // SELECT expressions: the Extend chain right below, in projection order.
        var expressions: [Variable: Expression] = [:]
        var lastIndex = Int.max
        while case .extend(let inner, let variable, let expression) = node,
              let index = projection.firstIndex(of: variable), index < lastIndex, expressions[variable] == nil {
            expressions[variable] = expression
            lastIndex = index
            node = inner
        }
        let parts = LevelParts(node)
        let aggregates = parts.aggregates
        if projection.isEmpty {
            head += "*"
        } else {
            head += projection.map { variable -> String in
                guard let expression = expressions[variable] else { return self.variable(variable) }
                return "(" + self.expression(expression, aggregates: aggregates, depth: depth) + " AS " + self.variable(variable) + ")"
            }.joined(separator: " ")
        }
        return levelText(head: head, parts: parts, order: order, slice: slice, dataset: dataset, depth: depth)
    }

    /// A CONSTRUCT, DESCRIBE or ASK level (no projection).
    func solutionLevel(_ pattern: Algebra, head: String, dataset: QueryDataset?, depth: Int) -> String {
        var node = pattern
        var slice: (offset: Int, limit: Int?)?
        if case .slice(let inner, let offset, let limit) = node {
            slice = (offset, limit)
            node = inner
        }
        var order: [OrderCondition] = []
        if case .orderBy(let inner, let conditions) = node {
            order = conditions
            node = inner
        }
        return levelText(head: head, parts: LevelParts(node), order: order, slice: slice, dataset: dataset, depth: depth)
    }

    /// What lies below the SELECT expressions of a level: `Join(Filter(Group(P)), VALUES)`
    /// for an aggregate level, or just the WHERE pattern.
    struct LevelParts {
        var pattern: Algebra
        var keys: [GroupKey]?
        var having: Expression?
        var values: Algebra?
        var aggregates: [Variable: Aggregate] = [:]

        init(_ node: Algebra) {
            var probe = node
            var values: Algebra?
            if case .join(let inner, let table) = probe, case .values = table {
                values = table
                probe = inner
            }
            var having: Expression?
            if case .filter(let condition, let inner) = probe {
                having = condition
                probe = inner
            }
            if case .group(let input, let keys, let bindings) = probe {
                pattern = input
                self.keys = keys
                self.having = having
                self.values = values
                for binding in bindings { aggregates[binding.variable] = binding.aggregate }
            } else {
                pattern = node
            }
        }
    }

    func levelText(head: String, parts: LevelParts, order: [OrderCondition], slice: (offset: Int, limit: Int?)?,
                   dataset: QueryDataset?, depth: Int) -> String {
        let separator = "\n" + indent(depth)
        var out = head
        if let dataset {
            for graph in dataset.defaultGraphs { out += separator + "FROM " + iri(graph) }
            for graph in dataset.namedGraphs { out += separator + "FROM NAMED " + iri(graph) }
        }
        out += separator + "WHERE " + group(parts.pattern, depth: depth)
        if let keys = parts.keys, !keys.isEmpty {
            out += separator + "GROUP BY " + keys.map { key -> String in
                if let variable = key.variable {
                    return "(" + expression(key.expression, aggregates: [:], depth: depth) + " AS " + self.variable(variable) + ")"
                }
                if case .variable(let variable) = key.expression { return self.variable(variable) }
                return "(" + expression(key.expression, aggregates: [:], depth: depth) + ")"
            }.joined(separator: " ")
        }
        if let having = parts.having {
            out += separator + "HAVING (" + expression(having, aggregates: parts.aggregates, depth: depth) + ")"
        }
        if !order.isEmpty {
            out += separator + "ORDER BY " + order.map { condition in
                (condition.descending ? "DESC(" : "ASC(") + expression(condition.expression, aggregates: parts.aggregates, depth: depth) + ")"
            }.joined(separator: " ")
        }
        if let slice {
            if let limit = slice.limit { out += separator + "LIMIT \(limit)" }
            if slice.offset != 0 || slice.limit == nil { out += separator + "OFFSET \(slice.offset)" }
        }
        if case .values(let variables, let rows) = parts.values {
            out += separator + values(variables, rows)
        }
        return out
    }
}
