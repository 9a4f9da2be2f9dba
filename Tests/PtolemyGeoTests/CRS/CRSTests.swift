import Testing
import PtolemyGeo

@Suite struct CRSTests {
    @Test(arguments: [
        ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", CRS.Identifier.crs84),
        ("http://www.opengis.net/def/crs/OGC/0/CRS84", .crs84),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", .crs84),
        ("OGC:CRS84", .crs84),
        ("http://www.opengis.net/def/crs/OGC/0/CRS84h", .crs84h),
        ("http://www.opengis.net/def/crs/EPSG/0/4326", .epsg(4326)),
        ("https://www.opengis.net/def/crs/EPSG/9.9.1/2100", .epsg(2100)),
        ("urn:ogc:def:crs:EPSG::4326", .epsg(4326)),
        ("urn:ogc:def:crs:EPSG:6.6:3857", .epsg(3857)),
        ("EPSG:32633", .epsg(32633)),
        ("http://example.org/crs/mine", .other("http://example.org/crs/mine")),
        ("http://www.opengis.net/def/crs/EPSG/0/notanumber", .other("http://www.opengis.net/def/crs/EPSG/0/notanumber")),
    ])
    func recognisesIRIs(_ iri: String, _ expected: CRS.Identifier) {
        #expect(CRS(iri: iri).identifier == expected)
    }

    @Test func canonicalIRIs() {
        #expect(CRS.crs84.iri == "http://www.opengis.net/def/crs/OGC/1.3/CRS84")
        #expect(CRS(iri: "urn:ogc:def:crs:EPSG::4326").iri == "http://www.opengis.net/def/crs/EPSG/0/4326")
        #expect(CRS(iri: "OGC:CRS84") == CRS.crs84)
    }

    @Test func propertiesComeFromPROJ() throws {
        let wgs84 = try CRS.epsg(4326).properties()
        #expect(wgs84.kind == .geographic)
        #expect(wgs84.isLatitudeFirst)
        #expect(wgs84.unitName == "degree")
        #expect(wgs84.ellipsoid == .wgs84)
        #expect(abs(wgs84.degreesPerUnit - 1) < 1e-12)

        let crs84 = try CRS.crs84.properties()
        #expect(crs84.isGeographic && !crs84.isLatitudeFirst)
        #expect(try CRS.crs84h.properties().axisCount == 3)

        let mercator = try CRS.epsg(3857).properties()
        #expect(mercator.kind == .projected)
        #expect(mercator.unitName == "metre" && mercator.unitConversionFactor == 1)
        #expect(!CRS.epsg(3857).isGeographic)

        let greek = try CRS.epsg(2100).properties()
        #expect(greek.name == "GGRS87 / Greek Grid")
        #expect(greek.ellipsoid?.semiMajorAxis == 6_378_137) // GRS 1980

        let feet = try CRS.epsg(2263).properties() // NAD83 / New York Long Island (ftUS)
        #expect(abs(feet.unitConversionFactor - 1200.0 / 3937.0) < 1e-12)

        #expect(CRS.epsg(4258).isGeographic)
        #expect(CRS.epsg(4326).isLatitudeFirst && !CRS.crs84.isLatitudeFirst)
    }

    @Test func unknownCRSsThrowOnlyWhenPROJIsNeeded() throws {
        #expect(throws: GeoError.self) { try CRS.epsg(99999).properties() }
        #expect(throws: GeoError.self) { try CRS(iri: "http://example.org/crs").properties() }
        #expect(!CRS.epsg(99999).isGeographic)
        do {
            _ = try CRS.epsg(99999).properties()
        } catch let error as GeoError {
            #expect(error.kind == .proj)
            #expect(error.message.contains("EPSG:99999"))
        }
    }

    @Test func propertiesAreSafeToLookUpConcurrently() async throws {
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for code in [4326, 3857, 2100, 32633, 4258, 25832, 27700, 2154] {
                group.addTask { try CRS.epsg(code).properties().name }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(names.count == 8)
    }
}

@Suite struct TransformTests {
    @Test func epsg4326IsLatitudeFirst() throws {
        // Athens: latitude 38, longitude 23.7.
        let latLon = try Geometry(wkt: "POINT (38 23.7)")
        #expect(try latLon.transformed(from: .epsg(4326), to: .crs84).wkt == "POINT (23.7 38)")
        #expect(try Geometry(wkt: "POINT (23.7 38)").transformed(from: .crs84, to: .epsg(4326)).wkt == "POINT (38 23.7)")
    }

    @Test func toWebMercator() throws {
        // x = a * lambda, y = a * ln(tan(pi/4 + phi/2)) on the sphere of radius a.
        let a = 6_378_137.0
        let point = try Geometry(wkt: "POINT (23.7 38)").transformed(from: .crs84, to: .epsg(3857))
        #expect(abs(point.boundingBox.minX - a * 23.7 * .pi / 180) < 1e-6)
        #expect(abs(point.boundingBox.minY - 4_579_425.812870) < 1e-5)
        // PROJ applies EPSG:4326's latitude-first order on input.
        let viaLatLon = try Geometry(wkt: "POINT (38 23.7)").transformed(from: .epsg(4326), to: .epsg(3857))
        #expect(abs(viaLatLon.boundingBox.minX - point.boundingBox.minX) < 1e-6)
        let back = try point.transformed(from: .epsg(3857), to: .crs84)
        #expect(abs(back.boundingBox.minX - 23.7) < 1e-9 && abs(back.boundingBox.minY - 38) < 1e-9)
    }

    @Test func transformsEveryPartOfACollection() throws {
        let collection = try Geometry(wkt: "GEOMETRYCOLLECTION (POINT (38 23.7), POLYGON ((0 0, 0 1, 1 1, 0 0)))")
        let swapped = try collection.transformed(from: .epsg(4326), to: .crs84)
        #expect(swapped.wkt == "GEOMETRYCOLLECTION (POINT (23.7 38), POLYGON ((0 0, 1 0, 1 1, 0 0)))")
        let utm = try Geometry(wkt: "LINESTRING Z (15 52 100, 15.1 52.1 200)").transformed(from: .crs84h, to: .epsg(32633))
        #expect(utm.hasZ)
        #expect(utm.boundingBox.minX > 400_000 && utm.boundingBox.maxX < 600_000)
    }

    @Test func failuresAreReported() throws {
        #expect(throws: GeoError.self) { try Geometry(wkt: "POINT (1 2)").transformed(from: .crs84, to: .epsg(99999)) }
        // Latitude 95 is not on Earth: PROJ cannot project it.
        #expect(throws: GeoError.self) { try Geometry(wkt: "POINT (0 95)").transformed(from: .crs84, to: .epsg(3857)) }
    }
}
