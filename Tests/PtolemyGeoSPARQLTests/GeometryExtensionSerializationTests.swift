import Foundation
import PtolemyGeoSPARQL
import PtolemyRDF
import Testing

let gmlPoint = "<gml:Point xmlns:gml='http://www.opengis.net/gml/3.2' srsName='http://www.opengis.net/def/crs/EPSG/0/4326'><gml:pos>52.37 4.9</gml:pos></gml:Point>"
let gmlSquare = "<gml:Polygon xmlns:gml='http://www.opengis.net/gml/3.2'><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
let geoJSONSquare = #"{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}"#
let kmlSquare = "<Polygon xmlns='http://www.opengis.net/kml/2.2'><outerBoundaryIs><LinearRing><coordinates>0,0 10,0 10,10 0,10 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon>"

func gml(_ text: String) -> String { "\"\(text)\"^^geo:gmlLiteral" }
func geoJSON(_ text: String) -> String { "\"\(text)\"^^geo:geoJSONLiteral" }
func kml(_ text: String) -> String { "\"\(text)\"^^geo:kmlLiteral" }

// MARK: WKT

@Suite("/req/geometry-extension/wkt-literal (1.0, 1.1)")
struct WKTLiteralTests {
    @Test("/req/geometry-extension/wkt-literal: WKT with and without a CRS IRI; malformed literals are errors")
    func wktLiterals() throws {
        #expect(try eval("geof:isEmpty(\(wkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")))")?.bool == false)
        #expect(try eval("geof:numGeometries(\(wkt("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> MULTIPOINT((1 2), (3 4))")))")?.lexical == "2")
        #expect(try eval("geof:dimension(\(wkt("GEOMETRYCOLLECTION(POINT(1 2), LINESTRING(0 0, 1 1))")))")?.lexical == "1")
        #expect(try eval("geof:isEmpty(\(wkt("POLYGON((0 0, 1 0")))") == nil)
        #expect(try eval("geof:isEmpty(\(wkt("<http://www.opengis.net/def/crs/EPSG/0/4326 POINT(1 2)")))") == nil)
    }
}

@Suite("/req/geometry-extension/wkt-literal-default-srs (1.0, 1.1)")
struct WKTLiteralDefaultSRSTests {
    @Test("/req/geometry-extension/wkt-literal-default-srs: no CRS IRI means CRS84")
    func defaultCRS() throws {
        #expect(try eval("geof:getSRID(\(wkt("POINT(1 2)")))")?.lexical == Lit.crs84IRI)
        #expect(try eval("geof:sfEquals(\(wkt("POINT(1 2)")), \(wkt("<\(Lit.crs84IRI)> POINT(1 2)")))")?.bool == true)
    }
}

@Suite("/req/geometry-extension/wkt-axis-order (1.0, 1.1)")
struct WKTAxisOrderTests {
    @Test("/req/geometry-extension/wkt-axis-order: EPSG:4326 is latitude first, CRS84 longitude first")
    func axisOrder() throws {
        let amsterdam4326 = wkt(Lit.epsg4326 + "POINT(52.37 4.9)")
        #expect(try eval("geof:sfEquals(\(amsterdam4326), \(wkt("POINT(4.9 52.37)")))")?.bool == true)
        #expect(try eval("geof:sfEquals(\(amsterdam4326), \(wkt("POINT(52.37 4.9)")))")?.bool == false)
        // X is the CRS's first axis: latitude in EPSG:4326.
        #expect(try eval("geof:minX(\(amsterdam4326))")?.double == 52.37)
        // Distances are the same whichever axis order the CRS has.
        let a = try eval("geof:distance(\(amsterdam4326), \(wkt(Lit.epsg4326 + "POINT(48.86 2.35)")), uom:kilometre)")?.double ?? 0
        let b = try eval("geof:distance(\(wkt("POINT(4.9 52.37)")), \(wkt("POINT(2.35 48.86)")), uom:kilometre)")?.double ?? 1
        #expect(abs(a - b) < 1e-6 && abs(a - 430) < 5)
    }
}

