import Testing
@testable import PtolemyGeo

@Suite struct WKTTests {
    /// WKT that must survive parse -> GEOS -> WKT unchanged (our writer's canonical form).
    @Test(arguments: [
        "POINT (1 2)",
        "POINT Z (1 2 3)",
        "POINT EMPTY",
        "LINESTRING (0 0, 1 1, 2 0.5)",
        "LINESTRING EMPTY",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2))",
        "POLYGON EMPTY",
        "MULTIPOINT ((1 2), (3 4))",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
        "GEOMETRYCOLLECTION EMPTY",
        "POINT (-0.000123 123456.789)",
        "LINESTRING Z (0 0 1, 1 1 2)",
    ])
    func roundTripsThroughGEOS(_ wkt: String) throws {
        #expect(try Geometry(wkt: wkt).wkt == wkt)
    }

    @Test func acceptsLooseSyntax() throws {
        #expect(try Geometry(wkt: "point(1 2)").wkt == "POINT (1 2)")
        #expect(try Geometry(wkt: "  MultiPoint ( 1 2 , 3 4 )  ").wkt == "MULTIPOINT ((1 2), (3 4))")
        #expect(try Geometry(wkt: "POINT(1 2 3)").wkt == "POINT Z (1 2 3)")
        #expect(try Geometry(wkt: "POINTZ(1 2 3)").wkt == "POINT Z (1 2 3)")
        #expect(try Geometry(wkt: "POINT(1e2 -2.5E-1)").wkt == "POINT (100 -0.25)")
        #expect(try Geometry(wkt: "MULTIPOINT(EMPTY, (1 2))").numGeometries == 2)
        #expect(try Geometry(wkt: "TRIANGLE((0 0,1 0,0 1,0 0))").type == .polygon)
        #expect(try Geometry(wkt: "GEOMETRYCOLLECTION(POINT Z (1 2 3), LINESTRING Z (0 0 0, 1 1 1))").coordinateDimension == 3)
    }

    @Test func keepsMOrdinatesInWKB() throws {
        let encoded = try WKTParser.parse("LINESTRING M (0 0 5, 1 1 6)")
        #expect(encoded.dimensions == .xym)
        let shape = try WKBDecoder.decode(encoded.wkb)
        #expect(shape.coordinates == [0, 0, 5, 1, 1, 6])
        #expect(WKTWriter.write(shape) == "LINESTRING M (0 0 5, 1 1 6)")
        let zm = try WKTParser.parse("POINT ZM (1 2 3 4)")
        #expect(WKTWriter.write(try WKBDecoder.decode(zm.wkb)) == "POINT ZM (1 2 3 4)")
        #expect(WKTWriter.write(try WKBDecoder.decode(try WKTParser.parse("POINT(1 2 3 4)").wkb)) == "POINT ZM (1 2 3 4)")
        // GEOS 3.11 drops M: the Geometry keeps X, Y (and Z).
        #expect(try Geometry(wkt: "POINT M (1 2 3)").wkt == "POINT (1 2)")
        #expect(try Geometry(wkt: "POINT ZM (1 2 3 4)").wkt == "POINT Z (1 2 3)")
    }

    @Test func computesTheBoundingBoxWhileParsing() throws {
        let encoded = try WKTParser.parse("POLYGON((-3 1, 4 1, 4 7.5, -3 1))")
        #expect(encoded.boundingBox == BoundingBox(minX: -3, minY: 1, maxX: 4, maxY: 7.5))
        #expect(try WKTParser.parse("POINT EMPTY").boundingBox.isEmpty)
        #expect(try Geometry(wkt: "POLYGON((-3 1, 4 1, 4 7.5, -3 1))").boundingBox == encoded.boundingBox)
    }

    @Test func parsesNumbersExactly() throws {
        // Fast path and fallback both give the correctly rounded double.
        for text in ["0.1", "-123.456", "1e-7", "2.2250738585072014e-308", "0.30000000000000004",
                     "12345678901234567890", "3.141592653589793238462643383279", "1e22", "1e23", "5e-324", "9007199254740993"] {
            let encoded = try WKTParser.parse("POINT (\(text) 0)")
            let shape = try WKBDecoder.decode(encoded.wkb)
            #expect(shape.coordinates[0] == Double(text)!, "\(text)")
        }
    }

    /// Each malformed input must be refused with the offset of the problem.
    @Test(arguments: [
        ("POINT (1 2", 10, "expected ')'"),
        ("POINT (1)", 8, "fewer than"),
        ("POINT (1 2 3 4 5)", 7, "more than"),
        ("LINESTRING (0 0)", 11, "at least 2 points"),
        ("POLYGON ((0 0, 1 0, 1 1, 0 1))", 9, "closed"),
        ("POLYGON ((0 0, 1 0, 0 0))", 9, "at least 4 points"),
        ("POINT Z (1 2)", 12, "fewer than"),
        ("GEOMETRYCOLLECTION (POINT (1 2), POINT Z (1 2 3))", 39, "disagrees"),
        ("BLOB (1 2)", 0, "unknown geometry type 'BLOB'"),
        ("POINT (1 2) x", 12, "unexpected text"),
        ("POINT (1 a)", 9, "expected a number"),
        ("POINT (1-2)", 8, "white space"),
        ("", 0, "expected a geometry type"),
        ("POINT (é 2)", 7, "expected a number"),
    ])
    func reportsWhereItFails(_ input: String, _ offset: Int, _ message: String) {
        do {
            _ = try WKTParser.parse(input)
            Issue.record("accepted \(input)")
        } catch let error as GeoError {
            #expect(error.kind == .syntax)
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refusesCurvesAsUnsupported() {
        #expect(throws: GeoError.self) { try WKTParser.parse("CIRCULARSTRING(0 0, 1 1, 2 0)") }
        do {
            _ = try WKTParser.parse("CIRCULARSTRING(0 0, 1 1, 2 0)")
        } catch let error as GeoError {
            #expect(error.kind == .unsupported)
        } catch {}
    }

    @Test func everythingTheParserAcceptsGEOSAccepts() throws {
        // The store persists our WKB without asking GEOS, so GEOS must read it back.
        let inputs = ["POINT EMPTY", "MULTIPOINT(EMPTY)", "POLYGON((0 0,1 0,1 1,0 0),(0.1 0.1,0.2 0.1,0.2 0.2,0.1 0.1))",
                      "MULTIPOLYGON(EMPTY,((0 0,1 0,1 1,0 0)))", "GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(1 1)))",
                      "MULTILINESTRING(EMPTY,(0 0,1 1))", "TIN(((0 0,1 0,0 1,0 0)))", "POINT M EMPTY"]
        for input in inputs {
            let encoded = try WKTParser.parse(input)
            let geometry = try Geometry(wkb: encoded.wkb)
            #expect(geometry.type == encoded.type, "\(input)")
        }
    }
}
