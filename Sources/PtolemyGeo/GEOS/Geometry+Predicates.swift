internal import CGEOS

/// The Simple Features topological relations (GeoSPARQL 1.1 sections 9.4-9.6:
/// https://docs.ogc.org/is/22-047r1/22-047r1.html#_simple_features_relation_family_geosf),
/// evaluated by GEOS on the geometries' own coordinates (both must be in the same CRS).
///
/// Every predicate first compares bounding boxes: when they do not meet, the
/// answer is known without calling GEOS (this is the common case when refining
/// index candidates).
extension Geometry {
    /// True when the two (non-empty) geometries' boxes do not even touch, which
    /// decides every predicate below.
    @inline(__always)
    private func boxesApart(_ other: Geometry) -> Bool {
        !boundingBox.intersects(other.boundingBox)
    }

    @inline(__always)
    private func predicate(_ other: Geometry, _ name: String,
                           _ call: (OpaquePointer, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        let context = GEOSContext.current
        return try context.check(predicate: call(context.handle, handle, other.handle), name)
    }

    /// `sfIntersects`: the geometries share at least one point.
    public func intersects(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "intersects", GEOSIntersects_r)
    }

    /// `sfDisjoint`: the geometries share no point.
    public func disjoint(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return true }
        return try predicate(other, "disjoint", GEOSDisjoint_r)
    }

    /// `sfContains`: `other` lies in this geometry and their interiors meet.
    public func contains(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "contains", GEOSContains_r)
    }

    /// `sfWithin`: this geometry lies in `other` and their interiors meet.
    public func within(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "within", GEOSWithin_r)
    }

    /// `sfTouches`: the geometries meet only at their boundaries.
    public func touches(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "touches", GEOSTouches_r)
    }

    /// `sfCrosses`: the interiors meet in a geometry of lower dimension than the
    /// larger of the two.
    public func crosses(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "crosses", GEOSCrosses_r)
    }

    /// `sfOverlaps`: same dimension, interiors meet, neither contains the other.
    public func overlaps(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "overlaps", GEOSOverlaps_r)
    }

    /// `sfEquals`: topological equality (same point set, any vertex order).
    /// Two empty geometries are equal.
    public func equals(_ other: Geometry) throws -> Bool {
        if isEmpty || other.isEmpty { return isEmpty && other.isEmpty }
        if boundingBox != other.boundingBox { return false }
        return try predicate(other, "equals", GEOSEquals_r)
    }

    /// Exact structural equality: same type, same vertices in the same order,
    /// within `tolerance` per ordinate.
    public func equalsExact(_ other: Geometry, tolerance: Double = 0) throws -> Bool {
        let context = GEOSContext.current
        return try context.check(predicate: GEOSEqualsExact_r(context.handle, handle, other.handle, tolerance), "equalsExact")
    }

    /// `covers` (OGC): no point of `other` lies outside this geometry.
    public func covers(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "covers", GEOSCovers_r)
    }

    /// `coveredBy`: no point of this geometry lies outside `other`.
    public func coveredBy(_ other: Geometry) throws -> Bool {
        if boxesApart(other) { return false }
        return try predicate(other, "coveredBy", GEOSCoveredBy_r)
    }

    /// The DE-9IM intersection matrix of this geometry (A) and `other` (B), as its
    /// 9-character string (`"FF2F11212"`), row-major: interior, boundary, exterior of A
    /// against interior, boundary, exterior of B. GeoSPARQL `geof:relate` with two arguments.
    public func relate(_ other: Geometry) throws -> String {
        let context = GEOSContext.current
        guard let matrix = GEOSRelate_r(context.handle, handle, other.handle) else {
            throw context.error("relate")
        }
        defer { GEOSFree_r(context.handle, matrix) }
        return String(cString: matrix)
    }

    /// True when the DE-9IM matrix matches `pattern` (9 characters of
    /// `T F * 0 1 2`). GeoSPARQL `geof:relate` with a pattern.
    /// - Throws: ``GeoError/Kind-swift.struct/invalidArgument`` for a malformed pattern.
    public func relate(_ other: Geometry, pattern: String) throws -> Bool {
        try Self.validate(pattern: pattern)
        let context = GEOSContext.current
        return try context.check(predicate: GEOSRelatePattern_r(context.handle, handle, other.handle, pattern), "relate")
    }

    /// True when a DE-9IM matrix string matches a pattern (both 9 characters).
    public static func matches(matrix: String, pattern: String) throws -> Bool {
        try validate(pattern: pattern)
        guard matrix.utf8.count == 9, matrix.utf8.allSatisfy({ "F012".utf8.contains($0) }) else {
            throw GeoError(.invalidArgument, "'\(matrix)' is not a DE-9IM matrix")
        }
        return zip(matrix.utf8, pattern.utf8).allSatisfy { value, wanted in
            switch wanted | 0x20 {
            case UInt8(ascii: "*"): true
            case UInt8(ascii: "t"): value != UInt8(ascii: "F")
            case UInt8(ascii: "f"): value == UInt8(ascii: "F")
            default: value == wanted
            }
        }
    }

    static func validate(pattern: String) throws {
        guard pattern.utf8.count == 9, pattern.utf8.allSatisfy({ "TFtf*012".utf8.contains($0) }) else {
            throw GeoError(.invalidArgument, "'\(pattern)' is not a DE-9IM pattern (9 characters from T, F, *, 0, 1, 2)")
        }
    }
}
