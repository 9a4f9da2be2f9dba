import Testing
@testable import PtolemyGeo

@Suite struct GMLTests {
    static let ns = #"xmlns:gml="http://www.opengis.net/gml/3.2""#

    @Test(arguments: [
        (#"<gml:Point \#(ns)><gml:pos>1 2</gml:pos></gml:Point>"#, "POINT (1 2)"),
        (#"<gml:Point srsDimension="3"><gml:pos>1 2 3</gml:pos></gml:Point>"#, "POINT Z (1 2 3)"),
        (#"<gml:Point><gml:coordinates>1,2</gml:coordinates></gml:Point>"#, "POINT (1 2)"),
        (#"<gml:Point/>"#, "POINT EMPTY"),
        (#"<gml:LineString><gml:posList>0 0 1 1 2 0</gml:posList></gml:LineString>"#, "LINESTRING (0 0, 1 1, 2 0)"),
        (#"<gml:LineString><gml:pos>0 0</gml:pos><gml:pos>1 1</gml:pos></gml:LineString>"#, "LINESTRING (0 0, 1 1)"),
        (#"<gml:LineString srsDimension="3"><gml:posList>0 0 0 1 1 1</gml:posList></gml:LineString>"#, "LINESTRING Z (0 0 0, 1 1 1)"),
        (#"<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 4 0 4 4 0 0</gml:posList></gml:LinearRing></gml:exterior><gml:interior><gml:LinearRing><gml:posList>1 0.5 2 0.5 2 1 1 0.5</gml:posList></gml:LinearRing></gml:interior></gml:Polygon>"#,
         "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))"),
        (#"<gml:Polygon><gml:outerBoundaryIs><gml:LinearRing><gml:coordinates>0,0 4,0 4,4 0,0</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon>"#,
         "POLYGON ((0 0, 4 0, 4 4, 0 0))"),
        (#"<gml:MultiPoint><gml:pointMember><gml:Point><gml:pos>1 2</gml:pos></gml:Point></gml:pointMember><gml:pointMember><gml:Point><gml:pos>3 4</gml:pos></gml:Point></gml:pointMember></gml:MultiPoint>"#,
         "MULTIPOINT ((1 2), (3 4))"),
        (#"<gml:MultiCurve><gml:curveMember><gml:LineString><gml:posList>0 0 1 1</gml:posList></gml:LineString></gml:curveMember></gml:MultiCurve>"#,
         "MULTILINESTRING ((0 0, 1 1))"),
        (#"<gml:MultiSurface><gml:surfaceMembers><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMembers></gml:MultiSurface>"#,
         "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"),
        (#"<gml:MultiGeometry><gml:geometryMember><gml:Point><gml:pos>1 2</gml:pos></gml:Point></gml:geometryMember><gml:geometryMember><gml:LineString><gml:posList>0 0 1 1</gml:posList></gml:LineString></gml:geometryMember></gml:MultiGeometry>"#,
         "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"),
        (#"<gml:Envelope><gml:lowerCorner>0 1</gml:lowerCorner><gml:upperCorner>2 3</gml:upperCorner></gml:Envelope>"#,
         "POLYGON ((0 1, 2 1, 2 3, 0 3, 0 1))"),
        (#"<gml:Curve><gml:segments><gml:LineStringSegment><gml:posList>0 0 1 1</gml:posList></gml:LineStringSegment><gml:LineStringSegment><gml:posList>1 1 2 0</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve>"#,
         "LINESTRING (0 0, 1 1, 2 0)"),
        (#"<?xml version="1.0"?><!-- c --><Point xmlns="http://www.opengis.net/gml"><pos>1 2</pos></Point>"#, "POINT (1 2)"),
    ])
    func reads(_ gml: String, _ wkt: String) throws {
        #expect(try Geometry(gml: gml).wkt == wkt)
    }

    @Test func readsTheSRSName() throws {
        let result = try GMLParser.parse(#"<gml:Point srsName="http://www.opengis.net/def/crs/EPSG/0/4326" \#(Self.ns)><gml:pos>38 23.7</gml:pos></gml:Point>"#)
        #expect(result.srsName == "http://www.opengis.net/def/crs/EPSG/0/4326")
        #expect(result.shape.coordinates == [38, 23.7])
    }

    @Test func writesGML32() throws {
        #expect(try Geometry(wkt: "POINT (1 2)").gml(srsName: "http://www.opengis.net/def/crs/OGC/1.3/CRS84")
            == #"<gml:Point xmlns:gml="http://www.opengis.net/gml/3.2" srsName="http://www.opengis.net/def/crs/OGC/1.3/CRS84"><gml:pos>1 2</gml:pos></gml:Point>"#)
        #expect(try Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 0))").gml()
            == #"<gml:Polygon xmlns:gml="http://www.opengis.net/gml/3.2"><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#)
        #expect(try Geometry(wkt: "POINT Z (1 2 3)").gml().contains(#"srsDimension="3""#))
    }

    @Test(arguments: [
        "POINT (1 2)", "POINT Z (1 2 3)", "POINT EMPTY", "LINESTRING (0 0, 1 1)", "LINESTRING Z (0 0 0, 1 1 1)",
        "POLYGON ((0 0, 4 0, 4 4, 0 0), (1 0.5, 2 0.5, 2 1, 1 0.5))", "MULTIPOINT ((1 2), (3 4))",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "GEOMETRYCOLLECTION EMPTY",
    ])
    func roundTrips(_ wkt: String) throws {
        #expect(try Geometry(gml: try Geometry(wkt: wkt).gml(srsName: "x")).wkt == wkt)
    }

    @Test(arguments: [
        (#"<gml:Point><gml:pos>1 2</gml:pos>"#, 0, "not closed"),
        (#"<gml:Point><gml:pos>1 x</gml:pos></gml:Point>"#, 11, "numbers"),
        (#"<gml:Point><gml:pos>1 2</gml:pos></gml:Pointe>"#, 33, "does not match"),
        (#"<gml:Blob/>"#, 0, "unknown"),
        (#"<gml:LineString><gml:posList>0 0 1</gml:posList></gml:LineString>"#, 16, "positions of dimension 2"),
        (#"<gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 1 1 0 1</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"#, 27, "closed"),
    ])
    func reportsWhereItFails(_ gml: String, _ offset: Int, _ message: String) {
        do {
            _ = try GMLParser.parse(gml)
            Issue.record("accepted \(gml)")
        } catch let error as GeoError {
            #expect(error.offset == offset, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
