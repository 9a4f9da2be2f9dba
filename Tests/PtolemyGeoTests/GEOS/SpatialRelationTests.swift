import Testing
import PtolemyGeo

@Suite struct SpatialRelationTests {
    let square = try! Geometry(wkt: "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))")

    /// For each region compared with the square, the relations that must hold, per family.
    static let cases: [(String, Set<SpatialRelation>)] = [
        // Inner square touching the boundary from inside: tangential proper part.
        ("POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))", [.sfWithin, .sfIntersects, .ehCoveredBy, .rcc8tpp]),
        // Strictly inside: non-tangential proper part.
        ("POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))", [.sfWithin, .sfIntersects, .ehInside, .rcc8ntpp]),
        // Sharing an edge from outside: externally connected.
        ("POLYGON ((4 0, 6 0, 6 4, 4 4, 4 0))", [.sfTouches, .sfIntersects, .ehMeet, .rcc8ec]),
        // Partly overlapping.
        ("POLYGON ((2 2, 6 2, 6 6, 2 6, 2 2))", [.sfOverlaps, .sfIntersects, .ehOverlap, .rcc8po]),
        // Apart.
        ("POLYGON ((10 10, 11 10, 11 11, 10 11, 10 10))", [.sfDisjoint, .ehDisjoint, .rcc8dc]),
        // Same region, different vertex order.
        ("POLYGON ((4 4, 0 4, 0 0, 4 0, 4 4))", [.sfEquals, .sfWithin, .sfContains, .sfIntersects, .ehEquals, .rcc8eq]),
        // Containing the square and touching it at two edges: tangential proper part, inverse.
        ("POLYGON ((0 0, 8 0, 8 8, 0 8, 0 0))", [.sfContains, .sfIntersects, .ehCovers, .rcc8tppi]),
    ]

    @Test(arguments: cases)
    func regionRelations(_ wkt: String, _ expected: Set<SpatialRelation>) throws {
        let other = try Geometry(wkt: wkt)
        let prepared = try PreparedGeometry(other)
        for relation in SpatialRelation.allCases {
            let holds = try relation.evaluate(other, square)
            #expect(holds == expected.contains(relation), "\(relation) of \(wkt)")
            #expect(try relation.evaluate(prepared, square) == holds, "prepared \(relation)")
        }
        // The Egenhofer and RCC8 relations are jointly exhaustive and pairwise
        // disjoint for regions: exactly one of each family holds.
        let egenhofer = try SpatialRelation.allCases.filter { $0.rawValue.hasPrefix("eh") }.filter { try $0.evaluate(other, square) }
        let rcc8 = try SpatialRelation.allCases.filter { $0.rawValue.hasPrefix("rcc8") }.filter { try $0.evaluate(other, square) }
        #expect(egenhofer.count == 1 && rcc8.count == 1, "\(egenhofer) \(rcc8)")
    }

    @Test func inverseRelations() throws {
        let inner = try Geometry(wkt: "POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))")
        #expect(try SpatialRelation.rcc8ntppi.evaluate(square, inner))
        #expect(try SpatialRelation.ehContains.evaluate(square, inner))
        #expect(try SpatialRelation.sfContains.evaluate(square, inner))
        let corner = try Geometry(wkt: "POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0))")
        #expect(try SpatialRelation.rcc8tppi.evaluate(square, corner))
        #expect(try SpatialRelation.ehCovers.evaluate(square, corner))
    }

    @Test func crossesDependsOnDimension() throws {
        let line = try Geometry(wkt: "LINESTRING (-1 2, 5 2)")
        #expect(try SpatialRelation.sfCrosses.evaluate(line, square))
        let other = try Geometry(wkt: "LINESTRING (2 -1, 2 5)")
        #expect(try SpatialRelation.sfCrosses.evaluate(line, other))
        #expect(try line.relate(other) == "0F1FF0102")
    }

    @Test func rectangleGeometries() throws {
        #expect(try Geometry(boundingBox: BoundingBox(minX: 0, minY: 1, maxX: 2, maxY: 3)).wkt == "POLYGON ((0 1, 2 1, 2 3, 0 3, 0 1))")
        #expect(try Geometry(boundingBox: BoundingBox(x: 1, y: 2)).wkt == "POINT (1 2)")
        #expect(try Geometry(boundingBox: BoundingBox(minX: 0, minY: 1, maxX: 2, maxY: 1)).wkt == "LINESTRING (0 1, 2 1)")
        #expect(try Geometry(boundingBox: .empty).isEmpty)
    }

    @Test func collectionsOfMixedDimensionsStillSerialize() throws {
        // GEOS writes such a collection with members in their own dimensions.
        let mixed = try Geometry.collection([try Geometry(wkt: "POINT Z (1 2 3)"), try Geometry(wkt: "LINESTRING (4 5, 6 7)")])
        #expect(mixed.wkt == "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING (4 5, 6 7))")
        let literal = GeometryLiteral(mixed, crs: .crs84)
        #expect(try GeometryLiteral(wkb: literal.wkb, crs: .crs84) == literal)
        #expect(mixed.geoJSON.contains("[1,2,3]"))
    }
}
