import Testing
@testable import PtolemyGeo

/// The raster approximation may only settle what GEOS agrees with: every verdict it
/// gives is checked against the exact relation, for candidates placed at random,
/// on edges, on vertices and on cell borders.
@Suite struct InteriorGridTests {
    static let polygons = [
        // Concave, with a hole.
        "POLYGON((0 0, 10 0, 10 10, 6 10, 6 4, 4 4, 4 10, 0 10, 0 0), (1 1, 3 1, 3 3, 1 3, 1 1))",
        // Two parts, one touching the extent only at a vertex.
        "MULTIPOLYGON(((0 0, 4 1, 3 5, 0 0)), ((5 5, 9 5, 9 9, 5 9, 5 5), (6 6, 8 6, 8 8, 6 8, 6 6)))",
        // A long thin slanted corridor (few interior cells).
        "POLYGON((20.5 40.6, 25.6 40.75, 25.6 40.8, 20.5 40.65, 20.5 40.6))",
        // Axis-aligned: edges on the grid's outer cell borders.
        "POLYGON((2 2, 6 2, 6 5, 2 5, 2 2))",
    ]

    @Test func verdictsAgreeWithGEOS() throws {
        var random = SplitMix64(seed: 2026)
        for wkt in Self.polygons {
            let polygon = try Geometry(wkt: wkt)
            let grid = try #require(InteriorGrid(polygon, resolution: 64))
            let box = polygon.boundingBox
            var candidates: [Geometry] = []
            let margin = max(box.width, box.height) * 0.2
            for _ in 0..<400 {
                let x = random.uniform(box.minX - margin, box.maxX + margin)
                let y = random.uniform(box.minY - margin, box.maxY + margin)
                let d = random.uniform(0, max(box.width, box.height) / 20)
                candidates.append(try Geometry(wkt: "POINT(\(x) \(y))"))
                candidates.append(try Geometry(wkt: "LINESTRING(\(x) \(y), \(x + d) \(y + d / 2))"))
                candidates.append(try Geometry(wkt: "POLYGON((\(x) \(y), \(x + d) \(y), \(x + d) \(y + d), \(x) \(y + d), \(x) \(y)))"))
                // Long lines of several segments and multi-lines: their boxes rarely settle
                // them, their segments and vertices often do.
                let x2 = random.uniform(box.minX - margin, box.maxX + margin), y2 = random.uniform(box.minY - margin, box.maxY + margin)
                let xm = (x + x2) / 2 + random.uniform(-d, d), ym = (y + y2) / 2 + random.uniform(-d, d)
                candidates.append(try Geometry(wkt: "LINESTRING(\(x) \(y), \(xm) \(ym), \(x2) \(y2))"))
                candidates.append(try Geometry(wkt: "MULTILINESTRING((\(x) \(y), \(x + d) \(y)), (\(x2) \(y2), \(x2) \(y2 + d)))"))
            }
            // Points on the boundary: vertices and edge midpoints.
            for vertex in try vertices(of: wkt) {
                candidates.append(try Geometry(wkt: "POINT(\(vertex.0) \(vertex.1))"))
            }
            for pair in zip(try vertices(of: wkt), try vertices(of: wkt).dropFirst()) {
                candidates.append(try Geometry(wkt: "POINT(\((pair.0.0 + pair.1.0) / 2) \((pair.0.1 + pair.1.1) / 2))"))
            }
            var settled = 0
            for candidate in candidates {
                if let placement = grid.placement(wkb: candidate.wkb) {
                    if placement == .exterior { #expect(candidate.type != .polygon, "\(candidate.wkt): areal geometries are never placed outside by their vertices") }
                    for relation in SpatialRelation.allCases {
                        for candidateFirst in [true, false] {
                            guard let verdict = relation.verdict(candidate: placement, candidateFirst: candidateFirst) else { continue }
                            let exact = candidateFirst ? try relation.evaluate(candidate, polygon) : try relation.evaluate(polygon, candidate)
                            #expect(verdict == exact, "\(relation) with the geometry placed \(placement), \(candidate.wkt) against \(wkt)")
                        }
                    }
                }
                guard let placement = grid.placement(of: candidate.boundingBox) else { continue }
                settled += 1
                for relation in SpatialRelation.allCases {
                    for candidateFirst in [true, false] {
                        guard let verdict = relation.verdict(candidate: placement, candidateFirst: candidateFirst) else { continue }
                        let exact = candidateFirst ? try relation.evaluate(candidate, polygon) : try relation.evaluate(polygon, candidate)
                        #expect(verdict == exact, "\(relation)(\(candidateFirst ? "candidate, polygon" : "polygon, candidate")) for \(candidate.wkt) against \(wkt): grid says \(verdict)")
                    }
                }
            }
            // The approximation must settle most candidates, or it is no use.
            #expect(settled > candidates.count / 2, "only \(settled) of \(candidates.count) settled for \(wkt)")
        }
    }

    @Test func boundaryPointsAreNeverSettled() throws {
        for wkt in Self.polygons {
            let grid = try #require(InteriorGrid(try Geometry(wkt: wkt), resolution: 64))
            for vertex in try vertices(of: wkt) {
                #expect(grid.placement(of: BoundingBox(x: vertex.0, y: vertex.1)) == nil, "vertex \(vertex) of \(wkt)")
            }
        }
    }

    @Test func onlyValidPolygonsGetAGrid() throws {
        #expect(InteriorGrid(try Geometry(wkt: "POINT(1 2)")) == nil)
        #expect(InteriorGrid(try Geometry(wkt: "LINESTRING(0 0, 1 1)")) == nil)
        #expect(InteriorGrid(try Geometry(wkt: "POLYGON EMPTY")) == nil)
        // A bow-tie: the even-odd rule would not describe what GEOS does with it.
        #expect(InteriorGrid(try Geometry(wkt: "POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))")) == nil)
        #expect(InteriorGrid(try Geometry(wkt: "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))")) != nil)
    }

    @Test func farAwayIsExteriorAndEmptyIsUndecided() throws {
        let grid = try #require(InteriorGrid(try Geometry(wkt: Self.polygons[0])))
        #expect(grid.placement(of: BoundingBox(minX: 50, minY: 50, maxX: 60, maxY: 60)) == .exterior)
        #expect(grid.placement(of: .empty) == nil)
        #expect(grid.placement(of: BoundingBox(x: 8, y: 2)) == .interior)
        #expect(grid.placement(of: BoundingBox(x: 2, y: 2)) == .exterior)   // inside the hole
        #expect(grid.placement(of: BoundingBox(x: 5, y: 8)) == .exterior)   // in the notch
    }

    @Test func verticesAreReadFromEveryKindOfWKB() throws {
        let grid = try #require(InteriorGrid(try Geometry(wkt: Self.polygons[0])))
        // Only the last vertex (8 8) is inside; each geometry must be walked to it.
        for wkt in ["MULTIPOINT((20 20), (8 8))", "LINESTRING Z(20 20 1, 30 30 2, 8 8 3)",
                    "GEOMETRYCOLLECTION(POINT(20 20), MULTILINESTRING((20 20, 30 30), (30 30, 8 8)))",
                    "POLYGON((20 20, 30 20, 30 30, 20 20), (8 8, 8.5 8, 8.5 8.5, 8 8))"] {
            #expect(grid.placement(wkb: try Geometry(wkt: wkt).wkb) == .meetsInterior, "\(wkt)")
        }
        // Wholly outside: a line and points are placed there, a polygon (which might
        // surround the grid's) is not.
        #expect(grid.placement(wkb: try Geometry(wkt: "LINESTRING(20 20, 30 30)").wkb) == .exterior)
        #expect(grid.placement(wkb: try Geometry(wkt: "MULTIPOINT((20 20), (-5 3))").wkb) == .exterior)
        #expect(grid.placement(wkb: try Geometry(wkt: "POLYGON((-20 -20, 30 -20, 30 30, -20 -20))").wkb) == nil)
        // A line passing through a boundary cell, with no vertex inside, is not settled.
        #expect(grid.placement(wkb: try Geometry(wkt: "LINESTRING(-1 5, 11 5)").wkb) == nil)
        // Truncated or garbage bytes are not read past their end.
        let wkb = try Geometry(wkt: "LINESTRING(20 20, 8 8)").wkb
        #expect(grid.placement(wkb: Array(wkb.prefix(wkb.count - 8))) == nil)
        #expect(grid.placement(wkb: [1, 2, 0, 0, 0, 255, 255, 255, 127]) == nil)
        #expect(grid.placement(wkb: []) == nil)
    }

    /// The vertices of every ring, in order (closing vertex included).
    private func vertices(of wkt: String) throws -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        try Geometry(wkt: wkt).shape.forEachSequence { ring in
            let stride = ring.dimensions.stride
            for k in 0..<ring.pointCount { out.append((ring.coordinates[k * stride], ring.coordinates[k * stride + 1])) }
        }
        return out
    }
}
