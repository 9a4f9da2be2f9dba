import PtolemyRDF
import Testing

/// Features and geometries for the relation properties, linked in each of the ways the
/// rewrite handles: default geometry, geometry only, both, GML, and a geometry without
/// a feature.
enum RewriteData {
    static let turtle = """
        ex:A a geo:Feature ; geo:hasGeometry ex:Ag ; geo:hasDefaultGeometry ex:Ag .
        ex:Ag a sf:Polygon ; geo:asWKT "\(Shapes.a)"^^geo:wktLiteral .
        # ex:A also has a centroid geometry, which its default geometry overrides.
        ex:A geo:hasGeometry ex:Acentre . ex:Acentre geo:asWKT "POINT(5 5)"^^geo:wktLiteral .
        # Geometry only, no default geometry.
        ex:Inner a geo:Feature ; geo:hasGeometry ex:InnerG .
        ex:InnerG geo:asWKT "\(Shapes.inner)"^^geo:wktLiteral .
        ex:Tangent geo:hasDefaultGeometry ex:TangentG .
        ex:TangentG geo:asWKT "\(Shapes.tangentInner)"^^geo:wktLiteral .
        # GML serialization.
        ex:Adjacent geo:hasGeometry ex:AdjacentG .
        ex:AdjacentG geo:asGML "<gml:Polygon xmlns:gml='http://www.opengis.net/gml/3.2'><gml:exterior><gml:LinearRing><gml:posList>10 0 20 0 20 10 10 10 10 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"^^geo:gmlLiteral .
        ex:Overlapping geo:hasGeometry ex:OverlappingG .
        ex:OverlappingG geo:asWKT "\(Shapes.overlapping)"^^geo:wktLiteral .
        ex:Far geo:hasGeometry ex:FarG .
        ex:FarG geo:asGeoJSON "{\\"type\\": \\"Polygon\\", \\"coordinates\\": [[[30, 30], [40, 30], [40, 40], [30, 40], [30, 30]]]}"^^geo:geoJSONLiteral .
        # An asserted relation between features without geometries.
        ex:X geo:sfWithin ex:Y .
        """

    static func fixture() throws -> GeoFixture { try GeoFixture(turtle) }
}

@Suite("/req/query-rewrite-extension/sf-query-rewrite (1.0, 1.1)")
struct SimpleFeaturesQueryRewriteTests {
    @Test("/req/query-rewrite-extension/sf-query-rewrite: feature to feature through default geometries and geometries")
    func featureToFeature() throws {
        let fixture = try RewriteData.fixture()
        // ex:A's centroid point is not its default geometry, so ex:A is within nothing.
        #expect(try fixture.names("SELECT ?x { ?x geo:sfWithin ex:A FILTER(?x != ex:A && ?x != ex:Ag) }") == ["Acentre", "Inner", "InnerG", "Tangent", "TangentG"])
        #expect(try fixture.names("SELECT ?x { ex:A geo:sfContains ?x FILTER(?x != ex:A && ?x != ex:Ag) }") == ["Acentre", "Inner", "InnerG", "Tangent", "TangentG"])
        #expect(try fixture.names("SELECT ?x { ?x geo:sfTouches ex:A }") == ["Adjacent", "AdjacentG"])
        #expect(try fixture.names("SELECT ?x { ?x geo:sfOverlaps ex:Ag }") == ["Overlapping", "OverlappingG"])
        #expect(try fixture.names("SELECT ?x { ex:Far geo:sfDisjoint ?x FILTER(?x IN (ex:A, ex:Inner)) }") == ["A", "Inner"])
    }

    @Test("/req/query-rewrite-extension/sf-query-rewrite: every relation family member is rewritten", arguments: Shapes.cases("sf"))
    func everyRelation(_ testCase: (String, String, String, Bool)) throws {
        let fixture = try GeoFixture("""
            ex:P geo:hasGeometry ex:Pg . ex:Pg geo:asWKT "\(testCase.1)"^^geo:wktLiteral .
            ex:Q geo:hasDefaultGeometry ex:Qg . ex:Qg geo:asWKT "\(testCase.2)"^^geo:wktLiteral .
            """)
        #expect(try fixture.ask("ASK { ex:P geo:\(testCase.0) ex:Q }") == testCase.3)
        #expect(try fixture.ask("ASK { ex:Pg geo:\(testCase.0) ex:Qg }") == testCase.3)
    }

