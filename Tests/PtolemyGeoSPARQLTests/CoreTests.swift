import PtolemyRDF
import Testing

/// A dataset with features, geometries, collections and size properties.
enum CoreData {
    static let turtle = """
        ex:Park a geo:Feature ; geo:hasGeometry ex:ParkG ; geo:hasArea "1200"^^xsd:double ; geo:hasMetricArea "1200"^^xsd:double .
        ex:ParkG a geo:Geometry ; geo:asWKT "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))"^^geo:wktLiteral .
        ex:River a ex:Waterway ; geo:hasLength "52.5"^^xsd:double .
        ex:Waterway rdfs:subClassOf geo:Feature .
        ex:Parks a geo:FeatureCollection ; rdfs:member ex:Park .
        ex:Shapes a geo:GeometryCollection ; rdfs:member ex:ParkG .
        ex:Nothing ex:p ex:Other .
        """
    static func fixture() throws -> GeoFixture { try GeoFixture(turtle) }
}

@Suite("/req/core/sparql-protocol (1.0, 1.1)")
struct SPARQLProtocolTests {
    @Test("/req/core/sparql-protocol: SPARQL queries over GeoSPARQL data (the protocol itself is the server's)")
    func sparqlQueries() throws {
        let fixture = try CoreData.fixture()
        #expect(try fixture.select("SELECT ?f ?g { ?f geo:hasGeometry ?g }").count == 1)
        #expect(try fixture.ask("ASK { ex:Park geo:hasGeometry ex:ParkG }"))
    }
}

@Suite("/req/core/spatial-object-class (1.0, 1.1)")
struct SpatialObjectClassTests {
    @Test("/req/core/spatial-object-class: geo:SpatialObject finds features and geometries")
    func spatialObjects() throws {
        #expect(try CoreData.fixture().names("SELECT ?x { ?x a geo:SpatialObject }") == ["Park", "ParkG", "River"])
    }
}

@Suite("/req/core/feature-class (1.0, 1.1)")
struct FeatureClassTests {
    @Test("/req/core/feature-class: geo:Feature in graph patterns")
    func features() throws {
        let fixture = try CoreData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x a geo:Feature }") == ["Park", "River"])
        #expect(try fixture.ask("ASK { ex:Park a geo:Feature }"))
        #expect(try !fixture.ask("ASK { ex:ParkG a geo:Feature }"))
    }
}

@Suite("/req/core/spatial-object-collection-class (1.1)")
struct SpatialObjectCollectionClassTests {
    @Test("/req/core/spatial-object-collection-class: geo:SpatialObjectCollection in graph patterns")
    func collections() throws {
        #expect(try CoreData.fixture().names("SELECT ?x { ?x a geo:SpatialObjectCollection }") == ["Parks", "Shapes"])
    }
}

@Suite("/req/core/feature-collection-class (1.1)")
struct FeatureCollectionClassTests {
    @Test("/req/core/feature-collection-class: geo:FeatureCollection and its members")
    func featureCollections() throws {
        let fixture = try CoreData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x a geo:FeatureCollection }") == ["Parks"])
        #expect(try fixture.names("SELECT ?x { ?c a geo:FeatureCollection ; rdfs:member ?x }") == ["Park"])
    }
}

@Suite("/req/core/spatial-object-properties (1.1)")
struct SpatialObjectPropertiesTests {
    @Test("/req/core/spatial-object-properties: hasSize and hasMetricSize with their sub-properties")
    func sizes() throws {
        let fixture = try CoreData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x geo:hasSize ?v }") == ["Park", "River"])
        #expect(try fixture.names("SELECT ?x { ?x geo:hasMetricSize ?v }") == ["Park"])
        #expect(try fixture.values("SELECT ?v { ex:River geo:hasLength ?v }").map { $0?.double } == [52.5])
    }
}

@Suite("/req/topology-vocab-extension/sf-spatial-relations (1.0, 1.1)")
struct SimpleFeaturesSpatialRelationsTests {
    @Test("/req/topology-vocab-extension/sf-spatial-relations: asserted relations in graph patterns",
          arguments: ["sfEquals", "sfDisjoint", "sfIntersects", "sfTouches", "sfCrosses", "sfWithin", "sfContains", "sfOverlaps"])
    func assertedRelation(_ name: String) throws {
        try checkAssertedRelation(name)
    }
}

@Suite("/req/topology-vocab-extension/eh-spatial-relations (1.0, 1.1)")
struct EgenhoferSpatialRelationsTests {
    @Test("/req/topology-vocab-extension/eh-spatial-relations: asserted relations in graph patterns",
          arguments: ["ehEquals", "ehDisjoint", "ehMeet", "ehOverlap", "ehCovers", "ehCoveredBy", "ehInside", "ehContains"])
    func assertedRelation(_ name: String) throws {
        try checkAssertedRelation(name)
    }
}

@Suite("/req/topology-vocab-extension/rcc8-spatial-relations (1.0, 1.1)")
struct RCC8SpatialRelationsTests {
    @Test("/req/topology-vocab-extension/rcc8-spatial-relations: asserted relations in graph patterns",
          arguments: ["rcc8eq", "rcc8dc", "rcc8ec", "rcc8po", "rcc8tppi", "rcc8tpp", "rcc8ntpp", "rcc8ntppi"])
    func assertedRelation(_ name: String) throws {
        try checkAssertedRelation(name)
    }
}

/// A relation asserted between two features without geometries is found in every
/// position, and the relation's domain and range make both spatial objects.
func checkAssertedRelation(_ name: String) throws {
    let fixture = try GeoFixture("ex:Town geo:\(name) ex:Region . ex:Other ex:near ex:Region .")
    #expect(try fixture.names("SELECT ?x { ?x geo:\(name) ex:Region }") == ["Town"])
    #expect(try fixture.names("SELECT ?x { ex:Town geo:\(name) ?x }") == ["Region"])
    #expect(try fixture.select("SELECT ?x ?y { ?x geo:\(name) ?y }").count == 1)
    #expect(try fixture.names("SELECT ?x { ?x a geo:SpatialObject }") == ["Region", "Town"])
}
