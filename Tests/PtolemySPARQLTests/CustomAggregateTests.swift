import PtolemyRDF
import PtolemySPARQL
import Testing

/// Custom aggregates: function calls of IRIs the parser is told are aggregates
/// (https://www.w3.org/TR/sparql11-query/#aggregateAlgebra; GeoSPARQL 1.1's
/// `geof:agg*`, https://docs.ogc.org/is/22-047r1/22-047r1.html#_spatial_aggregate_functions).
@Suite("Custom aggregates")
struct CustomAggregateTests {
    static let geof = "http://www.opengis.net/def/function/geosparql/"
    static let prologue = "PREFIX : <http://example.org/>\nPREFIX geof: <\(geof)>\n"
    static func agg(_ n: Int) -> Variable { Variable("agg\(n)", kind: .internal) }

    @Test func aGeoSPARQLAggregateMakesAnImplicitGroup() throws {
        let query = try Query(parsing: Self.prologue + "SELECT (geof:aggUnion(?g) AS ?u) { ?f :geom ?g }")
        let bgp = T.bgp(T.triple(T.v("f"), T.iri("geom"), T.v("g")))
        let group: Algebra = .group(bgp, keys: [], aggregates: [
            AggregateBinding(Self.agg(1), Aggregate(.custom(Self.geof + "aggUnion"), T.ev("g"))),
        ])
        #expect(query.algebra == .project(.extend(group, variable: Variable("u"), expression: .variable(Self.agg(1))), [Variable("u")]))
    }

    @Test func customAggregatesWorkWithGroupByHavingAndDistinct() throws {
        let query = try Query(parsing: Self.prologue + """
            SELECT ?k (geof:aggConvexHull(DISTINCT ?g) AS ?h) { ?f :k ?k ; :geom ?g }
            GROUP BY ?k HAVING (!geof:isEmpty(geof:aggCentroid(?g)))
            """)
        guard case .project(.extend(.filter(.not(.function(_, let arguments, _)), .group(_, let keys, let aggregates)), _, _), _) = query.algebra else {
            Issue.record("unexpected \(query.algebra)")
            return
        }
        #expect(keys == [GroupKey(T.ev("k"))])
        #expect(arguments == [.variable(Self.agg(2))])
        #expect(aggregates.map(\.aggregate) == [
            Aggregate(.custom(Self.geof + "aggConvexHull"), T.ev("g"), distinct: true),
            Aggregate(.custom(Self.geof + "aggCentroid"), T.ev("g")),
        ])
    }

    @Test func anIRINotDeclaredAnAggregateStaysAFunction() throws {
        let text = "SELECT (<http://example.org/agg>(?g) AS ?u) { ?f :geom ?g } GROUP BY ?g"
        let plain = try Query(parsing: Self.prologue + text)
        guard case .project(.extend(.group(_, _, let none), _, let expression), _) = plain.algebra else {
            Issue.record("unexpected \(plain.algebra)")
            return
        }
        #expect(none.isEmpty)
        #expect(expression == .function("http://example.org/agg", [T.ev("g")], distinct: false))
        // The same text with the IRI declared an aggregate.
        let declared = try Query(parsing: Self.prologue + text, customAggregates: ["http://example.org/agg"])
        guard case .project(.extend(.group(_, _, let one), _, _), _) = declared.algebra else {
            Issue.record("unexpected \(declared.algebra)")
            return
        }
        #expect(one.map(\.aggregate) == [Aggregate(.custom("http://example.org/agg"), T.ev("g"))])
    }

    @Test func customAggregatesFollowTheAggregateRules() {
        // Not in FILTER, and one argument only.
        #expect(T.queryError(Self.prologue + "SELECT * { ?f :geom ?g FILTER(geof:aggUnion(?g)) }")?.message.contains("not allowed here") == true)
        #expect(T.queryError(Self.prologue + "SELECT (geof:aggUnion(?g, ?g) AS ?u) { ?f :geom ?g }")?.message.contains("takes one argument") == true)
        // Without GROUP BY the aggregate makes one group, so ?f may not be selected.
        #expect(T.queryError(Self.prologue + "SELECT ?f (geof:aggUnion(?g) AS ?u) { ?f :geom ?g }") != nil)
    }

    @Test func customAggregatesRoundTripThroughTheSerializer() throws {
        let query = try Query(parsing: Self.prologue + """
            SELECT ?k (geof:aggUnion(DISTINCT ?g) AS ?u) { ?f :k ?k ; :geom ?g } GROUP BY ?k ORDER BY (geof:aggCentroid(?g))
            """)
        let text = query.description
        #expect(text.contains("aggUnion"))
        #expect(try Query(parsing: text) == query)
    }
}