@Suite("/req/geometry-extension/wkt-literal-empty (1.0, 1.1)")
struct WKTLiteralEmptyTests {
    @Test("/req/geometry-extension/wkt-literal-empty: an empty wktLiteral is the empty geometry")
    func emptyLiteral() throws {
        #expect(try eval("geof:isEmpty(\(wkt("")))")?.bool == true)
        #expect(try eval("geof:isEmpty(\(wkt(Lit.epsg4326)))")?.bool == true)
        #expect(try eval("geof:isEmpty(\(wkt("POINT EMPTY")))")?.bool == true)
        #expect(try eval("geof:sfIntersects(\(wkt("")), \(wkt("POINT(1 1)")))")?.bool == false)
    }
}

@Suite("/req/geometry-extension/geometry-as-wkt-literal (1.0, 1.1)")
struct GeometryAsWKTLiteralTests {
    @Test("/req/geometry-extension/geometry-as-wkt-literal: geo:asWKT in graph patterns")
    func asWKTProperty() throws {
        let fixture = try VocabularyData.fixture()
        let values = try fixture.values("SELECT ?v { ex:LakeCentre geo:asWKT ?v }")
        #expect(values.map { $0?.lexical } == ["POINT(2 1.5)"])
        #expect(values.first??.literalValue?.datatype == GeoSPARQL.wktLiteral)
    }
}

@Suite("/req/geometry-extension/asWKT-function (1.1)")
struct AsWKTFunctionTests {
    @Test("/req/geometry-extension/asWKT-function: geof:asWKT of every serialization")
    func asWKT() throws {
        let fromGML = try eval("geof:asWKT(\(gml(gmlPoint)))")
        #expect(fromGML?.literalValue?.datatype == GeoSPARQL.wktLiteral)
        #expect(fromGML?.lexical == "<http://www.opengis.net/def/crs/EPSG/0/4326> POINT (52.37 4.9)")
        #expect(try eval("geof:asWKT(\(geoJSON(geoJSONSquare)))")?.lexical == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        #expect(try eval("geof:asWKT(\(kml(kmlSquare)))")?.lexical == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
        #expect(try eval("geof:asWKT(\(wkt("POINT ZM (1 2 3 4)")))")?.lexical == "POINT ZM (1 2 3 4)")
    }
}

// MARK: GML

@Suite("/req/geometry-extension/gml-literal (1.0, 1.1)")
struct GMLLiteralTests {
    @Test("/req/geometry-extension/gml-literal: GML 3.2 geometry elements, srsName as the CRS")
    func gmlLiterals() throws {
        #expect(try eval("geof:sfEquals(\(gml(gmlPoint)), \(wkt("POINT(4.9 52.37)")))")?.bool == true)
        #expect(try eval("geof:sfEquals(\(gml(gmlSquare)), \(wkt(Shapes.a)))")?.bool == true)
        #expect(try eval("geof:getSRID(\(gml(gmlSquare)))")?.lexical == Lit.crs84IRI)
        #expect(try eval("geof:isEmpty(\(gml("<gml:Point xmlns:gml='http://www.opengis.net/gml/3.2'><gml:pos>1</gml:Point>")))") == nil)
    }