    @Test("/req/query-rewrite-extension/sf-query-rewrite: asserted relations still match, and each pair is one solution")
    func assertedAndDistinct() throws {
        let fixture = try RewriteData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x geo:sfWithin ex:Y }") == ["X"])
        // ex:Inner is within ex:A through its geometry (one way) and its geometry is
        // within ex:A's: still one solution each.
        #expect(try fixture.select("SELECT ?x { ?x geo:sfWithin ex:A FILTER(?x = ex:Inner) }").count == 1)
    }

    @Test("/req/query-rewrite-extension/sf-query-rewrite: a geometry literal as the object (extension)")
    func literalObject() throws {
        let fixture = try RewriteData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x a geo:Feature ; geo:sfIntersects \(wkt("POINT(3 3)")) }") == ["A", "Inner", "Tangent"])
    }
}

@Suite("/req/query-rewrite-extension/eh-query-rewrite (1.0, 1.1)")
struct EgenhoferQueryRewriteTests {
    @Test("/req/query-rewrite-extension/eh-query-rewrite", arguments: Shapes.cases("eh"))
    func everyRelation(_ testCase: (String, String, String, Bool)) throws {
        let fixture = try GeoFixture("""
            ex:P geo:hasDefaultGeometry ex:Pg . ex:Pg geo:asWKT "\(testCase.1)"^^geo:wktLiteral .
            ex:Q geo:hasGeometry ex:Qg . ex:Qg geo:asWKT "\(testCase.2)"^^geo:wktLiteral .
            """)
        #expect(try fixture.ask("ASK { ex:P geo:\(testCase.0) ex:Q }") == testCase.3)
        #expect(try fixture.ask("ASK { ex:P geo:\(testCase.0) ex:Qg }") == testCase.3)
    }

    @Test("/req/query-rewrite-extension/eh-query-rewrite: across serializations")
    func acrossSerializations() throws {
        let fixture = try RewriteData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x geo:ehMeet ex:A }") == ["Adjacent", "AdjacentG"])
        #expect(try fixture.names("SELECT ?x { ?x geo:ehDisjoint ex:A FILTER(?x IN (ex:Far, ex:FarG, ex:Adjacent)) }") == ["Far", "FarG"])
    }
}

@Suite("/req/query-rewrite-extension/rcc8-query-rewrite (1.0, 1.1)")
struct RCC8QueryRewriteTests {
    @Test("/req/query-rewrite-extension/rcc8-query-rewrite", arguments: Shapes.cases("rcc8"))
    func everyRelation(_ testCase: (String, String, String, Bool)) throws {
        let fixture = try GeoFixture("""
            ex:P geo:hasGeometry ex:Pg . ex:Pg geo:asWKT "\(testCase.1)"^^geo:wktLiteral .
            ex:Q geo:hasGeometry ex:Qg . ex:Qg geo:asWKT "\(testCase.2)"^^geo:wktLiteral .
            """)
        #expect(try fixture.ask("ASK { ex:P geo:\(testCase.0) ex:Q }") == testCase.3)
    }

    @Test("/req/query-rewrite-extension/rcc8-query-rewrite: a join between features")
    func joinBetweenFeatures() throws {
        let fixture = try RewriteData.fixture()
        let pairs = try fixture.select("SELECT ?x ?y { ?x geo:rcc8ntpp ?y . ?x geo:hasGeometry [] . ?y a geo:Feature }")
        let names = pairs.map { "\($0["x"]!.iriValue!.dropFirst(19)) \($0["y"]!.iriValue!.dropFirst(19))" }.sorted()
        #expect(names == ["Inner A"])
    }
}
