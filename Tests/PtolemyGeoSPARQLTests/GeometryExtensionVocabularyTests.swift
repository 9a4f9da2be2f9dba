import PtolemyRDF
import Testing

enum VocabularyData {
    static let turtle = """
        ex:Lake a geo:Feature ; geo:hasGeometry ex:LakeG , ex:LakeCentre ; geo:hasDefaultGeometry ex:LakeG ;
            geo:hasCentroid ex:LakeCentre ; geo:hasBoundingBox ex:LakeBox ;
            geo:hasLength "12.5"^^xsd:double ; geo:hasArea "40"^^xsd:double ; geo:hasVolume "3"^^xsd:double ;
            geo:hasSpatialResolution "10"^^xsd:double .
        ex:LakeG a sf:Polygon ; geo:asWKT "POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))"^^geo:wktLiteral ;
            geo:dimension 2 ; geo:coordinateDimension 2 ; geo:spatialDimension 2 ; geo:isEmpty false ; geo:isSimple true .
        ex:LakeCentre a sf:Point ; geo:asWKT "POINT(2 1.5)"^^geo:wktLiteral .
        ex:LakeBox geo:asGeoJSON "{\\"type\\":\\"Polygon\\",\\"coordinates\\":[[[0,0],[4,0],[4,3],[0,3],[0,0]]]}"^^geo:geoJSONLiteral .
        ex:Parts a geo:GeometryCollection ; rdfs:member ex:LakeG , ex:LakeCentre .
        """
    static func fixture() throws -> GeoFixture { try GeoFixture(turtle) }
}

@Suite("/req/geometry-extension/geometry-class (1.0, 1.1)")
struct GeometryClassTests {
    @Test("/req/geometry-extension/geometry-class: geo:Geometry in graph patterns")
    func geometries() throws {
        #expect(try VocabularyData.fixture().names("SELECT ?x { ?x a geo:Geometry }") == ["LakeBox", "LakeCentre", "LakeG"])
    }
}

@Suite("/req/geometry-extension/geometry-collection-class (1.1)")
struct GeometryCollectionClassTests {
    @Test("/req/geometry-extension/geometry-collection-class: geo:GeometryCollection in graph patterns")
    func geometryCollections() throws {
        let fixture = try VocabularyData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x a geo:GeometryCollection }") == ["Parts"])
        #expect(try fixture.names("SELECT ?x { ex:Parts rdfs:member ?x }") == ["LakeCentre", "LakeG"])
    }
}

@Suite("/req/geometry-extension/feature-properties (1.0, 1.1)")
struct FeaturePropertiesTests {
    @Test("/req/geometry-extension/feature-properties: hasGeometry (with its sub-properties), hasDefaultGeometry, hasCentroid, hasBoundingBox, sizes, resolution")
    func featureProperties() throws {
        let fixture = try VocabularyData.fixture()
        // hasCentroid, hasBoundingBox and hasDefaultGeometry are sub-properties of hasGeometry.
        #expect(try fixture.names("SELECT ?x { ex:Lake geo:hasGeometry ?x }") == ["LakeBox", "LakeCentre", "LakeG"])
        #expect(try fixture.names("SELECT ?x { ex:Lake geo:hasDefaultGeometry ?x }") == ["LakeG"])
        #expect(try fixture.names("SELECT ?x { ex:Lake geo:hasCentroid ?x }") == ["LakeCentre"])
        #expect(try fixture.names("SELECT ?x { ex:Lake geo:hasBoundingBox ?x }") == ["LakeBox"])
        for property in ["hasLength", "hasArea", "hasVolume", "hasSpatialResolution"] {
            #expect(try fixture.values("SELECT ?v { ex:Lake geo:\(property) ?v }").count == 1)
        }
    }
}

@Suite("/req/geometry-extension/geometry-properties (1.0, 1.1)")
struct GeometryPropertiesTests {
    @Test("/req/geometry-extension/geometry-properties: dimension, coordinateDimension, spatialDimension, isEmpty, isSimple, hasSerialization")
    func geometryProperties() throws {
        let fixture = try VocabularyData.fixture()
        for property in ["dimension", "coordinateDimension", "spatialDimension"] {
            #expect(try fixture.values("SELECT ?v { ex:LakeG geo:\(property) ?v }").map { $0?.lexical } == ["2"])
        }
        #expect(try fixture.names("SELECT ?x { ?x geo:isEmpty false ; geo:isSimple true }") == ["LakeG"])
        // hasSerialization is the super-property of asWKT, asGeoJSON...
        #expect(try fixture.names("SELECT ?x { ?x geo:hasSerialization ?s }") == ["LakeBox", "LakeCentre", "LakeG"])
    }
}
