import PtolemyGeo

/// Distances, areas, lengths and buffers in a unit of measure, for geometries in any
/// CRS (https://docs.ogc.org/is/22-047r1/22-047r1.html#_function_geofdistance).
///
/// - Linear units: geodesic metres on the ellipsoid for a geographic CRS (PtolemyGeo's
///   Karney routines), planar metres (coordinates times the CRS unit) for a projected
///   one; then divided by the unit.
/// - Angular units (degree, radian): only for a geographic CRS, measured in the plane
///   of its angle coordinates.
///
/// Public for the engine's spatial operators (distance filters and joins refine their
/// index candidates with ``distance(_:_:crs:unit:)``).
public enum MetricGeometry {
    public static func distance(_ a: Geometry, _ b: Geometry, crs: CRS, unit: UnitOfMeasure) throws(GeoSPARQLError) -> Double {
        guard !a.isEmpty, !b.isEmpty else { throw GeoSPARQLError(.undefined, "the distance to an empty geometry is undefined") }
        switch unit.kind {
        case .linear:
            return try geo("distance") { try a.distanceInMetres(to: b, crs: crs) } / unit.factor
        case .angular:
            let degrees = try geo("distance") { try a.distance(to: b) } * (try degreesPerUnit(crs, unit))
            return degrees * .pi / 180 / unit.factor
        case .area:
            throw GeoSPARQLError(.typeError, "a distance cannot be measured in \(unit), an area unit")
        }
    }

    public static func area(_ a: Geometry, crs: CRS, unit: UnitOfMeasure) throws(GeoSPARQLError) -> Double {
        switch unit.kind {
        case .linear, .area:
            // A linear unit for an area means its square (uom:metre → m²).
            let factor = unit.kind == .area ? unit.factor : unit.factor * unit.factor
            return try geo("area") { try a.areaInSquareMetres(crs: crs) } / factor
        case .angular:
            let perUnit = try degreesPerUnit(crs, unit) * .pi / 180 / unit.factor
            return a.area * perUnit * perUnit
        }
    }

    public static func length(_ a: Geometry, crs: CRS, unit: UnitOfMeasure) throws(GeoSPARQLError) -> Double {
        switch unit.kind {
        case .linear:
            return try geo("length") { try a.lengthInMetres(crs: crs) } / unit.factor
        case .angular:
            return a.length * (try degreesPerUnit(crs, unit)) * .pi / 180 / unit.factor
        case .area:
            throw GeoSPARQLError(.typeError, "a length cannot be measured in \(unit), an area unit")
        }
    }

    /// The points within `radius` (in `unit`) of `geometry`.
    ///
    /// A linear radius on a geographic CRS is applied in metres on the ellipsoid: the
    /// geometry is projected to an azimuthal equidistant projection centred near it
    /// (distances from the centre are exact there, and distorted by well under 1 % within
    /// a few hundred kilometres), buffered, and projected back. The centre is rounded to
    /// a quarter degree so that PROJ's per-thread transformation cache stays small.
    public static func buffer(_ geometry: Geometry, crs: CRS, radius: Double, unit: UnitOfMeasure) throws(GeoSPARQLError) -> Geometry {
        guard radius.isFinite else { throw GeoSPARQLError(.undefined, "the buffer radius \(radius) is not finite") }
        if geometry.isEmpty { return geometry }
        switch unit.kind {
        case .area:
            throw GeoSPARQLError(.typeError, "a buffer radius cannot be in \(unit), an area unit")
        case .angular:
            let degrees = radius * unit.factor * 180 / .pi
            return try geo("buffer") { try geometry.buffer(degrees / (try degreesPerUnit(crs, unit))) }
        case .linear:
            let metres = radius * unit.factor
            if crs.isGeographic {
                return try geodesicBuffer(geometry, crs: crs, metres: metres)
            }
            let metresPerUnit = try geo("buffer") { try crs.properties().unitConversionFactor }
            return try geo("buffer") { try geometry.buffer(metres / metresPerUnit) }
        }
    }

    private static func geodesicBuffer(_ geometry: Geometry, crs: CRS, metres: Double) throws(GeoSPARQLError) -> Geometry {
        try geo("buffer") {
            let lonLat = try geometry.transformed(from: crs, to: .crs84)
            let box = lonLat.boundingBox
            let longitude = (box.centerX * 4).rounded() / 4
            let latitude = max(-89.75, min(89.75, (box.centerY * 4).rounded() / 4))
            let local = CRS(iri: "+proj=aeqd +lat_0=\(latitude) +lon_0=\(longitude) +datum=WGS84 +units=m +no_defs +type=crs")
            let projected = try lonLat.transformed(from: .crs84, to: local)
            let buffered = try projected.buffer(metres, quadrantSegments: 16)
            return try buffered.transformed(from: local, to: .crs84).transformed(from: .crs84, to: crs)
        }
    }

    /// Degrees per coordinate unit of a geographic CRS (1 for CRS84 and EPSG:4326).
    private static func degreesPerUnit(_ crs: CRS, _ unit: UnitOfMeasure) throws(GeoSPARQLError) -> Double {
        guard crs.isGeographic else {
            throw GeoSPARQLError(.unsupported, "the angular unit \(unit) needs a geographic CRS, not \(crs)")
        }
        switch crs.identifier {
        case .crs84, .crs84h, .epsg(4326): return 1
        default: return try geo("CRS units") { try crs.properties().degreesPerUnit }
        }
    }
}
