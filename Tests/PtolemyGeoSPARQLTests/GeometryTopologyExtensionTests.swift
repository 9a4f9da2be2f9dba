import PtolemyRDF
import Testing

/// Shapes with known relations, for the topological function and property tests.
enum Shapes {
    static let a = "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))"
    /// Strictly inside `a` (RCC8 NTPP).
    static let inner = "POLYGON((2 2, 4 2, 4 4, 2 4, 2 2))"
    /// Inside `a`, touching its boundary (RCC8 TPP).
    static let tangentInner = "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))"
    /// Shares `a`'s right edge (RCC8 EC).
    static let adjacent = "POLYGON((10 0, 20 0, 20 10, 10 10, 10 0))"
    /// Partly overlaps `a` (RCC8 PO).
    static let overlapping = "POLYGON((5 5, 15 5, 15 15, 5 15, 5 5))"
    /// Far from `a` (RCC8 DC).
    static let far = "POLYGON((30 30, 40 30, 40 40, 30 40, 30 30))"
    /// Crosses `a`.
    static let line = "LINESTRING(-5 5, 15 5)"
    /// `a` with its vertices in another order.
    static let aRotated = "POLYGON((10 0, 10 10, 0 10, 0 0, 10 0))"

    /// (relation, first, second, expected)
    static let cases: [(String, String, String, Bool)] = [
        ("sfEquals", a, aRotated, true), ("sfEquals", a, inner, false),
        ("sfDisjoint", a, far, true), ("sfDisjoint", a, adjacent, false),
        ("sfIntersects", a, adjacent, true), ("sfIntersects", a, far, false),
        ("sfTouches", a, adjacent, true), ("sfTouches", a, overlapping, false),
        ("sfCrosses", line, a, true), ("sfCrosses", a, overlapping, false),
        ("sfWithin", inner, a, true), ("sfWithin", a, inner, false),
        ("sfContains", a, inner, true), ("sfContains", inner, a, false),
        ("sfOverlaps", a, overlapping, true), ("sfOverlaps", a, inner, false),
        ("ehEquals", a, aRotated, true), ("ehEquals", a, tangentInner, false),
        ("ehDisjoint", a, far, true), ("ehDisjoint", a, adjacent, false),
        ("ehMeet", a, adjacent, true), ("ehMeet", a, overlapping, false),
        ("ehOverlap", a, overlapping, true), ("ehOverlap", a, adjacent, false),
        ("ehCovers", a, tangentInner, true), ("ehCovers", a, inner, false),
        ("ehCoveredBy", tangentInner, a, true), ("ehCoveredBy", inner, a, false),
        ("ehInside", inner, a, true), ("ehInside", tangentInner, a, false),
        ("ehContains", a, inner, true), ("ehContains", a, tangentInner, false),
        ("rcc8eq", a, aRotated, true), ("rcc8eq", a, inner, false),
        ("rcc8dc", a, far, true), ("rcc8dc", a, adjacent, false),
        ("rcc8ec", a, adjacent, true), ("rcc8ec", a, far, false),
        ("rcc8po", a, overlapping, true), ("rcc8po", a, inner, false),
        ("rcc8tppi", a, tangentInner, true), ("rcc8tppi", a, inner, false),
        ("rcc8tpp", tangentInner, a, true), ("rcc8tpp", inner, a, false),
        ("rcc8ntpp", inner, a, true), ("rcc8ntpp", tangentInner, a, false),
        ("rcc8ntppi", a, inner, true), ("rcc8ntppi", a, tangentInner, false),
    ]

    static func cases(_ prefix: String) -> [(String, String, String, Bool)] {
        cases.filter { $0.0.hasPrefix(prefix) }
    }
}

/// The topological filter functions through a SELECT over an empty store.
func relationHolds(_ name: String, _ a: String, _ b: String) throws -> Bool? {
    try GeoFixture("").evaluate("geof:\(name)(\(wkt(a)), \(wkt(b)))")?.bool
}

