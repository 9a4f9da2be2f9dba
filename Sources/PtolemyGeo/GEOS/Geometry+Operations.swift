internal import CGEOS

/// Constructions: the GeoSPARQL non-topological functions that return a
/// geometry (https://docs.ogc.org/is/22-047r1/22-047r1.html#_non_topological_query_functions),
/// plus the hulls and unions the aggregates need. All work in the geometries'
/// own (planar) coordinates; both operands of a binary operation must share a CRS.
extension Geometry {
    @inline(__always)
    private func unary(_ name: String, _ call: (OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        let context = GEOSContext.current
        return Geometry(owning: try context.check(call(context.handle, handle), name), context: context)
    }

    @inline(__always)
    private func binary(_ other: Geometry, _ name: String,
                        _ call: (OpaquePointer, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        let context = GEOSContext.current
        return Geometry(owning: try context.check(call(context.handle, handle, other.handle), name), context: context)
    }

    /// The point set shared by both geometries (`geof:intersection`).
    public func intersection(_ other: Geometry) throws -> Geometry {
        try binary(other, "intersection", GEOSIntersection_r)
    }

    /// The points of either geometry (`geof:union`).
    public func union(_ other: Geometry) throws -> Geometry {
        try binary(other, "union", GEOSUnion_r)
    }

    /// The points of this geometry not in `other` (`geof:difference`).
    public func difference(_ other: Geometry) throws -> Geometry {
        try binary(other, "difference", GEOSDifference_r)
    }

    /// The points in exactly one of the two (`geof:symDifference`).
    public func symDifference(_ other: Geometry) throws -> Geometry {
        try binary(other, "symDifference", GEOSSymDifference_r)
    }

    /// The union of this geometry's own parts: dissolves overlapping polygons,
    /// nodes lines, drops points covered by other members.
    public func unaryUnion() throws -> Geometry {
        try unary("unaryUnion", GEOSUnaryUnion_r)
    }

    /// The points within `distance` of this geometry (`geof:buffer` in the
    /// geometry's own units; convert metres first for projected CRSs).
    /// - Parameters:
    ///   - distance: may be negative to erode polygons.
    ///   - quadrantSegments: segments used to approximate a quarter circle.
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        guard distance.isFinite else { throw GeoError(.invalidArgument, "buffer distance \(distance) is not finite") }
        let context = GEOSContext.current
        return Geometry(owning: try context.check(GEOSBuffer_r(context.handle, handle, distance, Int32(quadrantSegments)), "buffer"), context: context)
    }

    /// The smallest convex polygon containing the geometry (`geof:convexHull`).
    public func convexHull() throws -> Geometry {
        try unary("convexHull", GEOSConvexHull_r)
    }

    /// A possibly non-convex polygon enclosing the geometry's points
    /// (`geof:concaveHull`, GEOS's `GEOSConcaveHull`).
    /// - Parameters:
    ///   - ratio: 0 gives the tightest hull, 1 the convex hull; the edge length
    ///     ratio in between.
    ///   - allowHoles: whether the hull may have holes.
    public func concaveHull(ratio: Double, allowHoles: Bool = false) throws -> Geometry {
        guard (0...1).contains(ratio) else {
            throw GeoError(.invalidArgument, "concave hull ratio \(ratio) is outside 0...1")
        }
        let context = GEOSContext.current
        return Geometry(owning: try context.check(GEOSConcaveHull_r(context.handle, handle, ratio, allowHoles ? 1 : 0), "concaveHull"), context: context)
    }

    /// The bounding box as a geometry (`geof:envelope`): a polygon, or a point
    /// when the box is a single point; empty for an empty geometry.
    public func envelope() throws -> Geometry {
        try unary("envelope", GEOSEnvelope_r)
    }

    /// The topological boundary (`geof:boundary`): the rings of a polygon, the end
    /// points of a line, nothing for a point.
    /// - Throws: ``GeoError`` for a heterogeneous geometry collection (GEOS 3.11
    ///   defines no boundary for those).
    public func boundary() throws -> Geometry {
        try unary("boundary", GEOSBoundary_r)
    }

    /// The centre of mass of the highest-dimension parts (`geof:centroid`).
    public func centroid() throws -> Geometry {
        try unary("centroid", GEOSGetCentroid_r)
    }

    /// A point guaranteed to lie in the geometry's interior (or on it, for
    /// points and lines).
    public func pointOnSurface() throws -> Geometry {
        try unary("pointOnSurface", GEOSPointOnSurface_r)
    }

    /// The smallest circle enclosing the geometry (`geof:minimumBoundingCircle`
    /// style), approximated by GEOS as a polygon.
    /// - Returns: the circle polygon, its centre point and radius (in coordinate units).
    public func minimumBoundingCircle() throws -> (circle: Geometry, center: Geometry, radius: Double) {
        let context = GEOSContext.current
        var radius = 0.0
        var center: OpaquePointer?
        let circle = try context.check(GEOSMinimumBoundingCircle_r(context.handle, handle, &radius, &center), "minimumBoundingCircle")
        let circleGeometry = Geometry(owning: circle, context: context)
        guard let center else { throw context.error("minimumBoundingCircle") }
        return (circleGeometry, Geometry(owning: center, context: context), radius)
    }

    /// A normalized copy (rings and members in a canonical order), handy for
    /// comparing outputs.
    public func normalized() throws -> Geometry {
        let copy = cloned()
        let context = GEOSContext.current
        // The copy is not yet shared with anyone, so normalizing it in place is safe.
        guard GEOSNormalize_r(context.handle, copy.handle) == 0 else { throw context.error("normalize") }
        return copy
    }

    /// A simplified copy (Douglas-Peucker preserving topology), tolerance in coordinate units.
    public func simplified(tolerance: Double) throws -> Geometry {
        let context = GEOSContext.current
        return Geometry(owning: try context.check(GEOSTopologyPreserveSimplify_r(context.handle, handle, tolerance), "simplify"), context: context)
    }

    /// A valid version of an invalid geometry (GEOS MakeValid).
    public func makeValid() throws -> Geometry {
        try unary("makeValid", GEOSMakeValid_r)
    }

    /// The rectangle of a bounding box as a polygon (a point or line when the box
    /// is degenerate; empty for the empty box): `geof:aggBoundingBox`, or a query
    /// window as a geometry.
    public convenience init(boundingBox box: BoundingBox) throws {
        if box.isEmpty {
            try self.init(wkt: "POLYGON EMPTY")
        } else if box.isPoint {
            try self.init(wkb: Shape(.point, .xy, coordinates: [box.minX, box.minY]).wkb)
        } else if box.width == 0 || box.height == 0 {
            try self.init(wkb: Shape(.lineString, .xy, coordinates: [box.minX, box.minY, box.maxX, box.maxY]).wkb)
        } else {
            let ring = [box.minX, box.minY, box.maxX, box.minY, box.maxX, box.maxY, box.minX, box.maxY, box.minX, box.minY]
            try self.init(wkb: Shape(.polygon, .xy, parts: [Shape(.lineString, .xy, coordinates: ring)]).wkb)
        }
    }

    // MARK: Collections

    /// A GeometryCollection (or Multi* when all members share a type) holding
    /// copies of `geometries`.
    public static func collection(_ geometries: [Geometry]) throws -> Geometry {
        let context = GEOSContext.current
        let types = Set(geometries.map(\.type))
        let collectionType: GEOSGeomTypes
        switch (types.count, types.first) {
        case (1, .point): collectionType = GEOS_MULTIPOINT
        case (1, .lineString): collectionType = GEOS_MULTILINESTRING
        case (1, .polygon): collectionType = GEOS_MULTIPOLYGON
        default: collectionType = GEOS_GEOMETRYCOLLECTION
        }
        // GEOS takes ownership of the member handles, so hand it clones.
        var handles: [OpaquePointer?] = geometries.map { GEOSGeom_clone_r(context.handle, $0.handle) }
        let result = handles.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(context.handle, Int32(collectionType.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let result else {
            for handle in handles { if let handle { GEOSGeom_destroy_r(context.handle, handle) } }
            throw context.error("createCollection")
        }
        return Geometry(owning: result, context: context)
    }

    /// The union of all `geometries` in one pass (GeoSPARQL `geof:aggUnion`);
    /// an empty input gives an empty collection.
    public static func unaryUnion(of geometries: [Geometry]) throws -> Geometry {
        try collection(geometries).unaryUnion()
    }
}
