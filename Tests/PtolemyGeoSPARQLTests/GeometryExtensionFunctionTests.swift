import PtolemyRDF
import Testing

/// Literal helpers for the function tests.
enum Lit {
    static let mercator = "<http://www.opengis.net/def/crs/EPSG/0/3857> "
    static let epsg4326 = "<http://www.opengis.net/def/crs/EPSG/0/4326> "
    static let crs84IRI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
}

/// Evaluates an expression over an empty store.
func eval(_ expression: String) throws -> Term? { try GeoFixture("").evaluate(expression) }

/// Whether two geometries are topologically equal, asked through geof:sfEquals.
func same(_ geometryExpression: String, _ expected: String) throws -> Bool {
    try eval("geof:sfEquals(\(geometryExpression), \(wkt(expected)))")?.bool == true
}

func close(_ value: Term?, _ expected: Double, relative: Double = 1e-9) -> Bool {
    guard let actual = value?.double else { return false }
    return abs(actual - expected) <= max(abs(expected) * relative, 1e-9)
}

@Suite("/req/geometry-extension/query-functions (1.0, 1.1)")
struct QueryFunctionTests {
    @Test("/req/geometry-extension/query-functions: geof:distance with units")
    func distance() throws {
        let p0 = wkt(Lit.mercator + "POINT(0 0)"), p1 = wkt(Lit.mercator + "POINT(3 4)")
        #expect(close(try eval("geof:distance(\(p0), \(p1), uom:metre)"), 5))
        #expect(close(try eval("geof:distance(\(p0), \(p1), uom:kilometre)"), 0.005))
        // Geodesic metres on the ellipsoid for CRS84: one degree of the equator.
        #expect(close(try eval("geof:distance(\(wkt("POINT(0 0)")), \(wkt("POINT(1 0)")), uom:metre)"), 111_319.490_8, relative: 1e-6))
        // Angular units: degrees in the plane of the geographic coordinates.
        #expect(close(try eval("geof:distance(\(wkt("POINT(0 0)")), \(wkt("POINT(3 4)")), uom:degree)"), 5))
        // Operands in different CRSs: EPSG:4326 is latitude first.
        #expect(close(try eval("geof:distance(\(wkt("POINT(0 0)")), \(wkt(Lit.epsg4326 + "POINT(0 1)")), uom:metre)"), 111_319.490_8, relative: 1e-6))
        // The distance to an empty geometry is an error; so is an unknown unit.
        #expect(try eval("geof:distance(\(p0), \(wkt("")), uom:metre)") == nil)
        #expect(try eval("geof:distance(\(p0), \(p1), <http://example.org/furlong>)") == nil)
    }

    @Test("/req/geometry-extension/query-functions: geof:buffer with units")
    func buffer() throws {
        let area = try eval("geof:area(geof:buffer(\(wkt(Lit.mercator + "POINT(0 0)")), 10, uom:metre), uom:squareMetre)")?.double ?? 0
        #expect(area > 300 && area < 315) // a 32-gon approximating π·10²
        // Metres on the ellipsoid around a CRS84 point: about π km².
        let geographic = try eval("geof:area(geof:buffer(\(wkt("POINT(10 50)")), 1000, uom:metre), uom:squareMetre)")?.double ?? 0
        #expect(abs(geographic - .pi * 1e6) < 0.01 * .pi * 1e6)
        // The result keeps the argument's CRS and serialization.
        let srid = try eval("geof:getSRID(geof:buffer(\(wkt(Lit.epsg4326 + "POINT(50 10)")), 1000, uom:metre))")
        #expect(srid?.lexical == "http://www.opengis.net/def/crs/EPSG/0/4326")
        #expect(try eval("geof:sfContains(geof:buffer(\(wkt(Lit.epsg4326 + "POINT(50 10)")), 1000, uom:metre), \(wkt("POINT(10.005 50)")))")?.bool == true)
        #expect(try eval("geof:sfContains(geof:buffer(\(wkt(Lit.epsg4326 + "POINT(50 10)")), 1000, uom:metre), \(wkt("POINT(10.02 50)")))")?.bool == false)
    }

