import Testing
import PtolemyGeo

@Suite struct OperationTests {
    let a = try! Geometry(wkt: "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
    let b = try! Geometry(wkt: "POLYGON ((1 1, 3 1, 3 3, 1 3, 1 1))")

    @Test func overlayAreas() throws {
        // Two 2x2 squares overlapping in a 1x1 square.
        #expect(try a.intersection(b).area == 1)
        #expect(try a.union(b).area == 7)
        #expect(try a.difference(b).area == 3)
        #expect(try a.symDifference(b).area == 6)
        #expect(try a.intersection(b).normalized().wkt == "POLYGON ((1 1, 1 2, 2 2, 2 1, 1 1))")
    }

    @Test func measures() throws {
        #expect(a.area == 4)
        #expect(a.length == 8)
        #expect(try Geometry(wkt: "LINESTRING (0 0, 3 4, 3 10)").length == 11)
        #expect(try Geometry(wkt: "POINT (0 0)").distance(to: Geometry(wkt: "POINT (3 4)")) == 5)
        #expect(try a.distance(to: b) == 0)
        #expect(try a.distance(to: Geometry(wkt: "POINT (5 2)")) == 3)
        #expect(try a.isWithinDistance(3, of: Geometry(wkt: "POINT (5 2)")))
        #expect(try !a.isWithinDistance(2.9, of: Geometry(wkt: "POINT (5 2)")))
        #expect(throws: GeoError.self) { try a.distance(to: Geometry(wkt: "POINT EMPTY")) }
        let nearest = try a.nearestPoints(to: Geometry(wkt: "POINT (5 1)"))
        #expect(nearest.this.x == 2 && nearest.this.y == 1)
    }

    @Test func constructions() throws {
        #expect(try a.centroid().wkt == "POINT (1 1)")
        #expect(try a.envelope().wkt == "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
        #expect(try Geometry(wkt: "LINESTRING (0 0, 3 4)").envelope().area == 12)
        #expect(try a.boundary().wkt == "LINESTRING (0 0, 2 0, 2 2, 0 2, 0 0)")
        #expect(try a.contains(a.pointOnSurface()))
        let points = try Geometry(wkt: "MULTIPOINT ((0 0), (4 0), (4 4), (0 4), (2 2), (1 3))")
        #expect(try points.convexHull().area == 16)
        // 8 segments per quadrant: a 32-gon of radius 1 has area 16 sin(pi/16).
        let disc = try Geometry(wkt: "POINT (0 0)").buffer(1)
        #expect(abs(disc.area - 16 * 0.19509032201612825) < 1e-12)
        #expect(try Geometry(wkt: "POINT (0 0)").buffer(1, quadrantSegments: 64).area > 3.14)
    }

    @Test func concaveHullIsTighterThanConvex() throws {
        // An L of points: the convex hull fills the notch, the concave hull does not.
        var wkt = "MULTIPOINT ("
        var first = true
        for x in 0...10 { for y in 0...10 where x <= 2 || y <= 2 {
            wkt += (first ? "" : ", ") + "(\(x) \(y))"; first = false
        } }
        wkt += ")"
        let points = try Geometry(wkt: wkt)
        let convex = try points.convexHull().area
        let concave = try points.concaveHull(ratio: 0.1).area
        // Hull vertices (0,0), (10,0), (10,2), (2,10), (0,10): shoelace area 136 / 2.
        #expect(convex == 68)
        // The L itself covers 36; a tight hull stays close to that.
        #expect(concave >= 36 && concave < 50)
        #expect(try points.concaveHull(ratio: 1).area == convex)
        #expect(throws: GeoError.self) { try points.concaveHull(ratio: 2) }
    }

    @Test func minimumBoundingCircle() throws {
        let (circle, center, radius) = try Geometry(wkt: "MULTIPOINT ((0 0), (10 0), (5 5))").minimumBoundingCircle()
        #expect(radius == 5)
        #expect(center.wkt == "POINT (5 0)")
        #expect(circle.type == .polygon)
    }

    @Test func collectionsAndUnaryUnion() throws {
        let union = try Geometry.unaryUnion(of: [a, b, try Geometry(wkt: "POINT (1 1)")])
        #expect(union.area == 7)
        #expect(union.type == .polygon)
        let collection = try Geometry.collection([a, b])
        #expect(collection.type == .multiPolygon)
        #expect(collection.numGeometries == 2)
        #expect(try collection.geometry(at: 1).wkt == b.wkt)
        #expect(throws: GeoError.self) { try collection.geometry(at: 2) }
        #expect(try Geometry.unaryUnion(of: []).isEmpty)
    }

    @Test func properties() throws {
        let z = try Geometry(wkt: "LINESTRING Z (0 0 5, 1 2 -1)")
        #expect(z.hasZ && z.coordinateDimension == 3 && z.dimension == 1)
        #expect(z.minZ == -1 && z.maxZ == 5)
        #expect(z.minX == 0 && z.maxX == 1 && z.minY == 0 && z.maxY == 2)
        #expect(a.minZ == nil)
        #expect(a.dimension == 2 && a.typeName == "Polygon" && a.numPoints == 5)
        #expect(try Geometry(wkt: "POINT (1 1)").dimension == 0)
        #expect(try Geometry(wkt: "GEOMETRYCOLLECTION EMPTY").dimension == -1)
        #expect(try Geometry(wkt: "POINT EMPTY").isEmpty)
        #expect(try Geometry(wkt: "POINT EMPTY").minX == nil)
        #expect(try Geometry(wkt: "LINESTRING (0 0, 2 2, 0 2, 2 0)").isSimple() == false)
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 0 2, 2 0, 0 0))")
        #expect(!bowtie.isValid)
        #expect(bowtie.validityReason.contains("Self-intersection"))
        #expect(try bowtie.makeValid().isValid)
        #expect(a.isValid)
    }

    @Test func geosErrorsBecomeGeoErrors() throws {
        // Overlay of an invalid polygon raises a GEOS TopologyException.
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 0 2, 2 0, 0 0))")
        do {
            _ = try bowtie.intersection(try Geometry(wkt: "POLYGON ((0 0, 2 2, 0 2, 2 0, 0 0))").buffer(0.1))
        } catch let error as GeoError {
            #expect(error.kind == .geos)
            #expect(error.message.contains("intersection"))
        }
    }

    @Test func geometriesCanBeSharedAcrossTasks() async throws {
        let shared = a
        let results = try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0..<8 {
                group.addTask { try (0..<200).reduce(0.0) { sum, _ in sum + (try shared.intersection(b).area) } }
            }
            return try await group.reduce(0, +)
        }
        #expect(results == 8 * 200)
    }
}