@Suite("/req/geometry-topology-extension/relate-query-function (1.0, 1.1)")
struct RelateQueryFunctionTests {
    @Test("/req/geometry-topology-extension/relate-query-function: geof:relate matches DE-9IM patterns")
    func relateMatchesPatterns() throws {
        let fixture = try GeoFixture("")
        #expect(try fixture.evaluate("geof:relate(\(wkt(Shapes.a)), \(wkt(Shapes.inner)), \"T*****FF*\")")?.bool == true)
        #expect(try fixture.evaluate("geof:relate(\(wkt(Shapes.a)), \(wkt(Shapes.far)), \"FF*FF****\")")?.bool == true)
        #expect(try fixture.evaluate("geof:relate(\(wkt(Shapes.a)), \(wkt(Shapes.far)), \"T********\")")?.bool == false)
        // The two-argument form (an extension) gives the matrix.
        #expect(try fixture.evaluate("geof:relate(\(wkt(Shapes.a)), \(wkt(Shapes.inner)))")?.lexical == "212FF1FF2")
    }

    @Test("/req/geometry-topology-extension/relate-query-function: a malformed pattern is an error")
    func malformedPatternIsAnError() throws {
        #expect(try GeoFixture("").evaluate("geof:relate(\(wkt(Shapes.a)), \(wkt(Shapes.inner)), \"T*F\")") == nil)
    }
}

@Suite("/req/geometry-topology-extension/sf-query-functions (1.0, 1.1)")
struct SimpleFeaturesQueryFunctionTests {
    @Test("/req/geometry-topology-extension/sf-query-functions", arguments: Shapes.cases("sf"))
    func simpleFeaturesFunction(_ testCase: (String, String, String, Bool)) throws {
        #expect(try relationHolds(testCase.0, testCase.1, testCase.2) == testCase.3)
    }

    @Test("/req/geometry-topology-extension/sf-query-functions: operands in different CRSs")
    func operandsInDifferentCRSs() throws {
        // The same point in CRS84 (lon lat) and EPSG:4326 (lat lon) is equal, and a
        // point in Web Mercator is transformed before the test.
        let fixture = try GeoFixture("")
        #expect(try fixture.evaluate("geof:sfEquals(\(wkt("POINT(4.9 52.37)")), \(wkt("<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(52.37 4.9)")))")?.bool == true)
        #expect(try fixture.evaluate("geof:sfWithin(\(wkt("<http://www.opengis.net/def/crs/EPSG/0/3857> POINT(545465 6865420)")), \(wkt("POLYGON((4 52, 6 52, 6 53, 4 53, 4 52))")))")?.bool == true)
    }

    @Test("/req/geometry-topology-extension/sf-query-functions: non-geometries are errors, empty geometries are disjoint")
    func errorsAndEmptyGeometries() throws {
        let fixture = try GeoFixture("")
        #expect(try fixture.evaluate("geof:sfIntersects(\"POINT(1 1)\", \(wkt(Shapes.a)))") == nil)
        #expect(try fixture.evaluate("geof:sfIntersects(\(wkt("POINT(1")), \(wkt(Shapes.a)))") == nil)
        #expect(try fixture.evaluate("geof:sfIntersects(\(wkt("")), \(wkt(Shapes.a)))")?.bool == false)
        #expect(try fixture.evaluate("geof:sfDisjoint(\(wkt("")), \(wkt(Shapes.a)))")?.bool == true)
    }
}

@Suite("/req/geometry-topology-extension/eh-query-functions (1.0, 1.1)")
struct EgenhoferQueryFunctionTests {
    @Test("/req/geometry-topology-extension/eh-query-functions", arguments: Shapes.cases("eh"))
    func egenhoferFunction(_ testCase: (String, String, String, Bool)) throws {
        #expect(try relationHolds(testCase.0, testCase.1, testCase.2) == testCase.3)
    }
}

@Suite("/req/geometry-topology-extension/rcc8-query-functions (1.0, 1.1)")
struct RCC8QueryFunctionTests {
    @Test("/req/geometry-topology-extension/rcc8-query-functions", arguments: Shapes.cases("rcc8"))
    func rcc8Function(_ testCase: (String, String, String, Bool)) throws {
        #expect(try relationHolds(testCase.0, testCase.1, testCase.2) == testCase.3)
    }
}