    @Test("/req/geometry-extension/gml-literal: curves with circular arcs (linearized), TINs; solids refused")
    func gmlCurvesAndSurfaces() throws {
        // A disc of radius 5 around (5 5), bounded by a Circle: (8 8) is inside it; (1 1),
        // inside its box, is not.
        let disc = "<gml:Polygon xmlns:gml='http://www.opengis.net/gml/3.2'><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:Circle><gml:posList>10 5 5 10 0 5</gml:posList></gml:Circle></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"
        #expect(try eval("geof:sfContains(\(gml(disc)), \(wkt("POINT(8 8)")))")?.bool == true)
        #expect(try eval("geof:sfContains(\(gml(disc)), \(wkt("POINT(1 1)")))")?.bool == false)
        let tin = "<gml:Tin xmlns:gml='http://www.opengis.net/gml/3.2'><gml:patches><gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle></gml:patches></gml:Tin>"
        #expect(try eval("geof:sfIntersects(\(gml(tin)), \(wkt("POINT(1 1)")))")?.bool == true)
        #expect(try eval("geof:isEmpty(\(gml("<gml:Solid xmlns:gml='http://www.opengis.net/gml/3.2'/>")))") == nil)
    }
}

@Suite("/req/geometry-extension/gml-literal-empty (1.0, 1.1)")
struct GMLLiteralEmptyTests {
    @Test("/req/geometry-extension/gml-literal-empty: an empty gmlLiteral is the empty geometry")
    func emptyLiteral() throws {
        #expect(try eval("geof:isEmpty(\(gml("")))")?.bool == true)
        #expect(try eval("geof:isEmpty(\(gml("  ")))")?.bool == true)
    }
}

