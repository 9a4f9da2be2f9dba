/// A reference ellipsoid, for geodesic measures.
public struct Ellipsoid: Hashable, Sendable {
    /// Equatorial radius in metres.
    public let semiMajorAxis: Double
    /// Flattening (a - b) / a; 0 for a sphere.
    public let flattening: Double

    /// An ellipsoid with equatorial radius `semiMajorAxis` (metres) and `flattening`.
    public init(semiMajorAxis: Double, flattening: Double) {
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
    }

    /// WGS 84 (EPSG:7030): a = 6378137 m, 1/f = 298.257223563.
    public static let wgs84 = Ellipsoid(semiMajorAxis: 6_378_137, flattening: 1 / 298.257223563)

    /// Square of the first eccentricity.
    var eccentricitySquared: Double { flattening * (2 - flattening) }

    /// The smallest radius of curvature anywhere on the ellipsoid (the meridian
    /// radius at the equator, a(1 - e²)): no geodesic is shorter than this radius
    /// times the angle it subtends, which makes search boxes built with it
    /// conservative.
    var minimumRadiusOfCurvature: Double { semiMajorAxis * (1 - eccentricitySquared) }
}
