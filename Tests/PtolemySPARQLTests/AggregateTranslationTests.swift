import PtolemyRDF
import PtolemySPARQL
import Testing

/// Grouping and aggregation, 18.2.4.1 and 18.2.4.2.
@Suite("Aggregate translation")
struct AggregateTranslationTests {
    static func agg(_ n: Int) -> Variable { Variable("agg\(n)", kind: .internal) }

    @Test func aggregatesMoveIntoTheGroupNode() throws {
        let algebra = try T.algebra("""
            SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (SUM(?o) / COUNT(*) AS ?avg)
            { ?s :p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) ORDER BY DESC(MAX(?o))
            """)
        let bgp = T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o")))
        let group: Algebra = .group(bgp, keys: [GroupKey(T.ev("s"))], aggregates: [
            AggregateBinding(Self.agg(1), Aggregate(.count, T.ev("o"), distinct: true)),
            AggregateBinding(Self.agg(2), Aggregate(.sum, T.ev("o"))),
            AggregateBinding(Self.agg(3), Aggregate(.count, nil)),
            AggregateBinding(Self.agg(4), Aggregate(.count, nil)),
            AggregateBinding(Self.agg(5), Aggregate(.max, T.ev("o"))),
        ])
        let having: Algebra = .filter(.greater(.variable(Self.agg(4)), T.eint("1")), group)
        let extended: Algebra = .extend(.extend(having, variable: Variable("n"), expression: .variable(Self.agg(1))),
                                        variable: Variable("avg"), expression: .divide(.variable(Self.agg(2)), .variable(Self.agg(3))))
        let expected: Algebra = .project(.orderBy(extended, [OrderCondition(.variable(Self.agg(5)), descending: true)]),
                                         [Variable("s"), Variable("n"), Variable("avg")])
        #expect(algebra == expected)
    }

    @Test func aggregatesWithoutGroupByFormOneGroup() throws {
        let algebra = try T.algebra("SELECT (COUNT(*) AS ?c) {}")
        #expect(algebra == .project(.extend(.group(.empty, keys: [], aggregates: [AggregateBinding(Self.agg(1), Aggregate(.count, nil))]),
                                            variable: Variable("c"), expression: .variable(Self.agg(1))), [Variable("c")]))
    }

    @Test func groupConcatSeparatorDefaultsToASpace() throws {
        let algebra = try T.algebra("SELECT (GROUP_CONCAT(?x) AS ?a) (GROUP_CONCAT(DISTINCT ?x; SEPARATOR=', ') AS ?b) { ?x :p 1 }")
        guard case .project(.extend(.extend(.group(_, _, let aggregates), _, _), _, _), _) = algebra else {
            Issue.record("unexpected \(algebra)")
            return
        }
        #expect(aggregates.map(\.aggregate) == [Aggregate(.groupConcat(separator: " "), T.ev("x")),
                                                Aggregate(.groupConcat(separator: ", "), T.ev("x"), distinct: true)])
    }

    @Test func groupByExpressionsWithAndWithoutAlias() throws {
        let algebra = try T.algebra("SELECT ?k (SAMPLE(?o) AS ?x) { ?s :p ?o } GROUP BY (STR(?s) AS ?k) (?o + 1) LCASE(?s)")
        guard case .project(.extend(.group(_, let keys, _), _, _), _) = algebra else {
            Issue.record("unexpected \(algebra)")
            return
        }
        #expect(keys == [GroupKey(.builtIn(.str, [T.ev("s")]), as: Variable("k")), GroupKey(.add(T.ev("o"), T.eint("1"))),
                         GroupKey(.builtIn(.lcase, [T.ev("s")]))])
        #expect(keys.map(\.boundVariable) == [Variable("k"), nil, nil])
    }

    @Test func ungroupedVariablesInHavingAndOrderByAreSampled() throws {
        let algebra = try T.algebra("SELECT ?s { ?s :p ?o } GROUP BY ?s HAVING (?o > 1) ORDER BY ?o")
        let bgp = T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o")))
        let expected: Algebra = .project(.orderBy(.filter(.greater(.variable(Self.agg(1)), T.eint("1")),
                                                          .group(bgp, keys: [GroupKey(T.ev("s"))], aggregates: [
                                                              AggregateBinding(Self.agg(1), Aggregate(.sample, T.ev("o"))),
                                                              AggregateBinding(Self.agg(2), Aggregate(.sample, T.ev("o"))),
                                                          ])),
                                                  [OrderCondition(.variable(Self.agg(2)))]), [Variable("s")])
        #expect(algebra == expected)
    }

    @Test func selectAliasesMayBeReusedLaterInTheSelectAndOrderBy() throws {
        let algebra = try T.algebra("SELECT (COUNT(*) AS ?c) (?c * 2 AS ?d) { ?s ?p ?o } ORDER BY ?c")
        guard case .project(.orderBy(.extend(.extend(_, _, _), let d, let doubled), let order), _) = algebra else {
            Issue.record("unexpected \(algebra)")
            return
        }
        #expect(d == Variable("d"))
        #expect(doubled == .multiply(T.ev("c"), T.eint("2")))
        #expect(order == [OrderCondition(T.ev("c"))])
    }

    @Test func subSelectAggregatesStayInTheirLevel() throws {
        let algebra = try T.algebra("SELECT ?s ?n { ?s :p ?o { SELECT ?s (COUNT(*) AS ?n) { ?s :q ?x } GROUP BY ?s } }")
        guard case .project(.join(_, .project(.extend(.group(_, _, let inner), _, _), _)), let variables) = algebra else {
            Issue.record("unexpected \(algebra)")
            return
        }
        #expect(inner == [AggregateBinding(Self.agg(1), Aggregate(.count, nil))])
        #expect(variables == [Variable("s"), Variable("n")])
    }
}
