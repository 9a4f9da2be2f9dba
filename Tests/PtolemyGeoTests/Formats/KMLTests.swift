import Testing
@testable import PtolemyGeo

@Suite struct KMLTests {
    @Test(arguments: [
        (#"<Point><coordinates>-122.08,37.42</coordinates></Point>"#, "POINT (-122.08 37.42)"),
        (#"<Point xmlns="http://www.opengis.net/kml/2.2"><coordinates> 1,2,3 </coordinates></Point>"#, "POINT Z (1 2 3)"),
        ("<LineString><coordinates>0,0 1,1\n\t 2,0</coordinates></LineString>", "LINESTRING (0 0, 1 1, 2 0)"),
        (#"<LineString><coordinates>0, 0 1, 1</coordinates></LineString>"#, "LINESTRING (0 0, 1 1)"),
        (#"<Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 4,0 4,4 0,0</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates>1,0.5 2,0.5 2,1 1,0.5</coordinates></LinearRing></innerBoundaryIs></Polygon>"#,
         "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))"),
        (#"<MultiGeometry><Point><coordinates>1,2</coordinates></Point><Point><coordinates>3,4</coordinates></Point></MultiGeometry>"#,
         "MULTIPOINT ((1 2), (3 4))"),
        (#"<MultiGeometry><Point><coordinates>1,2</coordinates></Point><LineString><coordinates>0,0 1,1</coordinates></LineString></MultiGeometry>"#,
         "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"),
        (#"<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>x</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>"#,
         "POINT (1 2)"),
    ])
    func reads(_ kml: String, _ wkt: String) throws {
        #expect(try Geometry(kml: kml).wkt == wkt)
    }

    @Test func writesKML22() throws {
        #expect(try Geometry(wkt: "POINT (1 2)").kml == #"<Point xmlns="http://www.opengis.net/kml/2.2"><coordinates>1,2</coordinates></Point>"#)
        #expect(try Geometry(wkt: "MULTIPOINT ((1 2), (3 4))").kml
            == #"<MultiGeometry xmlns="http://www.opengis.net/kml/2.2"><Point><coordinates>1,2</coordinates></Point><Point><coordinates>3,4</coordinates></Point></MultiGeometry>"#)
    }

    @Test(arguments: [
        "POINT (1 2)", "POINT Z (1 2 3)", "LINESTRING (0 0, 1 1)",
        "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))", "MULTIPOINT ((1 2), (3 4))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
    ])
    func roundTrips(_ wkt: String) throws {
        #expect(try Geometry(kml: try Geometry(wkt: wkt).kml).wkt == wkt)
    }

    @Test func reportsBadTuples() {
        #expect(throws: GeoError.self) { try KMLParser.parse("<Point><coordinates>1</coordinates></Point>") }
        #expect(throws: GeoError.self) { try KMLParser.parse("<Point><coordinates>1,x</coordinates></Point>") }
        #expect(throws: GeoError.self) { try KMLParser.parse("<LineString><coordinates>0,0 1,1,1</coordinates></LineString>") }
        #expect(throws: GeoError.self) { try KMLParser.parse("<Placemark/>") }
    }
}
