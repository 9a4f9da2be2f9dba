internal import CGEOS
import Synchronization

/// A geometry indexed for repeated predicate tests against many others: the
/// refinement step of a spatial selection or join, where one query geometry
/// (a polygon with thousands of vertices, say) is tested against every
/// candidate the quad-tree returns.
///
/// GEOS builds the index structures lazily on first use (segment indexes,
/// point-in-polygon locators), so the first call pays for preparation and later
/// calls are typically several times to orders of magnitude faster than the
/// plain ``Geometry`` predicates.
///
/// ## Thread safety
/// A GEOS prepared geometry mutates its caches during predicate calls, so
/// calls are serialized by a mutex: sharing one `PreparedGeometry` between
/// tasks is safe but not parallel. For parallel refinement, give each worker
/// its own `PreparedGeometry` of the same (shared, immutable) ``Geometry``.
public final class PreparedGeometry: @unchecked Sendable {
    /// The geometry that was prepared.
    public let geometry: Geometry
    /// The GEOS prepared geometry. Only used with `lock` held: this is the
    /// invariant behind `@unchecked Sendable`.
    private let handle: OpaquePointer
    private let lock = Mutex<Void>(())

    /// Prepares `geometry` (cheap; the indexes are built on first use).
    public init(_ geometry: Geometry) throws {
        let context = GEOSContext.current
        guard let handle = GEOSPrepare_r(context.handle, geometry.handle) else { throw context.error("prepare") }
        self.geometry = geometry
        self.handle = handle
    }

    deinit {
        GEOSPreparedGeom_destroy_r(GEOSContext.current.handle, handle)
    }

    @inline(__always)
    private func test(_ other: Geometry, _ name: String,
                      _ call: (OpaquePointer, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        let context = GEOSContext.current
        let result = lock.withLock { _ in call(context.handle, handle, other.handle) }
        return try context.check(predicate: result, name)
    }

    @inline(__always)
    private func boxesApart(_ other: Geometry) -> Bool {
        !geometry.boundingBox.intersects(other.boundingBox)
    }

    /// `sfIntersects` of the prepared geometry and `other`.
    public func intersects(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "intersects", GEOSPreparedIntersects_r)
    }

    /// `sfDisjoint`.
    public func disjoint(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return true }
        return try test(other, "disjoint", GEOSPreparedDisjoint_r)
    }

    /// `sfContains`: `other` lies in the prepared geometry and the interiors meet.
    public func contains(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "contains", GEOSPreparedContains_r)
    }

    /// True when `other` lies in the prepared geometry's interior (not touching its boundary).
    public func containsProperly(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "containsProperly", GEOSPreparedContainsProperly_r)
    }

    /// `sfWithin`: the prepared geometry lies in `other`.
    public func within(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "within", GEOSPreparedWithin_r)
    }

    /// `sfTouches`.
    public func touches(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "touches", GEOSPreparedTouches_r)
    }

    /// `sfCrosses`.
    public func crosses(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "crosses", GEOSPreparedCrosses_r)
    }

    /// `sfOverlaps`.
    public func overlaps(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "overlaps", GEOSPreparedOverlaps_r)
    }

    /// No point of `other` lies outside the prepared geometry.
    public func covers(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "covers", GEOSPreparedCovers_r)
    }

    /// No point of the prepared geometry lies outside `other`.
    public func coveredBy(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try test(other, "coveredBy", GEOSPreparedCoveredBy_r)
    }

    /// `sfEquals` (GEOS has no prepared form: evaluated on the plain geometry).
    public func equals(_ other: Geometry) throws -> Bool {
        try geometry.equals(other)
    }

    /// DE-9IM pattern test (evaluated on the plain geometry: GEOS has no prepared
    /// relate).
    public func relate(_ other: Geometry, pattern: String) throws -> Bool {
        try geometry.relate(other, pattern: pattern)
    }

    /// Planar distance to `other`, using the prepared index.
    public func distance(to other: Geometry) throws -> Double {
        guard !geometry.isEmpty, !other.isEmpty else {
            throw GeoError(.invalidArgument, "the distance to an empty geometry is undefined")
        }
        let context = GEOSContext.current
        var value = 0.0
        let status = lock.withLock { _ in GEOSPreparedDistance_r(context.handle, handle, other.handle, &value) }
        guard status == 1 else { throw context.error("distance") }
        return value
    }

    /// True when the planar distance to `other` is at most `distance`.
    public func isWithinDistance(_ distance: Double, of other: Geometry) throws -> Bool {
        if geometry.isEmpty || other.isEmpty { return false }
        if geometry.boundingBox.distance(to: other.boundingBox) > distance { return false }
        let context = GEOSContext.current
        let result = lock.withLock { _ in GEOSPreparedDistanceWithin_r(context.handle, handle, other.handle, distance) }
        return try context.check(predicate: result, "distanceWithin")
    }
}
