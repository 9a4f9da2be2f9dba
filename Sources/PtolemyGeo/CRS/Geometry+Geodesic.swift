#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures in metres: geodesic on the ellipsoid for geographic coordinates,
/// planar (scaled to metres) for projected ones. GeoSPARQL `geof:distance`,
/// `geof:area`, `geof:length` with `uom:metre`.
extension Geometry {
    /// Geodesic area in m² of the polygons in this geometry, whose coordinates
    /// are degrees (longitude first unless `latitudeFirst`).
    public func geodesicArea(latitudeFirst: Bool = false, ellipsoid: Ellipsoid = .wgs84) -> Double {
        shape.geodesicArea(GeographicAxes(latitudeFirst: latitudeFirst), ellipsoid)
    }

    /// Geodesic length in metres of the lines (perimeter of the polygons) in this
    /// geometry, whose coordinates are degrees.
    public func geodesicLength(latitudeFirst: Bool = false, ellipsoid: Ellipsoid = .wgs84) -> Double {
        shape.geodesicLength(GeographicAxes(latitudeFirst: latitudeFirst), ellipsoid)
    }

    /// Geodesic distance in metres between two geometries in degrees.
    ///
    /// Exact (Karney) between two points. For other geometries this is an
    /// approximation: the closest pair of points is found by GEOS in the plane of
    /// the degree coordinates, and the geodesic distance between that pair is
    /// returned. That pair can differ from the true geodesic closest pair when
    /// the geometries are large or far apart at high latitudes; the result is
    /// then an upper bound, typically within a fraction of a percent for
    /// features a few kilometres across. 0 when the geometries intersect.
    /// Geometries crossing the antimeridian are not handled specially.
    /// - Throws: ``GeoError`` when either geometry is empty.
    public func geodesicDistance(to other: Geometry, latitudeFirst: Bool = false, ellipsoid: Ellipsoid = .wgs84) throws -> Double {
        try geodesicDistance(to: other, axes: GeographicAxes(latitudeFirst: latitudeFirst), ellipsoid: ellipsoid)
    }

    func geodesicDistance(to other: Geometry, axes: GeographicAxes, ellipsoid: Ellipsoid) throws -> Double {
        if try intersects(other) { return 0 }
        let (a, b) = try nearestPoints(to: other)
        let (lat1, lon1) = axes.latitudeLongitude([a.x, a.y], 0)
        let (lat2, lon2) = axes.latitudeLongitude([b.x, b.y], 0)
        return Geodesic.distance(latitude1: lat1, longitude1: lon1, latitude2: lat2, longitude2: lon2, on: ellipsoid)
    }

    /// Area in m², for a geometry whose coordinates are in `crs`: geodesic for a
    /// geographic CRS (on its ellipsoid, in its axis order), planar times the
    /// squared unit for a projected one.
    /// - Throws: ``GeoError`` when the CRS is unknown to PROJ or neither
    ///   geographic nor projected.
    public func areaInSquareMetres(crs: CRS) throws -> Double {
        let measure = try MetricMeasure(crs)
        if let axes = measure.axes { return shape.geodesicArea(axes, measure.ellipsoid) }
        return area * measure.metresPerUnit * measure.metresPerUnit
    }

    /// Length in metres (perimeter for polygons), for a geometry in `crs`.
    public func lengthInMetres(crs: CRS) throws -> Double {
        let measure = try MetricMeasure(crs)
        if let axes = measure.axes { return shape.geodesicLength(axes, measure.ellipsoid) }
        return length * measure.metresPerUnit
    }

    /// Distance in metres to `other`, both in `crs` (see ``geodesicDistance(to:latitudeFirst:ellipsoid:)``
    /// for the approximation made with geographic CRSs).
    public func distanceInMetres(to other: Geometry, crs: CRS) throws -> Double {
        let measure = try MetricMeasure(crs)
        if let axes = measure.axes { return try geodesicDistance(to: other, axes: axes, ellipsoid: measure.ellipsoid) }
        return try distance(to: other) * measure.metresPerUnit
    }
}

