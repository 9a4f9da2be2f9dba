import Testing
import PtolemyRDF
@testable import PtolemyMapping

@Suite struct GeometryFunctionTests {
    private func call(_ name: String, _ geometry: String, crs: String? = nil) throws -> DataValue? {
        let f = try #require(FunctionRegistry.standard.function(GeometryFunctions.ns + name))
        var arguments: [String: DataValue] = [GeometryFunctions.geometry: .string(geometry)]
        if let crs { arguments[GeometryFunctions.crs] = .string(crs) }
        return try f.body(arguments)
    }

    @Test func serializations() throws {
        #expect(try call("asWKT", #"{"type":"Point","coordinates":[1,2]}"#)?.string == "POINT (1 2)")
        #expect(try call("asWKT", "POINT(1 2)", crs: "EPSG:3035")?.string == "<http://www.opengis.net/def/crs/EPSG/0/3035> POINT (1 2)")
        #expect(try call("asGeoJSON", "LINESTRING(0 0, 1 1)")?.string == #"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#)
        let gml = try #require(try call("asGML", "POINT(1 2)")?.string)
        #expect(gml.contains("<gml:Point") && gml.contains("1 2"))
        #expect(try call("asWKT", "POINT(1 2)")?.naturalDatatype == "http://www.opengis.net/ont/geosparql#wktLiteral")
    }

    @Test func measuresAndPredicates() throws {
        let square = "POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))"
        #expect(try call("area", square)?.string == "15.0")
        #expect(try call("length", "LINESTRING(0 0, 3 4)")?.string == "5.0")
        #expect(try call("centroid", "POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))")?.string == "POINT (1 1)")
        #expect(try call("envelope", "LINESTRING(0 0, 3 4)")?.string == "POLYGON ((0 0, 3 0, 3 4, 0 4, 0 0))")
        #expect(try call("dimension", square)?.string == "2")
        #expect(try call("dimension", "MULTIPOINT((0 0), (1 1))")?.string == "0")
        #expect(try call("isSimple", "LINESTRING(0 0, 2 2, 0 2, 2 0)")?.string == "false")
        #expect(try call("isEmpty", "POINT EMPTY")?.string == "true")
        #expect(try call("isEmpty", "POINT(0 0)")?.string == "false")
        // 0.01° × 0.01° at 48° N is about 0.83 km².
        let area = try #require(Double(try call("areaInSquareMetres", "POLYGON((15.9 48.3, 15.91 48.3, 15.91 48.31, 15.9 48.31, 15.9 48.3))")?.string ?? ""))
        #expect(abs(area - 824_903) < 1_000)
    }

    @Test func transform() throws {
        let f = try #require(FunctionRegistry.standard.function(GeometryFunctions.ns + "transform"))
        let out = try f.body([GeometryFunctions.geometry: .string("POINT(10 52)"), GeometryFunctions.crs: .string("http://www.opengis.net/def/crs/EPSG/0/3035")])
        // The LAEA Europe origin (10° E, 52° N) is the false origin: northing 3210000, easting 4321000 (EPSG axis order).
        let text = try #require(out?.string)
        #expect(text.hasPrefix("<http://www.opengis.net/def/crs/EPSG/0/3035> POINT ("))
        let numbers = text.split(separator: "(")[1].dropLast().split(separator: " ").compactMap { Double($0) }
        #expect(numbers.count == 2)
        #expect(abs(numbers[0] - 3_210_000) < 0.01 && abs(numbers[1] - 4_321_000) < 0.01)
    }

    @Test func badGeometry() {
        #expect(throws: MappingError.self) { try call("area", "POLYGON((0 0, 1 1") }
    }
}
