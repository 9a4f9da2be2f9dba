import PtolemyRDF
import Testing

@Suite("GeoSPARQL through the engine")
struct SmokeTests {
    @Test func aFilterFunctionAndARelationProperty() throws {
        let fixture = try GeoFixture("""
            ex:A geo:hasGeometry ex:Ag . ex:Ag geo:asWKT "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"^^geo:wktLiteral .
            ex:B geo:hasGeometry ex:Bg . ex:Bg geo:asWKT "POINT(2 2)"^^geo:wktLiteral .
            """)
        #expect(try fixture.names("SELECT ?x { ?x geo:hasGeometry ?g . ?g geo:asWKT ?w FILTER(geof:sfWithin(?w, \(wkt("POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))")))) }") == ["B"])
        let within = try fixture.names("SELECT ?x { ?x geo:sfWithin ex:A }")
        #expect(within == ["A", "Ag", "B", "Bg"]) // sfWithin holds between equal geometries
        #expect(try fixture.names("SELECT ?x { ?x a geo:Feature }") == ["A", "B"])
        let union = try fixture.value("SELECT (geof:aggUnion(?w) AS ?v) { ?g geo:asWKT ?w }")
        // The point lies in the polygon: the union is the polygon.
        #expect(union?.lexical == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
    }
}

import PtolemyEngine
import PtolemySPARQL
import PtolemyStorage

@Suite("GeoSPARQL registration")
struct RegistrationTests {
    @Test func theStandardRegistryHasEveryFunctionAndAggregate() {
        let registry = FunctionRegistry.standard
        #expect(registry.function("http://www.opengis.net/def/function/geosparql/sfIntersects") != nil)
        #expect(registry.function("http://www.opengis.net/def/function/geosparql/distance")?.arity == 2...3)
        #expect(registry.aggregateIRIs == Aggregate.standardCustomAggregates)
    }

    @Test func anEngineWithoutTheAggregateRefusesTheQuery() throws {
        let fixture = try GeoFixture("ex:G geo:asWKT \"POINT(1 1)\"^^geo:wktLiteral .")
        let query = try Query(parsing: GeoFixture.prefixes + "SELECT (geof:aggUnion(?w) AS ?u) { ?g geo:asWKT ?w }")
        #expect(throws: QueryEvaluationError.self) {
            _ = try QueryEngine(functions: FunctionRegistry()).prepare(query, snapshot: fixture.store.snapshot)
        }
    }
}
