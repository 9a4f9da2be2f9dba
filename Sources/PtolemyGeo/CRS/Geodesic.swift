internal import CPROJ

/// Geodesic (shortest path on the ellipsoid) computations with PROJ's
/// `geodesic.h`, Karney's algorithms: accurate to a few nanometres for
/// distances, and exact to round-off for areas of polygons with geodesic edges.
/// Angles are in degrees, lengths in metres, areas in square metres.
public enum Geodesic {
    /// `geod_init` costs a few hundred flops; WGS 84 is initialised once.
    private static let wgs84 = make(.wgs84)

    private static func make(_ ellipsoid: Ellipsoid) -> geod_geodesic {
        var geodesic = geod_geodesic()
        geod_init(&geodesic, ellipsoid.semiMajorAxis, ellipsoid.flattening)
        return geodesic
    }

    static func geodesic(_ ellipsoid: Ellipsoid) -> geod_geodesic {
        ellipsoid == .wgs84 ? wgs84 : make(ellipsoid)
    }

    /// The inverse geodesic problem: distance and azimuths between two points.
    /// - Returns: the distance in metres, and the azimuths (degrees clockwise from
    ///   north) at the first and second point.
    public static func inverse(latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double,
                               on ellipsoid: Ellipsoid = .wgs84) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var geodesic = geodesic(ellipsoid)
        var distance = 0.0, azimuth1 = 0.0, azimuth2 = 0.0
        geod_inverse(&geodesic, latitude1, longitude1, latitude2, longitude2, &distance, &azimuth1, &azimuth2)
        return (distance, azimuth1, azimuth2)
    }

    /// The geodesic distance in metres between two points given in degrees.
    public static func distance(latitude1: Double, longitude1: Double, latitude2: Double, longitude2: Double,
                                on ellipsoid: Ellipsoid = .wgs84) -> Double {
        inverse(latitude1: latitude1, longitude1: longitude1, latitude2: latitude2, longitude2: longitude2, on: ellipsoid).distance
    }

    /// Area (m², positive) and perimeter (m) of the polygon with geodesic edges
    /// through the given vertices (closing edge implied; a repeated closing vertex
    /// is harmless). Vertex order does not matter for the area.
    public static func polygonArea(latitudes: [Double], longitudes: [Double], on ellipsoid: Ellipsoid = .wgs84) -> (area: Double, perimeter: Double) {
        precondition(latitudes.count == longitudes.count, "latitudes and longitudes must have the same length")
        var geodesic = geodesic(ellipsoid)
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        for index in latitudes.indices {
            geod_polygon_addpoint(&geodesic, &polygon, latitudes[index], longitudes[index])
        }
        var area = 0.0, perimeter = 0.0
        geod_polygon_compute(&geodesic, &polygon, 0, 1, &area, &perimeter)
        return (Swift.abs(area), perimeter)
    }
}

/// How to read geographic coordinates out of a shape: which ordinate is
/// latitude, and how many degrees one unit is.
struct GeographicAxes {
    var latitudeFirst: Bool
    var degreesPerUnit: Double = 1

    @inline(__always)
    func latitudeLongitude(_ coordinates: [Double], _ index: Int) -> (Double, Double) {
        let a = coordinates[index] * degreesPerUnit, b = coordinates[index + 1] * degreesPerUnit
        return latitudeFirst ? (a, b) : (b, a)
    }
}

extension Shape {
    /// Sum of geodesic lengths of all line strings and polygon rings.
    func geodesicLength(_ axes: GeographicAxes, _ ellipsoid: Ellipsoid) -> Double {
        var geodesic = Geodesic.geodesic(ellipsoid)
        var total = 0.0
        forEachSequence { sequence in
            guard sequence.type == .lineString else { return }
            let stride = sequence.dimensions.stride
            var index = stride
            while index < sequence.coordinates.count {
                let (lat1, lon1) = axes.latitudeLongitude(sequence.coordinates, index - stride)
                let (lat2, lon2) = axes.latitudeLongitude(sequence.coordinates, index)
                var distance = 0.0
                geod_inverse(&geodesic, lat1, lon1, lat2, lon2, &distance, nil, nil)
                total += distance
                index += stride
            }
        }
        return total
    }

    /// Geodesic area of all polygons: each exterior ring's area minus its holes'.
    func geodesicArea(_ axes: GeographicAxes, _ ellipsoid: Ellipsoid) -> Double {
        switch type {
        case .point, .lineString, .multiPoint, .multiLineString:
            return 0
        case .multiPolygon, .geometryCollection:
            return parts.reduce(0) { $0 + $1.geodesicArea(axes, ellipsoid) }
        case .polygon:
            var geodesic = Geodesic.geodesic(ellipsoid)
            var total = 0.0
            for (index, ring) in parts.enumerated() {
                var polygon = geod_polygon()
                geod_polygon_init(&polygon, 0)
                let stride = ring.dimensions.stride
                // Skip the closing vertex: the polygon closes itself.
                var offset = 0
                while offset + stride < ring.coordinates.count {
                    let (lat, lon) = axes.latitudeLongitude(ring.coordinates, offset)
                    geod_polygon_addpoint(&geodesic, &polygon, lat, lon)
                    offset += stride
                }
                var area = 0.0
                geod_polygon_compute(&geodesic, &polygon, 0, 1, &area, nil)
                total += index == 0 ? Swift.abs(area) : -Swift.abs(area)
            }
            return total
        }
    }
}
