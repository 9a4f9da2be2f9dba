internal import CPROJ
import Synchronization

/// What PROJ knows about a CRS that the query layer needs: is it geographic
/// (degrees) or projected (linear units), which axis comes first, in what unit,
/// on which ellipsoid.
public struct CRSProperties: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Latitude and longitude (and possibly height) on an ellipsoid.
        case geographic
        /// Easting and northing on a map projection.
        case projected
        /// Earth-centred cartesian X, Y, Z.
        case geocentric
        /// Anything else (engineering, vertical-only, ...).
        case other
    }

    /// The CRS name from the PROJ database ("WGS 84", "WGS 84 / Pseudo-Mercator").
    public let name: String
    /// The kind of the (horizontal part of the) CRS.
    public let kind: Kind
    /// Number of axes (2 or 3).
    public let axisCount: Int
    /// True when the first axis is latitude (north/south), as in EPSG:4326.
    public let isLatitudeFirst: Bool
    /// The unit of the horizontal axes ("degree", "metre", "US survey foot").
    public let unitName: String
    /// Size of one unit in the base SI unit: radians for angular units, metres
    /// for linear ones.
    public let unitConversionFactor: Double
    /// The ellipsoid of the CRS's datum, when it has one.
    public let ellipsoid: Ellipsoid?

    /// True for geographic CRSs, whose horizontal coordinates are angles.
    public var isGeographic: Bool { kind == .geographic }

    /// Degrees per coordinate unit for a geographic CRS (1 for degree-based CRSs).
    public var degreesPerUnit: Double { unitConversionFactor * 180 / .pi }
}

extension CRS {
    /// Looked-up properties (and failures, so an unknown CRS costs one PROJ
    /// look-up, not one per call), shared by all threads: they never change.
    private static let cache = Mutex<[CRS: Result<CRSProperties, GeoError>]>([:])

    /// The CRS's properties, from the PROJ database (looked up once per CRS per
    /// process).
    /// - Throws: ``GeoError/Kind-swift.struct/proj`` when PROJ does not know the CRS.
    public func properties() throws -> CRSProperties {
        if let cached = Self.cache.withLock({ $0[self] }) { return try cached.get() }
        let result: Result<CRSProperties, GeoError>
        do {
            result = .success(try lookUpProperties())
        } catch let error as GeoError {
            result = .failure(error)
        } catch {
            result = .failure(GeoError(.proj, "\(error)"))
        }
        Self.cache.withLock { $0[self] = result }
        return try result.get()
    }

    /// True when the CRS is geographic (coordinates in degrees); false for
    /// projected and unknown CRSs. CRS84, CRS84h and EPSG:4326 answer without
    /// PROJ.
    public var isGeographic: Bool {
        switch identifier {
        case .crs84, .crs84h, .epsg(4326), .epsg(4979), .epsg(4258), .epsg(4269): return true
        default: return (try? properties())?.isGeographic ?? false
        }
    }

    /// True when coordinates are written latitude first (EPSG:4326), so X is latitude.
    public var isLatitudeFirst: Bool {
        switch identifier {
        case .crs84, .crs84h: return false
        case .epsg(4326): return true
        default: return (try? properties())?.isLatitudeFirst ?? false
        }
    }

    private func lookUpProperties() throws -> CRSProperties {
        let context = PROJContext.current
        let ctx = context.handle
        let crs = try context.createCRS(self)
        defer { proj_destroy(crs) }
        var horizontal = crs
        var ownedHorizontal: OpaquePointer?
        defer { if let ownedHorizontal { proj_destroy(ownedHorizontal) } }
        let type = proj_get_type(crs)
        if type == PJ_TYPE_COMPOUND_CRS, let first = proj_crs_get_sub_crs(ctx, crs, 0) {
            horizontal = first
            ownedHorizontal = first
        } else if type == PJ_TYPE_BOUND_CRS, let base = proj_get_source_crs(ctx, crs) {
            horizontal = base
            ownedHorizontal = base
        }
        let kind: CRSProperties.Kind
        switch proj_get_type(horizontal) {
        case PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_GEOGRAPHIC_CRS: kind = .geographic
        case PJ_TYPE_PROJECTED_CRS: kind = .projected
        case PJ_TYPE_GEOCENTRIC_CRS: kind = .geocentric
        default: kind = .other
        }
        guard let system = proj_crs_get_coordinate_system(ctx, horizontal) else {
            throw context.error("no coordinate system for \(self)")
        }
        defer { proj_destroy(system) }
        let axisCount = Int(proj_cs_get_axis_count(ctx, system))
        var direction: UnsafePointer<CChar>?
        var unitName: UnsafePointer<CChar>?
        var factor = 0.0
        guard axisCount > 0, proj_cs_get_axis_info(ctx, system, 0, nil, nil, &direction, &factor, &unitName, nil, nil) == 1 else {
            throw context.error("no axis information for \(self)")
        }
        let firstDirection = direction.map { String(cString: $0).lowercased() } ?? ""
        var ellipsoid: Ellipsoid?
        if let object = proj_get_ellipsoid(ctx, horizontal) {
            defer { proj_destroy(object) }
            var a = 0.0, b = 0.0, computed: Int32 = 0, inverseFlattening = 0.0
            if proj_ellipsoid_get_parameters(ctx, object, &a, &b, &computed, &inverseFlattening) == 1 {
                ellipsoid = Ellipsoid(semiMajorAxis: a, flattening: inverseFlattening == 0 ? 0 : 1 / inverseFlattening)
            }
        }
        context.lastMessage = nil
        return CRSProperties(
            name: proj_get_name(crs).map { String(cString: $0) } ?? description,
            kind: kind,
            axisCount: axisCount + (ownedHorizontal != nil && type == PJ_TYPE_COMPOUND_CRS ? 1 : 0),
            isLatitudeFirst: firstDirection == "north" || firstDirection == "south",
            unitName: unitName.map { String(cString: $0) } ?? "unknown",
            unitConversionFactor: factor,
            ellipsoid: ellipsoid)
    }
}
