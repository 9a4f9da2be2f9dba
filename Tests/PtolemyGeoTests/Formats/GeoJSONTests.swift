import Testing
@testable import PtolemyGeo

@Suite struct GeoJSONTests {
    @Test(arguments: [
        (#"{"type":"Point","coordinates":[1.5,-2]}"#, "POINT (1.5 -2)"),
        (#"{"type":"Point","coordinates":[1,2,3]}"#, "POINT Z (1 2 3)"),
        (#"{"type":"Point","coordinates":[]}"#, "POINT EMPTY"),
        (#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#, "LINESTRING (0 0, 1 1)"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,0.5],[2,0.5],[2,1],[1,0.5]]]}"#,
         "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))"),
        (#"{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}"#, "MULTIPOINT ((1 2), (3 4))"),
        (#"{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3]]]}"#, "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))"),
        (#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}"#, "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"),
        (#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}"#,
         "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"),
        (#" { "coordinates" : [ 1 , 2 ] , "type" : "Point" , "bbox": [1,2,1,2] } "#, "POINT (1 2)"),
        (#"{"type":"Feature","properties":{"name":"x\u00e9"},"geometry":{"type":"Point","coordinates":[1,2]}}"#, "POINT (1 2)"),
    ])
    func reads(_ json: String, _ wkt: String) throws {
        #expect(try Geometry(geoJSON: json).wkt == wkt)
    }

    @Test(arguments: [
        "POINT (1.5 -2)", "POINT Z (1 2 3)", "POINT EMPTY", "LINESTRING (0 0, 1 1)",
        "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))", "MULTIPOINT ((1 2), (3 4))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
    ])
    func roundTrips(_ wkt: String) throws {
        let geometry = try Geometry(wkt: wkt)
        #expect(try Geometry(geoJSON: geometry.geoJSON).wkt == wkt)
    }

    @Test func writesCompactObjects() throws {
        #expect(try Geometry(wkt: "POINT (1 2)").geoJSON == #"{"type":"Point","coordinates":[1,2]}"#)
        #expect(try Geometry(wkt: "LINESTRING Z (0 0 1, 1 1 2)").geoJSON == #"{"type":"LineString","coordinates":[[0,0,1],[1,1,2]]}"#)
        #expect(try Geometry(wkt: "GEOMETRYCOLLECTION EMPTY").geoJSON == #"{"type":"GeometryCollection","geometries":[]}"#)
    }

    @Test(arguments: [
        (#"{"type":"Point","coordinates":[1]}"#, 30, "2 or 3 numbers"),
        (#"{"type":"Pointy","coordinates":[1,2]}"#, 8, "unknown geometry type"),
        (#"{"type":"Point"}"#, 0, "coordinates"),
        (#"{"type":"LineString","coordinates":[[0,0],[1,1,1]]}"#, 42, "same number"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, 33, "closed"),
        (#"{"type":"Point","coordinates":[1,2]"#, 35, "end of input"),
        (#"{"type":"Point","coordinates":[1,"2"]}"#, 33, "expected a number"),
        (#"[1,2]"#, 0, "geometry object"),
    ])
    func reportsWhereItFails(_ json: String, _ offset: Int, _ message: String) {
        do {
            _ = try GeoJSONParser.parse(json)
            Issue.record("accepted \(json)")
        } catch let error as GeoError {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
