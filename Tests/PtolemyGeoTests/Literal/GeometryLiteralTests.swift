import Testing
import PtolemyGeo

@Suite struct GeometryLiteralTests {
    @Test func wktDefaultsToCRS84() throws {
        let literal = try GeometryLiteral(parsing: "POINT(23.7 38)", format: .wkt)
        #expect(literal.crs == .crs84)
        #expect(literal.boundingBox == BoundingBox(x: 23.7, y: 38))
        #expect(literal.type == .point)
        #expect(try literal.lexicalForm(.wkt) == "POINT (23.7 38)")
    }

    @Test func wktWithACRSPrefix() throws {
        let literal = try GeometryLiteral(parsing: " <http://www.opengis.net/def/crs/EPSG/0/4326> POINT(38 23.7)", format: .wkt)
        #expect(literal.crs == .epsg(4326))
        #expect(literal.boundingBox == BoundingBox(x: 38, y: 23.7))
        #expect(try literal.boundingBox(in: .crs84) == BoundingBox(x: 23.7, y: 38))
        #expect(try literal.lexicalForm(.wkt) == "<http://www.opengis.net/def/crs/EPSG/0/4326> POINT (38 23.7)")
        // GeoJSON and KML are CRS84: axes swapped on the way out.
        #expect(try literal.lexicalForm(.geoJSON) == #"{"type":"Point","coordinates":[23.7,38]}"#)
        #expect(try literal.lexicalForm(.kml).contains("<coordinates>23.7,38</coordinates>"))
        #expect(try literal.lexicalForm(.gml).contains(#"srsName="http://www.opengis.net/def/crs/EPSG/0/4326""#))
        let crs84 = try literal.transformed(to: .crs84)
        #expect(try crs84.lexicalForm(.wkt) == "POINT (23.7 38)")
    }

    @Test func emptyLiteralsAreEmptyGeometries() throws {
        for (text, format) in [("", GeometryLiteral.Format.wkt), ("  ", .wkt), ("<http://www.opengis.net/def/crs/EPSG/0/4326>", .wkt), ("", .gml)] {
            let literal = try GeometryLiteral(parsing: text, format: format)
            #expect(literal.isEmpty)
            #expect(literal.type == .geometryCollection)
            #expect(try literal.geometry().isEmpty)
        }
        #expect(try GeometryLiteral(parsing: "POINT EMPTY", format: .wkt).isEmpty)
    }

    @Test func keepsZAndM() throws {
        let literal = try GeometryLiteral(parsing: "LINESTRING ZM (0 0 1 10, 1 1 2 20)", format: .wkt)
        #expect(literal.hasZ && literal.hasM)
        #expect(literal.coordinateDimension == 4 && literal.spatialDimension == 3)
        #expect(try literal.lexicalForm(.wkt) == "LINESTRING ZM (0 0 1 10, 1 1 2 20)")
        #expect(try literal.geometry().coordinateDimension == 3)
        let reloaded = try GeometryLiteral(wkb: literal.wkb, crs: literal.crs)
        #expect(reloaded == literal)
    }

    @Test func gmlCarriesItsCRS() throws {
        let literal = try GeometryLiteral(parsing: #"<gml:Point srsName="urn:ogc:def:crs:EPSG::2100" xmlns:gml="http://www.opengis.net/gml/3.2"><gml:pos>476000 4200000</gml:pos></gml:Point>"#, format: .gml)
        #expect(literal.crs == .epsg(2100))
        #expect(try literal.lexicalForm(.wkt) == "<http://www.opengis.net/def/crs/EPSG/0/2100> POINT (476000 4200000)")
        let noSRS = try GeometryLiteral(parsing: "<gml:Point><gml:pos>1 2</gml:pos></gml:Point>", format: .gml)
        #expect(noSRS.crs == .crs84)
    }

    @Test func geoJSONAndKMLAreCRS84() throws {
        #expect(try GeometryLiteral(parsing: #"{"type":"Point","coordinates":[1,2]}"#, format: .geoJSON).crs == .crs84)
        #expect(try GeometryLiteral(parsing: "<Point><coordinates>1,2</coordinates></Point>", format: .kml).crs == .crs84)
    }

    @Test func roundTripsBetweenFormats() throws {
        let wkt = "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 0)), ((20 20, 30 20, 30 30, 20 20)))"
        let literal = try GeometryLiteral(parsing: wkt, format: .wkt)
        for format in GeometryLiteral.Format.allCases {
            let text = try literal.lexicalForm(format)
            let again = try GeometryLiteral(parsing: text, format: format)
            #expect(try again.lexicalForm(.wkt) == wkt, "\(format): \(text)")
        }
    }

    @Test func datatypeIRIs() {
        #expect(GeometryLiteral.Format(datatypeIRI: "http://www.opengis.net/ont/geosparql#wktLiteral") == .wkt)
        #expect(GeometryLiteral.Format(datatypeIRI: "http://www.opengis.net/ont/geosparql#geoJSONLiteral") == .geoJSON)
        #expect(GeometryLiteral.Format(datatypeIRI: "http://www.w3.org/2001/XMLSchema#string") == nil)
        #expect(GeometryLiteral.Format.gml.datatypeIRI == "http://www.opengis.net/ont/geosparql#gmlLiteral")
    }

    @Test(arguments: [
        ("<http://www.opengis.net/def/crs/EPSG/0/4326 POINT(1 2)", 0, "not closed"),
        ("<http://www.opengis.net/def/crs/EPSG/0/4326> POINT(1 2", 54, "expected ')'"),
        ("<http://www.opengis.net/def/crs/EPSG/0/4326> PONT(1 2)", 45, "unknown geometry type"),
        ("< > POINT(1 2)", 1, "not a valid CRS IRI"),
        ("<é> POINT(1 2", 13, "expected ')'"),
    ])
    func errorsPointIntoTheLiteral(_ text: String, _ offset: Int, _ message: String) {
        do {
            _ = try GeometryLiteral(parsing: text, format: .wkt)
            Issue.record("accepted \(text)")
        } catch let error as GeoError {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refusesCorruptWKB() {
        #expect(throws: GeoError.self) { try GeometryLiteral(wkb: [1, 1, 0, 0, 0, 0], crs: .crs84) }
        #expect(throws: GeoError.self) { try GeometryLiteral(wkb: [1, 99, 0, 0, 0], crs: .crs84) }
        // A line string claiming 2^32-1 points in a few bytes.
        #expect(throws: GeoError.self) { try GeometryLiteral(wkb: [1, 2, 0, 0, 0, 255, 255, 255, 255, 0, 0], crs: .crs84) }
    }
}

@Suite struct BoundingBoxTransformTests {
    @Test func boxesInAnotherCRSCoverCurvedEdges() throws {
        // A long east-west edge along UTM northing 6 000 000 (about 54 N): in
        // CRS84 it arcs north of its end points, which the vertex box would miss.
        let literal = try GeometryLiteral(parsing: "<http://www.opengis.net/def/crs/EPSG/0/32633> LINESTRING (200000 6000000, 800000 6000000)", format: .wkt)
        let box = try literal.boundingBox(in: .crs84)
        let ends = try literal.transformed(to: .crs84).boundingBox
        #expect(box.maxY > ends.maxY + 0.01)
        // The midpoint of the edge (the highest point of the arc) is inside the box.
        let middle = try GeometryLiteral(parsing: "<http://www.opengis.net/def/crs/EPSG/0/32633> POINT (500000 6000000)", format: .wkt)
        let top = try middle.boundingBox(in: .crs84)
        #expect(box.contains(top))
    }
}
