import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyRDF
import Testing

/// The function library and its cache on their own, without the engine.
@Suite("GeoSPARQL function library")
struct LibraryTests {
    static let geofFunctions = [
        "distance", "buffer", "convexHull", "intersection", "union", "difference", "symDifference", "envelope", "boundary",
        "getSRID", "relate", "area", "length", "centroid", "dimension", "coordinateDimension", "spatialDimension",
        "isEmpty", "isSimple", "is3D", "isMeasured", "numGeometries", "geometryN", "transform",
        "asWKT", "asGML", "asGeoJSON", "asKML", "asDGGS", "minX", "maxX", "minY", "maxY", "minZ", "maxZ",
    ] + SpatialRelation.allCases.map(\.localName)

    @Test func everyFunctionOfGeoSPARQL11IsThere() {
        let library = GeoSPARQLFunctionLibrary(cache: GeometryCache())
        for name in Self.geofFunctions {
            #expect(library.function(GeoSPARQL.function(name)) != nil, "geof:\(name)")
        }
        #expect(library.functions.count == Self.geofFunctions.count)
        #expect(Set(library.aggregates.map(\.iri)) == Set(["aggBoundingBox", "aggBoundingCircle", "aggCentroid", "aggConcaveHull", "aggConvexHull", "aggUnion"].map(GeoSPARQL.function)))
    }

    @Test func repeatedLiteralsParseOnceAndArePreparedOnReuse() throws {
        let cache = GeometryCache()
        let literal = Literal("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", datatype: GeoSPARQL.wktLiteral)
        let first = try cache.geometry(literal)
        #expect(first.preparedIfReused == nil)
        let second = try cache.geometry(literal)
        #expect(first === second)
        #expect(second.preparedIfReused != nil)
        #expect(cache.count == 1)
        // Failures are cached too.
        let bad = Literal("POLYGON((0 0", datatype: GeoSPARQL.wktLiteral)
        #expect(throws: GeoSPARQLError.self) { try cache.geometry(bad) }
        #expect(throws: GeoSPARQLError.self) { try cache.geometry(bad) }
        #expect(cache.count == 2)
    }

    @Test func theCacheStaysBounded() throws {
        let cache = GeometryCache(capacity: 10)
        let hot = Literal("POINT(0 0)", datatype: GeoSPARQL.wktLiteral)
        let parsed = try cache.geometry(hot)
        for i in 0..<100 {
            _ = try cache.geometry(Literal("POINT(\(i) 1)", datatype: GeoSPARQL.wktLiteral))
            _ = try cache.geometry(hot)
            #expect(cache.count <= 10)
        }
        #expect(try cache.geometry(hot) === parsed)
    }

    @Test func preparedAndPlainEvaluationAgree() throws {
        let cache = GeometryCache()
        let constant = Literal("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))", datatype: GeoSPARQL.wktLiteral)
        let shapes = [Shapes.inner, Shapes.tangentInner, Shapes.adjacent, Shapes.overlapping, Shapes.far, Shapes.line]
        for _ in 0..<3 { _ = try cache.geometry(constant) }
        for shape in shapes {
            let other = try GeometryCache().geometry(Literal(shape, datatype: GeoSPARQL.wktLiteral))
            let big = try cache.geometry(constant)
            for relation in SpatialRelation.allCases {
                let plain = try relation.evaluate(big.geometry, other.geometry)
                #expect(try TopologicalTest.evaluate(relation, big, other) == plain, "\(relation) \(shape)")
                #expect(try TopologicalTest.evaluate(relation.converse, other, big) == plain, "converse \(relation) \(shape)")
            }
        }
    }

    @Test func unitsOfMeasure() {
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "metre")?.factor == 1)
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "meter")?.factor == 1)
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "kilometre")?.factor == 1000)
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "squareKilometre")?.kind == .area)
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "squareKilometre")?.factor == 1e6)
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "degree")?.kind == .angular)
        #expect(UnitOfMeasure(iri: "http://www.opengis.net/def/uom/EPSG/0/9001")?.factor == 1)
        #expect(UnitOfMeasure(iri: GeoSPARQL.uom + "furlong") == nil)
        #expect(UnitOfMeasure(iri: "http://example.org/metre") == nil)
    }
}