@Suite("/req/geometry-extension/gml-profile (1.0, 1.1)")
struct GMLProfileTests {
    @Test("/req/geometry-extension/gml-profile: the documented profile (GML 3.2.1 simple features) is what asGML writes")
    func documentedProfile() throws {
        let requirements = try String(contentsOfFile: #filePath.replacing("GeometryExtensionSerializationTests.swift", with: "REQUIREMENTS.md"), encoding: .utf8)
        #expect(requirements.contains("GML 3.2.1"))
        #expect(try eval("geof:asGML(\(wkt("POINT(1 2)")))")?.lexical?.contains("http://www.opengis.net/gml/3.2") == true)
    }
}

@Suite("/req/geometry-extension/geometry-as-gml-literal (1.0, 1.1)")
struct GeometryAsGMLLiteralTests {
    @Test("/req/geometry-extension/geometry-as-gml-literal: geo:asGML in graph patterns and relations")
    func asGMLProperty() throws {
        let fixture = try RewriteData.fixture()
        let values = try fixture.values("SELECT ?v { ex:AdjacentG geo:asGML ?v }")
        #expect(values.first??.literalValue?.datatype == GeoSPARQL.gmlLiteral)
        #expect(try fixture.names("SELECT ?x { ?x geo:asGML ?v FILTER(geof:sfTouches(?v, \(wkt(Shapes.a)))) }") == ["AdjacentG"])
    }
}

@Suite("/req/geometry-extension/asGML-function (1.1)")
struct AsGMLFunctionTests {
    @Test("/req/geometry-extension/asGML-function: geof:asGML round-trips")
    func asGML() throws {
        let result = try eval("geof:asGML(\(wkt(Lit.epsg4326 + "POINT(52.37 4.9)")), \"GML 3.2.1\")")
        #expect(result?.literalValue?.datatype == GeoSPARQL.gmlLiteral)
        #expect(result?.lexical?.contains("srsName=\"http://www.opengis.net/def/crs/EPSG/0/4326\"") == true)
        #expect(try eval("geof:sfEquals(geof:asGML(\(wkt(Shapes.a))), \(wkt(Shapes.a)))")?.bool == true)
    }
}

// MARK: GeoJSON

@Suite("/req/geometry-extension/geojson-literal (1.1)")
struct GeoJSONLiteralTests {
    @Test("/req/geometry-extension/geojson-literal: RFC 7946 geometries")
    func geoJSONLiterals() throws {
        #expect(try eval("geof:sfEquals(\(geoJSON(geoJSONSquare)), \(wkt(Shapes.a)))")?.bool == true)
        #expect(try eval("geof:numGeometries(\(geoJSON(#"{\"type\":\"MultiPoint\",\"coordinates\":[[1,2],[3,4]]}"#)))")?.lexical == "2")
        #expect(try eval("geof:isEmpty(\(geoJSON(#"{\"type\":\"Point\"}"#)))") == nil)
    }
}

@Suite("/req/geometry-extension/geojson-literal-default-srs (1.1)")
struct GeoJSONLiteralDefaultSRSTests {
    @Test("/req/geometry-extension/geojson-literal-default-srs: GeoJSON is CRS84")
    func crs84() throws {
        #expect(try eval("geof:getSRID(\(geoJSON(geoJSONSquare)))")?.lexical == Lit.crs84IRI)
        #expect(try eval("geof:sfEquals(\(geoJSON(#"{\"type\":\"Point\",\"coordinates\":[4.9,52.37]}"#)), \(wkt(Lit.epsg4326 + "POINT(52.37 4.9)")))")?.bool == true)
    }
}

@Suite("/req/geometry-extension/geojson-literal-empty (1.1)")
struct GeoJSONLiteralEmptyTests {
    @Test("/req/geometry-extension/geojson-literal-empty: an empty geoJSONLiteral is the empty geometry")
    func emptyLiteral() throws {
        #expect(try eval("geof:isEmpty(\(geoJSON("")))")?.bool == true)
    }
}

@Suite("/req/geometry-extension/geometry-as-geojson-literal (1.1)")
struct GeometryAsGeoJSONLiteralTests {
    @Test("/req/geometry-extension/geometry-as-geojson-literal: geo:asGeoJSON in graph patterns")
    func asGeoJSONProperty() throws {
        let fixture = try VocabularyData.fixture()
        #expect(try fixture.names("SELECT ?x { ?x geo:asGeoJSON ?v FILTER(geof:sfContains(?v, \(wkt("POINT(1 1)")))) }") == ["LakeBox"])
    }
}

@Suite("/req/geometry-extension/asGeoJSON-function (1.1)")
struct AsGeoJSONFunctionTests {
    @Test("/req/geometry-extension/asGeoJSON-function: geof:asGeoJSON writes CRS84")
    func asGeoJSON() throws {
        let result = try eval("geof:asGeoJSON(\(wkt(Lit.epsg4326 + "POINT(52.37 4.9)")))")
        #expect(result?.literalValue?.datatype == GeoSPARQL.geoJSONLiteral)
        #expect(result?.lexical?.replacing(" ", with: "") == #"{"type":"Point","coordinates":[4.9,52.37]}"#)
    }
}

// MARK: KML

@Suite("/req/geometry-extension/kml-literal (1.1)")
struct KMLLiteralTests {
    @Test("/req/geometry-extension/kml-literal: KML 2.2 geometries")
    func kmlLiterals() throws {
        #expect(try eval("geof:sfEquals(\(kml(kmlSquare)), \(wkt(Shapes.a)))")?.bool == true)
        #expect(try eval("geof:isEmpty(\(kml("<Point><coordinates>1,2</Point>")))") == nil)
    }
}

@Suite("/req/geometry-extension/kml-literal-default-srs (1.1)")
struct KMLLiteralDefaultSRSTests {
    @Test("/req/geometry-extension/kml-literal-default-srs: KML is CRS84")
    func crs84() throws {
        #expect(try eval("geof:getSRID(\(kml(kmlSquare)))")?.lexical == Lit.crs84IRI)
    }
}

@Suite("/req/geometry-extension/kml-literal-empty (1.1)")
struct KMLLiteralEmptyTests {
    @Test("/req/geometry-extension/kml-literal-empty: an empty kmlLiteral is the empty geometry")
    func emptyLiteral() throws {
        #expect(try eval("geof:isEmpty(\(kml("")))")?.bool == true)
    }
}

@Suite("/req/geometry-extension/geometry-as-kml-literal (1.1)")
struct GeometryAsKMLLiteralTests {
    @Test("/req/geometry-extension/geometry-as-kml-literal: geo:asKML in graph patterns")
    func asKMLProperty() throws {
        let fixture = try GeoFixture("ex:G geo:asKML \(kml(kmlSquare)) .")
        #expect(try fixture.names("SELECT ?x { ?x geo:asKML ?v FILTER(geof:sfContains(?v, \(wkt("POINT(1 1)")))) }") == ["G"])
        #expect(try fixture.names("SELECT ?x { ?x geo:sfContains \(wkt("POINT(1 1)")) }") == ["G"])
    }
}

@Suite("/req/geometry-extension/asKML-function (1.1)")
struct AsKMLFunctionTests {
    @Test("/req/geometry-extension/asKML-function: geof:asKML writes CRS84")
    func asKML() throws {
        let result = try eval("geof:asKML(\(wkt(Lit.epsg4326 + "POINT(52.37 4.9)")))")
        #expect(result?.literalValue?.datatype == GeoSPARQL.kmlLiteral)
        #expect(result?.lexical?.contains("4.9,52.37") == true)
    }
}

// MARK: DGGS

@Suite("/req/geometry-extension/dggs-literal (1.1)")
struct DGGSLiteralTests {
    @Test("/req/geometry-extension/dggs-literal: refused with a message that says so")
    func refused() throws {
        #expect(try eval("geof:isEmpty(\"<https://w3id.org/dggs/auspix> CELLLIST ((R1 R2))\"^^geo:dggsLiteral)") == nil)
        let library = GeoSPARQLFunctionLibrary(cache: GeometryCache())
        #expect(throws: GeoSPARQLError.self) {
            _ = try library.function(GeoSPARQL.function("isEmpty"))!.evaluate([.typed("CELLLIST ((R1))", GeoSPARQL.dggsLiteral)])
        }
        do {
            _ = try library.function(GeoSPARQL.function("isEmpty"))!.evaluate([.typed("CELLLIST ((R1))", GeoSPARQL.dggsLiteral)])
        } catch {
            #expect(error.kind == .unsupported)
            #expect(error.message.contains("dggsLiteral is not supported"))
        }
    }
}

