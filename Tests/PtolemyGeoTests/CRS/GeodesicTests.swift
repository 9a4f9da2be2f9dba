import Testing
import PtolemyGeo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Vincenty's inverse formula, written here as an independent reference for the
/// geodesic distances (it agrees with Karney's algorithm to well under a
/// millimetre for points that are not nearly antipodal).
func vincentyDistance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let a = 6_378_137.0, f = 1 / 298.257223563, b = a * (1 - f)
    let rad = Double.pi / 180
    let L = (lon2 - lon1) * rad
    let U1 = atan((1 - f) * tan(lat1 * rad)), U2 = atan((1 - f) * tan(lat2 * rad))
    let sinU1 = sin(U1), cosU1 = cos(U1), sinU2 = sin(U2), cosU2 = cos(U2)
    var lambda = L, previous = 0.0
    var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cos2Alpha = 0.0, cos2SigmaM = 0.0
    repeat {
        let sinLambda = sin(lambda), cosLambda = cos(lambda)
        sinSigma = ((cosU2 * sinLambda) * (cosU2 * sinLambda)
            + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) * (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)).squareRoot()
        cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
        sigma = atan2(sinSigma, cosSigma)
        let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
        cos2Alpha = 1 - sinAlpha * sinAlpha
        cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha
        let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
        previous = lambda
        lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
    } while abs(lambda - previous) > 1e-13
    let u2 = cos2Alpha * (a * a - b * b) / (b * b)
    let A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
    let B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
    let deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
        - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
    return b * A * (sigma - deltaSigma)
}

@Suite struct GeodesicTests {
    @Test func knownDistancesToTheMillimetre() {
        // One degree of the equator is a * pi / 180.
        #expect(abs(Geodesic.distance(latitude1: 0, longitude1: 0, latitude2: 0, longitude2: 1) - 111_319.490_793) < 0.001)
        // The WGS 84 meridian quadrant: 10 001 965.729 m.
        #expect(abs(Geodesic.distance(latitude1: 0, longitude1: 0, latitude2: 90, longitude2: 0) - 10_001_965.729) < 0.001)
        // Antipodal points on the equator: the shortest path runs over a pole (half a meridian).
        #expect(abs(Geodesic.distance(latitude1: 0, longitude1: 0, latitude2: 0, longitude2: 180) - 20_003_931.459) < 0.001)
    }

    @Test(arguments: [
        (40.64, -73.78, 51.47, -0.45),     // JFK - Heathrow
        (37.98, 23.73, 40.64, 22.94),      // Athens - Thessaloniki
        (-33.87, 151.21, -37.81, 144.96),  // Sydney - Melbourne
        (48.8566, 2.3522, 48.8584, 2.2945), // a few km in Paris
        (60, 10, 60.0000001, 10.0000001),  // centimetres
    ])
    func matchesVincenty(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) {
        let karney = Geodesic.distance(latitude1: lat1, longitude1: lon1, latitude2: lat2, longitude2: lon2)
        #expect(abs(karney - vincentyDistance(lat1, lon1, lat2, lon2)) < 0.001, "\(karney)")
    }

    @Test func octantArea() {
        // The triangle equator 0..90E and the pole is exactly 1/8 of the ellipsoid,
        // whose area is 510 065 621.724 km^2 for WGS 84.
        let octant = Geodesic.polygonArea(latitudes: [0, 0, 90], longitudes: [0, 90, 0])
        #expect(abs(octant.area - 510_065_621.724e6 / 8) < 1e5)
        // Perimeter: a quarter of the equator plus two meridian quadrants.
        #expect(abs(octant.perimeter - (6_378_137 * .pi / 2 + 2 * 10_001_965.729)) < 0.01)
        // On a sphere the same triangle has area pi R^2 / 2.
        let sphere = Ellipsoid(semiMajorAxis: 6_371_000, flattening: 0)
        let spherical = Geodesic.polygonArea(latitudes: [0, 0, 90], longitudes: [0, 90, 0], on: sphere)
        #expect(abs(spherical.area - .pi * 6_371_000 * 6_371_000 / 2) < 1)
    }

    @Test func geometryMeasuresInMetres() throws {
        // The octant as a CRS84 polygon (longitude first).
        let octant = try Geometry(wkt: "POLYGON ((0 0, 90 0, 0 90, 0 0))")
        let expected = 510_065_621.724e6 / 8
        #expect(abs(octant.geodesicArea() - expected) < 1e5)
        #expect(abs(try octant.areaInSquareMetres(crs: .crs84) - expected) < 1e5)
        // Same polygon written latitude first for EPSG:4326.
        let latFirst = try Geometry(wkt: "POLYGON ((0 0, 0 90, 90 0, 0 0))")
        #expect(abs(try latFirst.areaInSquareMetres(crs: .epsg(4326)) - expected) < 1e5)

        let hole = try Geometry(wkt: "POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))")
        let withHole = try Geometry(wkt: "POLYGON ((0 0, 90 0, 0 90, 0 0), (10 10, 20 10, 20 20, 10 20, 10 10))")
        // Equal up to round-off on areas of 6e13 m^2 (relative 1e-12).
        #expect(abs(withHole.geodesicArea() - (expected - hole.geodesicArea())) < 100)

        let equator = try Geometry(wkt: "LINESTRING (0 0, 1 0, 2 0)")
        #expect(abs(equator.geodesicLength() - 2 * 111_319.490_793) < 0.001)
        #expect(abs(try equator.lengthInMetres(crs: .crs84) - 2 * 111_319.490_793) < 0.001)
        #expect(try Geometry(wkt: "POINT (1 2)").geodesicLength() == 0)
    }