/// How to turn coordinates of a CRS into metres.
struct MetricMeasure {
    /// Set for geographic CRSs.
    var axes: GeographicAxes?
    var ellipsoid: Ellipsoid = .wgs84
    /// For projected CRSs.
    var metresPerUnit = 1.0

    init(_ crs: CRS) throws {
        switch crs.identifier {
        case .crs84, .crs84h:
            axes = GeographicAxes(latitudeFirst: false)
            return
        case .epsg(4326):
            axes = GeographicAxes(latitudeFirst: true)
            return
        default:
            break
        }
        let properties = try crs.properties()
        switch properties.kind {
        case .geographic:
            axes = GeographicAxes(latitudeFirst: properties.isLatitudeFirst, degreesPerUnit: properties.degreesPerUnit)
            ellipsoid = properties.ellipsoid ?? .wgs84
        case .projected:
            metresPerUnit = properties.unitConversionFactor
        case .geocentric, .other:
            throw GeoError(.unsupported, "metric measures are not supported in \(crs) (\(properties.name)), which is neither geographic nor projected")
        }
    }
}

extension CRS {
    /// A box, in this CRS's coordinates, that contains every point within
    /// `metres` of `box`: the window for a within-distance index probe.
    ///
    /// Projected CRSs: the box grown by the distance in CRS units. Geographic
    /// CRSs: conservative in degrees. The latitude margin uses the smallest
    /// radius of curvature of the ellipsoid (no geodesic covers more latitude per
    /// metre); the longitude margin is `asin(sin δ / cos φ)` at the box's
    /// highest latitude φ (the widest a spherical cap of angular radius δ gets),
    /// with a 0.1 % safety margin on δ for the ellipsoid. When that reaches a pole
    /// or wraps the antimeridian, the box spans all longitudes.
    public func searchBox(around box: BoundingBox, withinMetres metres: Double) throws -> BoundingBox {
        if box.isEmpty { return box }
        let measure = try MetricMeasure(self)
        guard let axes = measure.axes else {
            return box.expanded(by: metres / measure.metresPerUnit)
        }
        let degrees = 180.0 / .pi
        let delta = metres / measure.ellipsoid.minimumRadiusOfCurvature * 1.001 // radians
        // Work in latitude/longitude degrees, then map back to the axis order.
        var (minLat, maxLat, minLon, maxLon) = axes.latitudeFirst
            ? (box.minX, box.maxX, box.minY, box.maxY)
            : (box.minY, box.maxY, box.minX, box.maxX)
        let unit = axes.degreesPerUnit
        minLat *= unit; maxLat *= unit; minLon *= unit; maxLon *= unit
        let latitudeMargin = delta * degrees
        let newMinLat = Swift.max(-90, minLat - latitudeMargin)
        let newMaxLat = Swift.min(90, maxLat + latitudeMargin)
        let highest = Swift.max(Swift.abs(newMinLat), Swift.abs(newMaxLat)) / degrees
        var newMinLon = -180.0, newMaxLon = 180.0
        let sine = sin(Swift.min(delta, .pi / 2)) / cos(highest)
        if highest < .pi / 2, sine < 1 {
            let longitudeMargin = asin(sine) * degrees
            if minLon - longitudeMargin >= -180, maxLon + longitudeMargin <= 180 {
                newMinLon = minLon - longitudeMargin
                newMaxLon = maxLon + longitudeMargin
            }
        }
        let (lat0, lat1, lon0, lon1) = (newMinLat / unit, newMaxLat / unit, newMinLon / unit, newMaxLon / unit)
        return axes.latitudeFirst
            ? BoundingBox(minX: lat0, minY: lon0, maxX: lat1, maxY: lon1)
            : BoundingBox(minX: lon0, minY: lat0, maxX: lon1, maxY: lat1)
    }
}
