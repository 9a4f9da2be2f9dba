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

    @Test func parsesRandomLongNumbersLikeTheStandardLibrary() {
        var random = SplitMix64(seed: 99)
        for round in 0..<200_000 {
            // 1 to 20 digits, a decimal point somewhere, sometimes an exponent.
            let digitCount = 1 + Int(random.next() % 20)
            var digits = (0..<digitCount).map { _ in Character(String(random.next() % 10)) }
            if round % 4 == 0 { digits = Array("9007199254740993".prefix(digitCount)) + digits } // near 2^53
            let point = Int(random.next() % UInt64(digits.count + 1))
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if text == "." { text = "0" }
            if round % 3 == 0 { text += "e\(Int(random.next() % 40) - 20)" }
            if round % 2 == 0 { text = "-" + text }
            var position = 0
            let parsed = text.utf8CString.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) { bytes in
                    TextScanning.parseDouble(UnsafeBufferPointer(rebasing: bytes.dropLast()), &position)
                }
            }
            #expect(parsed?.bitPattern == Double(text)?.bitPattern, "\(text)")
            if parsed?.bitPattern != Double(text)?.bitPattern { break }
        }
        // Exact ties between two doubles round to even.
        for text in ["9007199254740993", "9007199254740995", "18014398509481990", "0.30000000000000004441",
                     "1.00000000000000011102230246251565404236316680908203125", "4503599627370496.5", "4503599627370497.5"] {
            var position = 0
            let parsed = text.utf8CString.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) { TextScanning.parseDouble(UnsafeBufferPointer(rebasing: $0.dropLast()), &position) }
            }
            #expect(parsed == Double(text), "\(text)")
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

@Suite struct WKBTests {
    @Test func writesISOLittleEndian() throws {
        let point = try Geometry(wkt: "POINT Z (1 2 3)")
        // 01 = NDR, type 1001 = Point Z (ISO), then X, Y, Z.
        #expect(Array(point.wkb.prefix(5)) == [1, 0xE9, 0x03, 0, 0])
        #expect(point.wkb.count == 5 + 24)
        let flat = point.wkb(includingZ: false)
        #expect(Array(flat.prefix(5)) == [1, 1, 0, 0, 0])
        #expect(try Geometry(wkb: flat).wkt == "POINT (1 2)")
        // The writer is restored: Z comes back on the next call.
        #expect(point.wkb.count == 29)
    }

    @Test func readsBigEndianAndExtendedWKB() throws {
        // Big-endian (XDR) POINT (1 2).
        let xdr: [UInt8] = [0, 0, 0, 0, 1, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]
        #expect(try Geometry(wkb: xdr).wkt == "POINT (1 2)")
        // PostGIS EWKB POINT Z with SRID 4326: flags 0xA0000001.
        var ewkb: [UInt8] = [1, 1, 0, 0, 0xA0, 0xE6, 0x10, 0, 0]
        for value in [1.0, 2.0, 3.0] { withUnsafeBytes(of: value.bitPattern.littleEndian) { ewkb += $0 } }
        #expect(WKTWriter.write(try WKBDecoder.decode(ewkb)) == "POINT Z (1 2 3)")
    }

    @Test func refusesMalformedWKBWithOffsets() {
        func offset(_ bytes: [UInt8]) -> Int? {
            do { _ = try Geometry(wkb: bytes); return nil } catch let error as GeoError { return error.offset } catch { return nil }
        }
        #expect(offset([]) == 0)
        #expect(offset([2, 1, 0, 0, 0]) == 0)                    // bad byte order
        #expect(offset([1, 1, 0, 0, 0, 0, 0]) == 5)              // truncated point
        #expect(offset([1, 2, 0, 0, 0, 1, 0, 0, 0] + [UInt8](repeating: 0, count: 16)) == 5) // one-point line
        #expect(offset([1, 8, 0, 0, 0]) == 1)                    // circular string: unsupported
    }
}
