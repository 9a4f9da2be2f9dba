import PtolemyRDF
import Testing

enum EntailmentData {
    static let turtle = """
        ex:Road a ex:Highway ; geo:hasDefaultGeometry ex:RoadG .
        ex:Highway rdfs:subClassOf ex:Infrastructure . ex:Infrastructure rdfs:subClassOf geo:Feature .
        ex:RoadG a sf:LineString ; geo:asWKT "LINESTRING(0 0, 1 1)"^^geo:wktLiteral .
        ex:Ring a sf:LinearRing .
        ex:Field a sf:MultiPolygon .
        ex:Tin a sf:TIN .
        ex:Spot a sf:Point .
        ex:GmlRoad a gml:LineString .
        ex:GmlLake a gml:Polygon .
        ex:GmlPatch a gml:Tin .
        ex:GmlSet a gml:MultiSurface .
        """
    static func fixture() throws -> GeoFixture { try GeoFixture(turtle) }
}

@Suite("/req/rdfs-entailment-extension/bgp-rdfs-ent (1.0, 1.1)")
struct BGPRDFSEntailmentTests {
    @Test("/req/rdfs-entailment-extension/bgp-rdfs-ent: subclasses, the data's own subclass chains, domains, ranges, sub-properties")
    func entailedTriples() throws {
        let fixture = try EntailmentData.fixture()
        // rdfs9 + rdfs11 over the data's hierarchy, and rdfs2 (hasDefaultGeometry's domain).
        #expect(try fixture.names("SELECT ?x { ?x a geo:Feature }") == ["Road"])
        // rdfs3 (the range of hasDefaultGeometry) and rdfs9 over sf: classes.
        #expect(try fixture.ask("ASK { ex:RoadG a geo:Geometry }"))
        #expect(try fixture.ask("ASK { ex:RoadG a geo:SpatialObject }"))
        // rdfs7: hasDefaultGeometry is a sub-property of hasGeometry.
        #expect(try fixture.names("SELECT ?x { ex:Road geo:hasGeometry ?x }") == ["RoadG"])
        // Entailment joins with the rest of the pattern.
        #expect(try fixture.names("SELECT ?x { ?x a geo:Feature ; geo:hasGeometry ?g . ?g a sf:Curve }") == ["Road"])
    }

    @Test("/req/rdfs-entailment-extension/bgp-rdfs-ent: the data's own sub-properties of GeoSPARQL properties (rdfs5, rdfs7, with rdfs2 and rdfs3)")
    func declaredSubproperties() throws {
        let fixture = try GeoFixture("""
            ex:mainGeometry rdfs:subPropertyOf ex:someGeometry . ex:someGeometry rdfs:subPropertyOf geo:hasDefaultGeometry .
            ex:footprintWKT rdfs:subPropertyOf geo:asWKT .
            ex:Scene ex:mainGeometry ex:SceneG .
            ex:SceneG ex:footprintWKT "POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))"^^geo:wktLiteral .
            """)
        // A chain of two declarations below hasDefaultGeometry, itself below hasGeometry.
        #expect(try fixture.names("SELECT ?g { ex:Scene geo:hasGeometry ?g }", "g") == ["SceneG"])
        #expect(try fixture.names("SELECT ?g { ex:Scene geo:hasDefaultGeometry ?g }", "g") == ["SceneG"])
        // Domains and ranges reach through the declared sub-properties.
        #expect(try fixture.names("SELECT ?x { ?x a geo:Feature }") == ["Scene"])
        #expect(try fixture.ask("ASK { ex:SceneG a geo:Geometry }"))
        // A serialization declared below asWKT is a WKT serialization (and a hasSerialization).
        #expect(try fixture.names("SELECT ?g { ?g geo:asWKT ?w }", "g") == ["SceneG"])
        #expect(try fixture.names("SELECT ?g { ?g geo:hasSerialization ?w }", "g") == ["SceneG"])
    }

    @Test("/req/rdfs-entailment-extension/bgp-rdfs-ent: each entailed solution once")
    func noDuplicates() throws {
        let fixture = try GeoFixture("""
            ex:F a geo:Feature ; geo:hasGeometry ex:G ; geo:hasDefaultGeometry ex:G .
            ex:G a sf:Polygon , geo:Geometry ; geo:asWKT "POINT(1 1)"^^geo:wktLiteral .
            """)
        #expect(try fixture.select("SELECT ?x { ?x a geo:SpatialObject }").count == 2)
        #expect(try fixture.select("SELECT ?g { ex:F geo:hasGeometry ?g }").count == 1)
    }
}

@Suite("/req/rdfs-entailment-extension/wkt-geometry-types (1.0, 1.1)")
struct WKTGeometryTypesTests {
    @Test("/req/rdfs-entailment-extension/wkt-geometry-types: the Simple Features class hierarchy")
    func simpleFeaturesHierarchy() throws {
        let fixture = try EntailmentData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x a sf:Curve }") == ["Ring", "RoadG"])
        #expect(try fixture.names("SELECT ?x { ?x a sf:GeometryCollection }") == ["Field"])
        #expect(try fixture.names("SELECT ?x { ?x a sf:Surface }") == ["Tin"])
        #expect(try fixture.names("SELECT ?x { ?x a sf:Geometry }") == ["Field", "Ring", "RoadG", "Spot", "Tin"])
    }
}

@Suite("/req/rdfs-entailment-extension/gml-geometry-types (1.0, 1.1)")
struct GMLGeometryTypesTests {
    @Test("/req/rdfs-entailment-extension/gml-geometry-types: the GML 3.2 class hierarchy")
    func gmlHierarchy() throws {
        let fixture = try EntailmentData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x a gml:AbstractCurve }") == ["GmlRoad"])
        #expect(try fixture.names("SELECT ?x { ?x a gml:AbstractSurface }") == ["GmlLake", "GmlPatch"])
        #expect(try fixture.names("SELECT ?x { ?x a gml:AbstractGeometricAggregate }") == ["GmlSet"])
        #expect(try fixture.names("SELECT ?x { ?x a gml:AbstractGeometry }") == ["GmlLake", "GmlPatch", "GmlRoad", "GmlSet"])
        #expect(try fixture.ask("ASK { ex:GmlLake a geo:Geometry }"))
    }
}
