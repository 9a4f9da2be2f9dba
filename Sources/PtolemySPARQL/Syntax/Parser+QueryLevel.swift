/// Translation of a query level's clauses to algebra: grouping and aggregation (18.2.4.1),
/// HAVING (18.2.4.2), VALUES (18.2.4.3), SELECT expressions (18.2.4.4) and the solution
/// modifiers (18.2.5), with the static rules that go with them (section 11.4 and 19.8).
/// https://www.w3.org/TR/sparql11-query/#sparqlAlgebraFinalStep
extension Parser {
    /// Builds the algebra of one level; returns the projected variables for SELECT.
    mutating func buildQueryLevel(_ level: QueryLevelSyntax) throws(SPARQLSyntaxError) -> (algebra: Algebra, variables: [Variable]) {
        var algebra = level.pattern
        let projection = level.projection ?? []
        var selectExpressions: [(Variable, Expression, Int)] = []
        var having = level.having
        var order = level.order

        let isAggregateQuery = !level.groupKeys.isEmpty || !level.aggregates.isEmpty
        if isAggregateQuery {
            if level.projection != nil && level.selectAll {
                throw error("SELECT * is not allowed in a query with GROUP BY or aggregates", at: level.selectOffset)
            }
            // GROUP BY (expr AS ?v) introduces ?v, like BIND.
            for (index, key) in level.groupKeys.enumerated() {
                if let variable = key.variable, level.pattern.inScopeVariables.contains(variable) {
                    throw error("variable ?\(variable.name) of GROUP BY ... AS is already in scope", at: level.groupKeyOffsets[index])
                }
            }
            let keyVariables = Set(level.groupKeys.compactMap(\.boundVariable))
            var aliases: Set<Variable> = []
            var bindings: [AggregateBinding] = []
            var firstUngrouped: Variable?

            /// Renames aggregate placeholders to numbered internal variables in order of
            /// appearance and, where `sample` is set, reads variables that are neither keys
            /// nor in `allowed` through SAMPLE (the spec's `Sample(V)` rewriting).
            func finalize(_ expression: Expression, allowed: Set<Variable>, sample: Bool) -> Expression {
                expression.replacingVariables { variable in
                    if variable.kind == .internal, let aggregate = level.aggregates[variable] {
                        return .variable(bind(aggregate))
                    }
                    guard variable.kind == .named, !keyVariables.contains(variable), !allowed.contains(variable) else {
                        return nil
                    }
                    if sample { return .variable(bind(Aggregate(.sample, .variable(variable)))) }
                    if firstUngrouped == nil { firstUngrouped = variable }
                    return nil
                }
            }
            func bind(_ aggregate: Aggregate) -> Variable {
                aggregateCounter += 1
                let variable = Variable("agg\(aggregateCounter)", kind: .internal)
                bindings.append(AggregateBinding(variable, aggregate))
                return variable
            }

            for item in projection {
                if let expression = item.expression {
                    let rewritten = finalize(expression, allowed: aliases, sample: false)
                    if let ungrouped = firstUngrouped {
                        throw error("variable ?\(ungrouped.name) in a SELECT expression is neither a GROUP BY key nor aggregated", at: item.offset)
                    }
                    selectExpressions.append((item.variable, rewritten, item.offset))
                    aliases.insert(item.variable)
                } else if !keyVariables.contains(item.variable) && !aliases.contains(item.variable) {
                    throw error("variable ?\(item.variable.name) is selected but is not a GROUP BY key", at: item.offset)
                }
            }
            having = having.map { finalize($0, allowed: [], sample: true) }
            order = order.map { OrderCondition(finalize($0.expression, allowed: aliases, sample: true), descending: $0.descending) }
            algebra = .group(algebra, keys: level.groupKeys, aggregates: bindings)
        } else {
            for item in projection {
                if let expression = item.expression { selectExpressions.append((item.variable, expression, item.offset)) }
            }
        }

        if let first = having.first {
            algebra = .filter(having.dropFirst().reduce(first) { .and($0, $1) }, algebra)
        }
        if let values = level.values {
            algebra = .joined(algebra, values)
        }

        // SELECT expressions: the variable must be new (https://www.w3.org/TR/sparql11-query/#selectExpressions).
        var inScope = OrderedVariables()
        level.pattern.collectInScope(into: &inScope)
        level.values?.collectInScope(into: &inScope)
        var projected = OrderedVariables()
        var expressionIndex = 0
        for item in projection {
            if item.expression != nil {
                let (variable, expression, offset) = selectExpressions[expressionIndex]
                expressionIndex += 1
                if inScope.contains(variable) || projected.contains(variable) {
                    throw error("variable ?\(variable.name) of (... AS ?\(variable.name)) is already in scope", at: offset)
                }
                algebra = .extend(algebra, variable: variable, expression: expression)
            }
            projected.insert(item.variable)
        }

        if !order.isEmpty {
            algebra = .orderBy(algebra, order)
        }
        var variables: [Variable] = []
        if level.projection != nil {
            variables = level.selectAll ? algebra.projectableVariables : projected.list
            algebra = .project(algebra, variables)
            if level.distinct {
                algebra = .distinct(algebra)
            } else if level.reduced {
                algebra = .reduced(algebra)
            }
        }
        if level.hasSlice {
            algebra = .slice(algebra, offset: level.offset, limit: level.limit)
        }
        return (algebra, variables)
    }
}