    @Test("/req/geometry-extension/query-functions: set operations")
    func setOperations() throws {
        #expect(try same("geof:intersection(\(wkt(Shapes.a)), \(wkt(Shapes.overlapping)))", "POLYGON((5 5, 10 5, 10 10, 5 10, 5 5))"))
        #expect(try same("geof:union(\(wkt(Shapes.a)), \(wkt(Shapes.adjacent)))", "POLYGON((0 0, 20 0, 20 10, 0 10, 0 0))"))
        #expect(try same("geof:difference(\(wkt(Shapes.a)), \(wkt(Shapes.overlapping)))", "POLYGON((0 0, 10 0, 10 5, 5 5, 5 10, 0 10, 0 0))"))
        let a = wkt(Lit.mercator + Shapes.a), b = wkt(Lit.mercator + Shapes.overlapping)
        #expect(close(try eval("geof:area(geof:symDifference(\(a), \(b)), uom:squareMetre)"), 150))
    }

    @Test("/req/geometry-extension/query-functions: envelope, boundary, convexHull, centroid")
    func derivedGeometries() throws {
        #expect(try same("geof:envelope(\(wkt("LINESTRING(0 0, 2 3)")))", "POLYGON((0 0, 2 0, 2 3, 0 3, 0 0))"))
        #expect(try same("geof:boundary(\(wkt(Shapes.a)))", "LINESTRING(0 0, 10 0, 10 10, 0 10, 0 0)"))
        #expect(try same("geof:convexHull(\(wkt("MULTIPOINT((0 0), (4 0), (0 3), (1 1))")))", "POLYGON((0 0, 4 0, 0 3, 0 0))"))
        #expect(try same("geof:centroid(\(wkt(Shapes.a)))", "POINT(5 5)"))
        #expect(try eval("geof:centroid(\(wkt(Shapes.a)))")?.literalValue?.datatype == "http://www.opengis.net/ont/geosparql#wktLiteral")
    }

    @Test("/req/geometry-extension/query-functions: isEmpty, isSimple, dimension, numGeometries, geometryN")
    func descriptions() throws {
        #expect(try eval("geof:isEmpty(\(wkt("")))")?.bool == true)
        #expect(try eval("geof:isEmpty(\(wkt("POINT(1 1)")))")?.bool == false)
        #expect(try eval("geof:isSimple(\(wkt("LINESTRING(0 0, 2 2, 0 2, 2 0)")))")?.bool == false)
        #expect(try eval("geof:isSimple(\(wkt("LINESTRING(0 0, 2 2)")))")?.bool == true)
        #expect(try eval("geof:dimension(\(wkt("POINT(1 1)")))")?.lexical == "0")
        #expect(try eval("geof:dimension(\(wkt("LINESTRING(0 0, 2 2)")))")?.lexical == "1")
        #expect(try eval("geof:dimension(\(wkt(Shapes.a)))")?.literalValue?.datatype == XSD.integer)
        #expect(try eval("geof:dimension(\(wkt(Shapes.a)))")?.lexical == "2")
        #expect(try eval("geof:numGeometries(\(wkt("MULTIPOINT((0 0), (1 1))")))")?.lexical == "2")
        #expect(try eval("geof:numGeometries(\(wkt("POINT(0 0)")))")?.lexical == "1")
        #expect(try same("geof:geometryN(\(wkt("MULTIPOINT((0 0), (1 1))")), 2)", "POINT(1 1)"))
        #expect(try eval("geof:geometryN(\(wkt("MULTIPOINT((0 0), (1 1))")), 3)") == nil)
    }

