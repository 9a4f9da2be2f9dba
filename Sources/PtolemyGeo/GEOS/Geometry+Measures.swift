internal import CGEOS

/// Planar measures in the geometries' own coordinate units. For geographic
/// CRSs (degrees) use the geodesic measures in `Geometry+Geodesic.swift`, or the
/// CRS-aware ``Geometry/areaInSquareMetres(crs:)`` family.
extension Geometry {
    /// Planar area (0 for points and lines), in squared coordinate units.
    public var area: Double {
        var value = 0.0
        _ = GEOSArea_r(GEOSContext.current.handle, handle, &value)
        return value
    }

    /// Planar length of lines, or perimeter of polygons (0 for points), in
    /// coordinate units.
    public var length: Double {
        var value = 0.0
        _ = GEOSLength_r(GEOSContext.current.handle, handle, &value)
        return value
    }

    /// Shortest planar distance between the two geometries, in coordinate units
    /// (0 when they intersect).
    /// - Throws: ``GeoError`` when either geometry is empty.
    public func distance(to other: Geometry) throws -> Double {
        guard !isEmpty, !other.isEmpty else {
            throw GeoError(.invalidArgument, "the distance to an empty geometry is undefined")
        }
        let context = GEOSContext.current
        var value = 0.0
        guard GEOSDistance_r(context.handle, handle, other.handle, &value) == 1 else { throw context.error("distance") }
        return value
    }

    /// True when the planar distance between the geometries is at most
    /// `distance`; faster than computing the distance (GEOS stops early).
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws -> Bool {
        if isEmpty || other.isEmpty { return false }
        if boundingBox.distance(to: other.boundingBox) > distance { return false }
        let context = GEOSContext.current
        return try context.check(predicate: GEOSDistanceWithin_r(context.handle, handle, other.handle, distance), "distanceWithin")
    }

    /// The closest pair of points, one on each geometry, as (x, y) pairs.
    public func nearestPoints(to other: Geometry) throws -> (this: (x: Double, y: Double), other: (x: Double, y: Double)) {
        guard !isEmpty, !other.isEmpty else {
            throw GeoError(.invalidArgument, "nearest points to an empty geometry are undefined")
        }
        let context = GEOSContext.current
        guard let sequence = GEOSNearestPoints_r(context.handle, handle, other.handle) else {
            throw context.error("nearestPoints")
        }
        defer { GEOSCoordSeq_destroy_r(context.handle, sequence) }
        var x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0
        GEOSCoordSeq_getXY_r(context.handle, sequence, 0, &x0, &y0)
        GEOSCoordSeq_getXY_r(context.handle, sequence, 1, &x1, &y1)
        return ((x0, y0), (x1, y1))
    }
}
