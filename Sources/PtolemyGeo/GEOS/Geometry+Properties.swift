internal import CGEOS

extension Geometry {
    /// The geometry's type. A GEOS linear ring reports `.lineString` (that is how
    /// it is written in WKB and WKT).
    public var type: GeometryType {
        let id = GEOSGeomTypeId_r(GEOSContext.current.handle, handle)
        switch id {
        case Int32(GEOS_POINT.rawValue): return .point
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue): return .lineString
        case Int32(GEOS_POLYGON.rawValue): return .polygon
        case Int32(GEOS_MULTIPOINT.rawValue): return .multiPoint
        case Int32(GEOS_MULTILINESTRING.rawValue): return .multiLineString
        case Int32(GEOS_MULTIPOLYGON.rawValue): return .multiPolygon
        default: return .geometryCollection
        }
    }

    /// The Simple Features type name (`"Point"`, `"MultiPolygon"`, ...).
    public var typeName: String { type.name }

    /// True when the geometry has no points.
    public var isEmpty: Bool {
        GEOSisEmpty_r(GEOSContext.current.handle, handle) == 1
    }

    /// True when the geometry has Z ordinates.
    public var hasZ: Bool {
        GEOSHasZ_r(GEOSContext.current.handle, handle) == 1
    }

    /// The topological dimension: 0 for points, 1 for curves, 2 for surfaces; for
    /// a collection, the largest of its members'. An empty geometry reports the
    /// dimension of its type (GEOS's convention), except an empty collection: -1.
    ///
    /// GeoSPARQL `geof:dimension`.
    public var dimension: Int {
        let context = GEOSContext.current
        if type == .geometryCollection, GEOSGetNumGeometries_r(context.handle, handle) == 0 { return -1 }
        return Int(GEOSGeom_getDimensions_r(context.handle, handle))
    }

    /// Ordinates per coordinate: 2 (XY) or 3 (XYZ). GeoSPARQL `geof:coordinateDimension`
    /// (M is not modelled by GEOS 3.11; ``GeometryLiteral/coordinateDimension`` counts it).
    public var coordinateDimension: Int {
        Int(GEOSGeom_getCoordinateDimension_r(GEOSContext.current.handle, handle))
    }

    /// Spatial ordinates per coordinate (X, Y and Z if present): GeoSPARQL
    /// `geof:spatialDimension`. Equal to ``coordinateDimension`` since GEOS 3.11
    /// carries no M.
    public var spatialDimension: Int { coordinateDimension }

    /// Number of members of a collection; 1 for a non-empty single geometry, and
    /// GEOS's count (1) for an empty one. GeoSPARQL `geof:numGeometries`.
    public var numGeometries: Int {
        Int(GEOSGetNumGeometries_r(GEOSContext.current.handle, handle))
    }

    /// Total number of coordinates.
    public var numPoints: Int {
        Int(GEOSGetNumCoordinates_r(GEOSContext.current.handle, handle))
    }

    /// The `index`-th member (0-based) of a collection, as an independent copy;
    /// for a single geometry, `geometry(at: 0)` is a copy of itself.
    /// GeoSPARQL `geof:geometryN` counts from 1: pass `n - 1`.
    /// - Throws: ``GeoError/Kind-swift.struct/invalidArgument`` when `index` is out of range.
    public func geometry(at index: Int) throws -> Geometry {
        let context = GEOSContext.current
        guard index >= 0, index < numGeometries else {
            throw GeoError(.invalidArgument, "geometry index \(index) is out of range 0..<\(numGeometries)")
        }
        // GEOSGetGeometryN_r returns a pointer into this geometry: copy it so the
        // result owns its own handle.
        let member = try context.check(GEOSGetGeometryN_r(context.handle, handle, Int32(index)), "geometryN")
        return Geometry(owning: GEOSGeom_clone_r(context.handle, member)!, context: context)
    }

    /// All members of a collection (or the geometry itself), as copies.
    public var members: [Geometry] {
        (0..<numGeometries).compactMap { try? geometry(at: $0) }
    }

    /// True when the geometry is valid in the OGC sense (GeoSPARQL `geof:isValid`
    /// is not a standard function, but the store checks literals with it).
    public var isValid: Bool {
        GEOSisValid_r(GEOSContext.current.handle, handle) == 1
    }

    /// Why the geometry is invalid (`"Valid Geometry"` when it is valid).
    public var validityReason: String {
        let context = GEOSContext.current
        guard let reason = GEOSisValidReason_r(context.handle, handle) else { return "unknown" }
        defer { GEOSFree_r(context.handle, reason) }
        return String(cString: reason)
    }

    /// True when the geometry has no anomalous points such as self-intersections
    /// (GeoSPARQL `geof:isSimple`).
    /// - Throws: ``GeoError`` when GEOS cannot decide (e.g. for some invalid inputs).
    public func isSimple() throws -> Bool {
        let context = GEOSContext.current
        return try context.check(predicate: GEOSisSimple_r(context.handle, handle), "isSimple")
    }

    // MARK: Extents

    /// Smallest X; nil for an empty geometry. GeoSPARQL `geof:minX` (and the
    /// other five below).
    public var minX: Double? { boundingBox.isEmpty ? nil : boundingBox.minX }
    public var maxX: Double? { boundingBox.isEmpty ? nil : boundingBox.maxX }
    public var minY: Double? { boundingBox.isEmpty ? nil : boundingBox.minY }
    public var maxY: Double? { boundingBox.isEmpty ? nil : boundingBox.maxY }

    /// Smallest Z; nil when the geometry is empty or has no Z.
    public var minZ: Double? { zRange?.lowerBound }
    /// Largest Z; nil when the geometry is empty or has no Z.
    public var maxZ: Double? { zRange?.upperBound }

    private var zRange: ClosedRange<Double>? {
        guard hasZ, let shape = try? WKBDecoder.decode(wkb), shape.dimensions.hasZ else { return nil }
        var low = Double.infinity, high = -Double.infinity
        shape.forEachSequence { sequence in
            let stride = sequence.dimensions.stride
            var index = 2
            while index < sequence.coordinates.count {
                let z = sequence.coordinates[index]
                if z < low { low = z }
                if z > high { high = z }
                index += stride
            }
        }
        return low <= high ? low...high : nil
    }
}