    @Test("/req/geometry-extension/query-functions: area and length with units")
    func measures() throws {
        #expect(close(try eval("geof:area(\(wkt(Lit.mercator + Shapes.a)), uom:squareMetre)"), 100))
        #expect(close(try eval("geof:area(\(wkt(Lit.mercator + Shapes.a)), uom:metre)"), 100))
        // One degree square at the equator, geodesic: 12,308.8 km².
        let cell = try eval("geof:area(\(wkt("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))")), uom:squareKilometre)")?.double ?? 0
        #expect(abs(cell - 12_308.778) < 1)
        #expect(close(try eval("geof:length(\(wkt(Lit.mercator + "LINESTRING(0 0, 3 4)")), uom:metre)"), 5))
        #expect(close(try eval("geof:length(\(wkt(Lit.mercator + Shapes.a)), uom:metre)"), 40))
        #expect(close(try eval("geof:length(\(wkt("LINESTRING(0 0, 1 0)")), uom:metre)"), 111_319.490_8, relative: 1e-6))
    }

    @Test("/req/geometry-extension/query-functions: transform")
    func transform() throws {
        let moved = "geof:transform(\(wkt("POINT(4.9 52.37)")), <http://www.opengis.net/def/crs/EPSG/0/4326>)"
        #expect(try eval("geof:getSRID(\(moved))")?.lexical == "http://www.opengis.net/def/crs/EPSG/0/4326")
        #expect(close(try eval("geof:minX(\(moved))"), 52.37))
        let mercator = "geof:transform(\(wkt("POINT(0 0)")), <http://www.opengis.net/def/crs/EPSG/0/3857>)"
        #expect(close(try eval("geof:maxY(\(mercator))"), 0))
        #expect(try eval("geof:transform(\(wkt("POINT(0 0)")), <http://example.org/no-such-crs>)") == nil)
    }

    @Test("/req/geometry-extension/query-functions: minX ... maxZ, coordinate and spatial dimension, is3D, isMeasured")
    func extentsAndDimensions() throws {
        let line = wkt("LINESTRING Z (1 2 3, 4 5 6)")
        #expect(try eval("geof:minX(\(line))")?.double == 1)
        #expect(try eval("geof:maxX(\(line))")?.double == 4)
        #expect(try eval("geof:minY(\(line))")?.double == 2)
        #expect(try eval("geof:maxY(\(line))")?.double == 5)
        #expect(try eval("geof:minZ(\(line))")?.double == 3)
        #expect(try eval("geof:maxZ(\(line))")?.double == 6)
        #expect(try eval("geof:minX(\(line))")?.literalValue?.datatype == XSD.double)
        #expect(try eval("geof:minZ(\(wkt("POINT(1 2)")))") == nil)
        #expect(try eval("geof:minX(\(wkt("")))") == nil)
        #expect(try eval("geof:coordinateDimension(\(wkt("POINT ZM (1 2 3 4)")))")?.lexical == "4")
        #expect(try eval("geof:coordinateDimension(\(wkt("POINT(1 2)")))")?.lexical == "2")
        #expect(try eval("geof:spatialDimension(\(wkt("POINT ZM (1 2 3 4)")))")?.lexical == "3")
        #expect(try eval("geof:is3D(\(wkt("POINT Z (1 2 3)")))")?.bool == true)
        #expect(try eval("geof:is3D(\(wkt("POINT M (1 2 3)")))")?.bool == false)
        #expect(try eval("geof:isMeasured(\(wkt("POINT M (1 2 3)")))")?.bool == true)
        #expect(try eval("geof:isMeasured(\(wkt("POINT(1 2)")))")?.bool == false)
    }

    @Test("/req/geometry-extension/query-functions: functions in FILTER over stored geometries")
    func overStoredData() throws {
        let fixture = try GeoFixture("""
            ex:P1 geo:asWKT "POINT(1 1)"^^geo:wktLiteral . ex:P2 geo:asWKT "POINT(8 8)"^^geo:wktLiteral .
            ex:P3 geo:asWKT "POINT(30 30)"^^geo:wktLiteral .
            """)
        #expect(try fixture.names("SELECT ?x { ?x geo:asWKT ?w FILTER(geof:distance(?w, \(wkt("POINT(0 0)")), uom:degree) < 12) }") == ["P1", "P2"])
        #expect(try fixture.names("SELECT ?x { ?x geo:asWKT ?w FILTER(geof:sfWithin(?w, geof:buffer(\(wkt("POINT(0 0)")), 3, uom:degree))) }") == ["P1"])
    }
}

@Suite("/req/geometry-extension/srid-function (1.0, 1.1)")
struct SRIDFunctionTests {
    @Test("/req/geometry-extension/srid-function: geof:getSRID")
    func getSRID() throws {
        let crs84 = try eval("geof:getSRID(\(wkt("POINT(1 2)")))")
        #expect(crs84?.lexical == Lit.crs84IRI)
        #expect(crs84?.literalValue?.datatype == XSD.anyURI)
        #expect(try eval("geof:getSRID(\(wkt(Lit.epsg4326 + "POINT(1 2)")))")?.lexical == "http://www.opengis.net/def/crs/EPSG/0/4326")
        #expect(try eval("geof:getSRID(\"<gml:Point xmlns:gml='http://www.opengis.net/gml/3.2' srsName='http://www.opengis.net/def/crs/EPSG/0/3857'><gml:pos>1 2</gml:pos></gml:Point>\"^^geo:gmlLiteral)")?.lexical == "http://www.opengis.net/def/crs/EPSG/0/3857")
    }
}

