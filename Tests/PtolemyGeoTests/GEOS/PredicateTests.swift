import Testing
import PtolemyGeo

@Suite struct PredicateTests {
    let unit = try! Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")
    let rightNeighbour = try! Geometry(wkt: "POLYGON ((1 0, 2 0, 2 1, 1 1, 1 0))")
    let cornerNeighbour = try! Geometry(wkt: "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))")
    let big = try! Geometry(wkt: "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")
    let small = try! Geometry(wkt: "POLYGON ((2 2, 3 2, 3 3, 2 3, 2 2))")
    let overlapping = try! Geometry(wkt: "POLYGON ((0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 1.5, 0.5 0.5))")
    let far = try! Geometry(wkt: "POINT (50 50)")

    @Test func polygonsSharingAnEdgeTouch() throws {
        // Interiors disjoint (F), boundaries share a line (1).
        #expect(try unit.relate(rightNeighbour) == "FF2F11212")
        #expect(try unit.touches(rightNeighbour))
        #expect(try unit.intersects(rightNeighbour))
        #expect(try !unit.disjoint(rightNeighbour))
        #expect(try !unit.overlaps(rightNeighbour))
        #expect(try !unit.contains(rightNeighbour))
    }

    @Test func polygonsSharingACornerTouchInAPoint() throws {
        #expect(try unit.relate(cornerNeighbour) == "FF2F01212")
        #expect(try unit.touches(cornerNeighbour))
        #expect(try unit.relate(cornerNeighbour, pattern: "FF*F0****"))
        #expect(try !unit.relate(cornerNeighbour, pattern: "FF*F1****"))
    }

    @Test func containment() throws {
        #expect(try big.relate(small) == "212FF1FF2")
        #expect(try big.contains(small))
        #expect(try small.within(big))
        #expect(try big.covers(small))
        #expect(try small.coveredBy(big))
        #expect(try !small.contains(big))
        // A polygon covers its own boundary but does not contain it.
        let edge = try Geometry(wkt: "LINESTRING (0 0, 10 0)")
        #expect(try big.covers(edge))
        #expect(try !big.contains(edge))
        #expect(try edge.coveredBy(big))
    }

    @Test func overlapsCrossesAndEquals() throws {
        #expect(try unit.overlaps(overlapping))
        #expect(try unit.relate(overlapping) == "212101212")
        let line = try Geometry(wkt: "LINESTRING (-1 0.5, 2 0.5)")
        #expect(try line.crosses(unit))
        #expect(try !line.within(unit))
        let sameSquare = try Geometry(wkt: "POLYGON ((1 1, 0 1, 0 0, 1 0, 1 1))")
        #expect(try unit.equals(sameSquare))
        #expect(try !unit.equalsExact(sameSquare))
        #expect(try Geometry(wkt: "POINT EMPTY").equals(Geometry(wkt: "LINESTRING EMPTY")))
    }

    @Test func boxesApartDecideWithoutGEOS() throws {
        #expect(try !unit.intersects(far))
        #expect(try unit.disjoint(far))
        #expect(try !unit.touches(far))
        // The point lies in the exterior of the square (EI = 0) and has no boundary.
        #expect(try unit.relate(far) == "FF2FF10F2")
    }

    @Test func relatePatternsAreValidated() throws {
        #expect(throws: GeoError.self) { try unit.relate(far, pattern: "T*") }
        #expect(throws: GeoError.self) { try unit.relate(far, pattern: "TTTTTTTTX") }
        #expect(try Geometry.matches(matrix: "212101212", pattern: "T*T***T**"))
        #expect(try !Geometry.matches(matrix: "FF2F11212", pattern: "T********"))
        #expect(try Geometry.matches(matrix: "FF2F11212", pattern: "ff2f11212"))
    }

    @Test func predicatesWorkOnCollections() throws {
        let collection = try Geometry(wkt: "GEOMETRYCOLLECTION (POINT (0.5 0.5), LINESTRING (0 0, 1 1))")
        let square = try Geometry(wkt: "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
        #expect(try square.contains(collection))
        #expect(try collection.relate(square) == "1FF00F212")
    }
}