@Suite("/req/geometry-extension/dggs-literal-empty (1.1)")
struct DGGSLiteralEmptyTests {
    @Test("/req/geometry-extension/dggs-literal-empty: an empty dggsLiteral is the empty geometry")
    func emptyLiteral() throws {
        #expect(try eval("geof:isEmpty(\"\"^^geo:dggsLiteral)")?.bool == true)
    }
}

@Suite("/req/geometry-extension/geometry-as-dggs-literal (1.1)")
struct GeometryAsDGGSLiteralTests {
    @Test("/req/geometry-extension/geometry-as-dggs-literal: geo:asDGGS in graph patterns")
    func asDGGSProperty() throws {
        let fixture = try GeoFixture("ex:G geo:asDGGS \"<https://w3id.org/dggs/auspix> CELLLIST ((R1))\"^^geo:dggsLiteral .")
        #expect(try fixture.names("SELECT ?x { ?x geo:asDGGS ?v }") == ["G"])
        #expect(try fixture.names("SELECT ?x { ?x geo:hasSerialization ?v }") == ["G"])
    }
}

@Suite("/req/geometry-extension/asDGGS-function (1.1)")
struct AsDGGSFunctionTests {
    @Test("/req/geometry-extension/asDGGS-function: refused with a message that says so")
    func refused() throws {
        #expect(try eval("geof:asDGGS(\(wkt("POINT(1 2)")), <https://w3id.org/dggs/auspix>)") == nil)
        let library = GeoSPARQLFunctionLibrary(cache: GeometryCache())
        do {
            _ = try library.function(GeoSPARQL.function("asDGGS"))!.evaluate([.typed("POINT(1 2)", GeoSPARQL.wktLiteral)])
            Issue.record("asDGGS returned a value")
        } catch {
            #expect(error.message.contains("geof:asDGGS is not supported"))
        }
    }
}