@Suite("/req/geometry-extension/sa-functions (1.1)")
struct SpatialAggregateFunctionTests {
    static let data = """
        ex:P1 ex:group ex:G1 ; geo:asWKT "POINT(0 0)"^^geo:wktLiteral .
        ex:P2 ex:group ex:G1 ; geo:asWKT "POINT(4 0)"^^geo:wktLiteral .
        ex:P3 ex:group ex:G1 ; geo:asWKT "POINT(0 3)"^^geo:wktLiteral .
        ex:P4 ex:group ex:G1 ; geo:asWKT "<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(3 4)"^^geo:wktLiteral .
        ex:Q1 ex:group ex:G2 ; geo:asWKT "POLYGON((10 10, 12 10, 12 12, 10 12, 10 10))"^^geo:wktLiteral .
        ex:Q2 ex:group ex:G2 ; geo:asWKT "POLYGON((11 10, 13 10, 13 12, 11 12, 11 10))"^^geo:wktLiteral .
        """

    func aggregate(_ name: String, group: String = "G1") throws -> Term? {
        try GeoFixture(Self.data).value("SELECT (geof:\(name)(?w) AS ?v) { ?p ex:group ex:\(group) ; geo:asWKT ?w }")
    }

    @Test("/req/geometry-extension/sa-functions: aggBoundingBox, aggConvexHull, aggUnion, aggCentroid (implicit group)")
    func implicitGroup() throws {
        // The EPSG:4326 point (lat 3, lon 4) joins the others as (4 3) in CRS84.
        let rectangle = "POLYGON((0 0, 4 0, 4 3, 0 3, 0 0))"
        #expect(try same(aggregate("aggBoundingBox")!.sparql, rectangle))
        #expect(try same(aggregate("aggConvexHull")!.sparql, rectangle))
        #expect(try same(aggregate("aggUnion")!.sparql, "MULTIPOINT((0 0), (4 0), (0 3), (4 3))"))
        #expect(try same(aggregate("aggCentroid")!.sparql, "POINT(2 1.5)"))
        #expect(try same(aggregate("aggUnion", group: "G2")!.sparql, "POLYGON((10 10, 13 10, 13 12, 10 12, 10 10))"))
    }

    @Test("/req/geometry-extension/sa-functions: aggBoundingCircle and aggConcaveHull")
    func circleAndConcaveHull() throws {
        let circle = try aggregate("aggBoundingCircle")!.sparql
        for point in ["POINT(0 0)", "POINT(4 0)", "POINT(0 3)", "POINT(4 3)"] {
            #expect(try eval("geof:sfIntersects(\(circle), \(wkt(point)))")?.bool == true)
        }
        let area = try eval("geof:area(\(circle), uom:degree)")?.double ?? 0 // square degrees
        #expect(area > 19 && area < 19.7) // π·2.5²
        let hull = try aggregate("aggConcaveHull")!.sparql
        #expect(try eval("geof:dimension(\(hull))")?.lexical == "2")
        #expect(try eval("geof:sfContains(\(hull), \(wkt("POINT(2 1.5)")))")?.bool == true)
    }

    @Test("/req/geometry-extension/sa-functions: with GROUP BY, HAVING, and an empty group")
    func grouped() throws {
        let fixture = try GeoFixture(Self.data)
        let rows = try fixture.select("""
            SELECT ?g (geof:aggBoundingBox(?w) AS ?box) { ?p ex:group ?g ; geo:asWKT ?w }
            GROUP BY ?g HAVING (geof:sfIntersects(geof:aggUnion(?w), \(wkt("POINT(12 11)")))) ORDER BY ?g
            """)
        #expect(rows.count == 1)
        #expect(rows.first?["g"]?.iriValue == "http://example.org/G2")
        #expect(try same(rows.first!["box"]!.sparql, "POLYGON((10 10, 13 10, 13 12, 10 12, 10 10))"))
        // No geometry at all: the aggregate is unbound.
        #expect(try fixture.values("SELECT (geof:aggUnion(?w) AS ?v) { ?p ex:nothing ?w }") == [nil])
    }
}

extension Term {
    /// The term in SPARQL (N-Triples) syntax, to put a result back into a query.
    var sparql: String { description }
}