    @Test func distancesBetweenGeometries() throws {
        let a = try Geometry(wkt: "POINT (0 0)")
        let b = try Geometry(wkt: "POINT (1 0)")
        #expect(abs(try a.geodesicDistance(to: b) - 111_319.490_793) < 0.001)
        #expect(abs(try a.distanceInMetres(to: b, crs: .crs84) - 111_319.490_793) < 0.001)
        // In EPSG:4326 the same points are written (lat lon).
        let a4326 = try Geometry(wkt: "POINT (0 0)"), b4326 = try Geometry(wkt: "POINT (0 1)")
        #expect(abs(try a4326.distanceInMetres(to: b4326, crs: .epsg(4326)) - 111_319.490_793) < 0.001)
        // A line from (2 -1) to (2 1) is nearest to (0 0) at (2 0): two degrees of equator.
        let line = try Geometry(wkt: "LINESTRING (2 -1, 2 1)")
        #expect(abs(try a.geodesicDistance(to: line) - 2 * 111_319.490_793) < 0.001)
        #expect(try line.geodesicDistance(to: Geometry(wkt: "POINT (2 0.5)")) == 0)
    }

    @Test func projectedMeasuresScaleByTheUnit() throws {
        let square = try Geometry(wkt: "POLYGON ((500000 0, 501000 0, 501000 1000, 500000 1000, 500000 0))")
        #expect(try square.areaInSquareMetres(crs: .epsg(32633)) == 1_000_000)
        #expect(try square.lengthInMetres(crs: .epsg(32633)) == 4000)
        let feet = 1200.0 / 3937.0
        #expect(abs(try square.lengthInMetres(crs: .epsg(2263)) - 4000 * feet) < 1e-9)
        #expect(try Geometry(wkt: "POINT (0 0)").distanceInMetres(to: Geometry(wkt: "POINT (3 4)"), crs: .epsg(3857)) == 5)
        #expect(throws: GeoError.self) { try square.areaInSquareMetres(crs: CRS(iri: "http://example.org/unknown")) }
    }

    @Test func searchBoxesAreConservative() throws {
        // Every point within d metres of the centre must fall in the search box.
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let lat = generator.uniform(-85, 85), lon = generator.uniform(-170, 170)
            let metres = generator.uniform(1, 200_000)
            let box = try CRS.crs84.searchBox(around: BoundingBox(x: lon, y: lat), withinMetres: metres)
            for _ in 0..<20 {
                let lat2 = lat + generator.uniform(-3, 3), lon2 = lon + generator.uniform(-6, 6)
                guard abs(lat2) <= 90 else { continue }
                let distance = Geodesic.distance(latitude1: lat, longitude1: lon, latitude2: lat2, longitude2: lon2)
                if distance <= metres {
                    #expect(box.contains(x: lon2, y: lat2), "\(lat),\(lon) -> \(lat2),\(lon2) at \(distance) m, box \(box)")
                }
            }
        }
        // Latitude-first CRS: the box comes back latitude first too.
        let latFirst = try CRS.epsg(4326).searchBox(around: BoundingBox(x: 60, y: 10), withinMetres: 1000)
        #expect(latFirst.minX < 60 && latFirst.maxX > 60 && latFirst.minY < 10 && latFirst.maxY > 10)
        #expect(latFirst.height > latFirst.width) // a degree of longitude is shorter at 60N
        // Near a pole the box spans all longitudes.
        let polar = try CRS.crs84.searchBox(around: BoundingBox(x: 0, y: 89.99), withinMetres: 5000)
        #expect(polar.minX == -180 && polar.maxX == 180 && polar.maxY == 90)
        // Projected: plain expansion in CRS units.
        #expect(try CRS.epsg(3857).searchBox(around: BoundingBox(x: 0, y: 0), withinMetres: 10) == BoundingBox(minX: -10, minY: -10, maxX: 10, maxY: 10))
    }
}

@Suite struct MetricBufferTests {
    @Test(arguments: [(CRS.crs84, "POINT (10 50)"), (CRS.epsg(4326), "POINT (50 10)")])
    func bufferedPointIsACircleOfThatManyMetres(_ crs: CRS, _ wkt: String) throws {
        let circle = try Geometry(wkt: wkt).bufferInMetres(1000, crs: crs)
        #expect(circle.type == .polygon)
        // Every vertex lies 1000 m (geodesic) from the centre, which is also the
        // projection centre, where azimuthal equidistant distances are exact.
        let latitudeFirst = crs == .epsg(4326)
        let ring = try circle.boundary()
        let text = ring.wkt.dropFirst("LINESTRING (".count).dropLast()
        for pair in text.split(separator: ",") {
            let numbers = pair.split(separator: " ").compactMap { Double($0) }
            let (lat, lon) = latitudeFirst ? (numbers[0], numbers[1]) : (numbers[1], numbers[0])
            let distance = Geodesic.distance(latitude1: 50, longitude1: 10, latitude2: lat, longitude2: lon)
            #expect(abs(distance - 1000) < 0.01, "\(distance)")
        }
        // Area of the inscribed 32-gon: 16 sin(pi/16) r^2.
        let area = try circle.areaInSquareMetres(crs: crs)
        #expect(abs(area - 16 * 0.19509032201612825 * 1_000_000) / area < 1e-4)
    }

    @Test func projectedBuffersArePlanar() throws {
        let circle = try Geometry(wkt: "POINT (500000 5000000)").bufferInMetres(100, crs: .epsg(32633))
        #expect(abs(circle.area - 16 * 0.19509032201612825 * 10_000) < 1e-6)
        #expect(try Geometry(wkt: "POINT EMPTY").bufferInMetres(100, crs: .crs84).isEmpty)
    }
}
