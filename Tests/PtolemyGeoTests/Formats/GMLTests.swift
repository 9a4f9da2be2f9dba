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
    // MARK: curves, polyhedral surfaces, solids

    /// Every vertex's distance from a centre.
    private func radii(_ geometry: Geometry, centre: (Double, Double)) -> [Double] {
        var out: [Double] = []
        geometry.shape.forEachSequence { sequence in
            let stride = sequence.dimensions.stride
            for k in 0..<sequence.pointCount {
                let x = sequence.coordinates[k * stride], y = sequence.coordinates[k * stride + 1]
                out.append(((x - centre.0) * (x - centre.0) + (y - centre.1) * (y - centre.1)).squareRoot())
            }
        }
        return out
    }

    @Test func arcsAreLinearizedThroughTheirPositions() throws {
        // (0 0) → (1 1) → (2 0) turns right: the half circle of radius 1 around (1, 0), over the top.
        let arc = try Geometry(gml: #"<gml:Curve \#(Self.ns)><gml:segments><gml:Arc><gml:posList>0 0 1 1 2 0</gml:posList></gml:Arc></gml:segments></gml:Curve>"#)
        #expect(arc.type == .lineString)
        #expect(arc.shape.pointCount == 2 * ArcLinearization.segmentsPerQuarter + 1)
        #expect(radii(arc, centre: (1, 0)).allSatisfy { abs($0 - 1) < 1e-12 })
        #expect(arc.shape.coordinates.prefix(2) == [0, 0] && arc.shape.coordinates.suffix(2) == [2, 0])
        #expect(abs(arc.boundingBox.maxY - 1) < 1e-9 && abs(arc.boundingBox.minY) < 1e-9)
        // The other way round it bulges downwards.
        let below = try Geometry(gml: #"<gml:Curve><gml:segments><gml:Arc><gml:posList>0 0 1 -1 2 0</gml:posList></gml:Arc></gml:segments></gml:Curve>"#)
        #expect(abs(below.boundingBox.minY + 1) < 1e-9 && abs(below.boundingBox.maxY) < 1e-9)
        // An ArcString of two arcs, then a straight segment: one line.
        let string = try Geometry(gml: #"<gml:Curve><gml:segments><gml:ArcString><gml:posList>0 0 1 1 2 0 3 -1 4 0</gml:posList></gml:ArcString><gml:LineStringSegment><gml:posList>4 0 5 0</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve>"#)
        #expect(string.shape.pointCount == 4 * ArcLinearization.segmentsPerQuarter + 2)
        #expect(abs(try string.length - (2 * Double.pi + 1)) < 1e-3)
        // Collinear positions are a straight line.
        #expect(try Geometry(gml: #"<gml:Curve><gml:segments><gml:Arc><gml:posList>0 0 1 1 2 2</gml:posList></gml:Arc></gml:segments></gml:Curve>"#).wkt
            == "LINESTRING (0 0, 1 1, 2 2)")
    }

    @Test func circlesAndArcsByCentreMakeRingsAndPolygons() throws {
        // A disc of radius 2 bounded by a Circle through three of its points.
        let disc = try Geometry(gml: #"<gml:Polygon \#(Self.ns)><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:Circle><gml:posList>2 0 0 2 -2 0</gml:posList></gml:Circle></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"#)
        #expect(disc.type == .polygon && disc.isValid)
        #expect(abs(try disc.area - 4 * Double.pi) / (4 * Double.pi) < 1e-3)
        // A half disc: an arc by its centre, closed by a straight segment.
        let half = try Geometry(gml: #"<gml:Polygon><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:ArcByCenterPoint numArc="1"><gml:pos>0 0</gml:pos><gml:radius uom="m">1</gml:radius><gml:startAngle uom="deg">0</gml:startAngle><gml:endAngle uom="deg">180</gml:endAngle></gml:ArcByCenterPoint><gml:LineStringSegment><gml:posList>-1 0 1 0</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"#)
        #expect(half.isValid)
        #expect(abs(try half.area - Double.pi / 2) < 1e-3)
        #expect(try half.contains(try Geometry(wkt: "POINT (0 0.9)")) && !(try half.contains(try Geometry(wkt: "POINT (0 -0.1)"))))
        let circle = try Geometry(gml: #"<gml:Curve><gml:segments><gml:CircleByCenterPoint numArc="1"><gml:pos>10 10</gml:pos><gml:radius uom="m">3</gml:radius></gml:CircleByCenterPoint></gml:segments></gml:Curve>"#)
        #expect(circle.shape.coordinates.prefix(2) == circle.shape.coordinates.suffix(2))
        #expect(radii(circle, centre: (10, 10)).allSatisfy { abs($0 - 3) < 1e-9 })
    }

    @Test func polyhedralSurfacesAndTINsAreMultiPolygons() throws {
        let tin = try Geometry(gml: #"<gml:TriangulatedSurface \#(Self.ns)><gml:patches><gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>0 0 1 0 0 1 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle><gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>1 0 1 1 0 1 1 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle></gml:patches></gml:TriangulatedSurface>"#)
        #expect(tin.wkt == "MULTIPOLYGON (((0 0, 1 0, 0 1, 0 0)), ((1 0, 1 1, 0 1, 1 0)))")
        let surface = try Geometry(gml: #"<gml:PolyhedralSurface><gml:patches><gml:PolygonPatch><gml:exterior><gml:LinearRing><gml:posList>0 0 2 0 2 2 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:PolygonPatch></gml:patches></gml:PolyhedralSurface>"#)
        #expect(surface.wkt == "MULTIPOLYGON (((0 0, 2 0, 2 2, 0 0)))")
        let composite = try Geometry(gml: #"<gml:CompositeCurve><gml:curveMember><gml:LineString><gml:posList>0 0 1 1</gml:posList></gml:LineString></gml:curveMember><gml:curveMember><gml:LineString><gml:posList>1 1 2 0</gml:posList></gml:LineString></gml:curveMember></gml:CompositeCurve>"#)
        #expect(composite.wkt == "LINESTRING (0 0, 1 1, 2 0)")
    }

    @Test(arguments: [
        (#"<gml:Solid><gml:exterior><gml:Shell/></gml:exterior></gml:Solid>"#, "solids are not supported"),
        (#"<gml:Curve><gml:segments><gml:CubicSpline><gml:posList>0 0 1 1 2 0</gml:posList></gml:CubicSpline></gml:segments></gml:Curve>"#, "CubicSpline> is not supported"),
        (#"<gml:Curve><gml:segments><gml:ArcString><gml:posList>0 0 1 1 2 0 3 3</gml:posList></gml:ArcString></gml:segments></gml:Curve>"#, "odd number"),
        (#"<gml:Curve><gml:segments><gml:Arc><gml:posList>0 0 1 1 2 0 3 -1 4 0</gml:posList></gml:Arc></gml:segments></gml:Curve>"#, "an Arc needs 3 positions"),
        (#"<gml:Polygon><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:Arc><gml:posList>0 0 1 1 2 0</gml:posList></gml:Arc></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"#, "closed"),
    ])
    func refusesWhatItCannotRepresent(_ gml: String, _ message: String) {
        do {
            _ = try GMLParser.parse(gml)
            Issue.record("accepted \(gml)")
        } catch let error as GeoError {
            #expect(error.message.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
