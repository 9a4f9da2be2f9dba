import Testing
import Foundation
import PtolemyRDF
import PtolemyGeo
@testable import PtolemyMapping

/// The repository's `mappings/` folder (the samples are committed there).
let mappingsFolder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("mappings").path
}()

private func shapefileMapping(_ file: String, crs: String? = nil) -> String {
    prefixes + """
    <#S> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "\(file)" ] ; rml:referenceFormulation ptm:Shapefile \(crs.map { "; ptm:crs <\($0)>" } ?? "") ] ;
      rml:subjectMap [ rml:template "http://example.com/f/{name}" ] ;
      rml:predicateObjectMap [ rml:predicate geo:asWKT ; rml:objectMap [ rml:reference "ptm:wkt" ] ] .
    """
}

@Suite struct GeoSourceTests {
    @Test func shapefilePointsAndLinesWithCRSFromPrj() throws {
        let s = try Scratch()
        try ShapefileWriter.write(base: s.path + "/pts", shapes: [.point(16.37, 48.21), .point(-3.5, 40.25)], fields: ["name"],
                                  rows: [["vienna"], ["madrid"]], prj: #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#)
        #expect(try mapLines(shapefileMapping("pts.shp"), in: s) == [
            "<http://example.com/f/madrid> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (-3.5 40.25)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
            "<http://example.com/f/vienna> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (16.37 48.21)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
        ])
        try ShapefileWriter.write(base: s.path + "/lines", shapes: [.polyline([[(500000, 5300000), (500100, 5300100)]]),
                                                                   .polyline([[(0, 0), (1, 1)], [(2, 2), (3, 3)]])],
                                  fields: ["name"], rows: [["road"], ["rail"]],
                                  prj: #"PROJCS["WGS_1984_UTM_Zone_33N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",15],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["Meter",1]]"#)
        #expect(try mapLines(shapefileMapping("lines.shp"), in: s) == [
            "<http://example.com/f/rail> <http://www.opengis.net/ont/geosparql#asWKT> \"<http://www.opengis.net/def/crs/EPSG/0/32633> MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
            "<http://example.com/f/road> <http://www.opengis.net/ont/geosparql#asWKT> \"<http://www.opengis.net/def/crs/EPSG/0/32633> LINESTRING (500000 5300000, 500100 5300100)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
        ])
    }

    @Test func shapefilePolygonsWithHolesAndMultipolygons() throws {
        let s = try Scratch()
        // Outer rings clockwise, holes counter-clockwise; the second shape has two outer rings.
        let outer = [(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0), (0.0, 0.0)]
        let hole = [(2.0, 2.0), (4.0, 2.0), (4.0, 4.0), (2.0, 4.0), (2.0, 2.0)]
        let other = [(20.0, 0.0), (20.0, 5.0), (25.0, 5.0), (25.0, 0.0), (20.0, 0.0)]
        try ShapefileWriter.write(base: s.path + "/poly", shapes: [.polygon([outer, hole]), .polygon([outer, other])],
                                  fields: ["name"], rows: [["holed"], ["multi"]])
        let lines = try mapLines(shapefileMapping("poly.shp", crs: "http://www.opengis.net/def/crs/EPSG/0/3857"), in: s)
        #expect(lines == [
            "<http://example.com/f/holed> <http://www.opengis.net/ont/geosparql#asWKT> \"<http://www.opengis.net/def/crs/EPSG/0/3857> POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
            "<http://example.com/f/multi> <http://www.opengis.net/ont/geosparql#asWKT> \"<http://www.opengis.net/def/crs/EPSG/0/3857> MULTIPOLYGON (((0 0, 0 10, 10 10, 10 0, 0 0)), ((20 0, 20 5, 25 5, 25 0, 20 0)))\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
        ])
    }

    @Test func sampleShapefileCarriesTheProjectedCRS() throws {
        let document = try MappingReader().read(file: mappingsFolder + "/crop-map/parcels-shapefile.rml.ttl")
        var lines: [String] = []
        try MappingEngine(document: document).run(.quads { lines.append($0.description) })
        let wkt = lines.filter { $0.contains("asWKT") }
        #expect(wkt.count == 3)
        #expect(wkt.allSatisfy { $0.contains("\"<http://www.opengis.net/def/crs/EPSG/0/3035> ") })
        #expect(wkt.contains { $0.contains("POLYGON ((2810000 4791000, 2810600 4791000, 2810600 4791600, 2810000 4791600, 2810000 4791000), (2810200 4791200,") })
        #expect(wkt.contains { $0.contains("MULTIPOLYGON (((2810000 4792000,") })
        #expect(lines.contains("<https://w3id.org/ptolemy/demo/observation/parcel-AT-10002> <https://w3id.org/ptolemy/ont/foodsec#cropType> <https://w3id.org/ptolemy/ont/foodsec#WinterWheat> ."))
        // EPSG:3035 metres: 500 m × 400 m.
        #expect(lines.contains("<https://w3id.org/ptolemy/demo/feature/parcel-AT-10001> <https://w3id.org/ptolemy/ont/foodsec#areaSquareMetres> \"200000.0\"^^<http://www.w3.org/2001/XMLSchema#double> ."))
    }

    @Test func geoJSONFeaturesPropertiesAndGeometries() throws {
        let s = try Scratch()
        try s.write("f.geojson", """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": 7, "properties": {"name": "a", "n": 3}, "geometry": {"type": "Point", "coordinates": [1.5, 2]}},
          {"type": "Feature", "properties": {"name": "b", "n": null}, "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]], [[2, 2], [3, 3]]]}},
          {"type": "Feature", "properties": {"name": "c"}, "geometry": null}]}
        """)
        let lines = try mapLines(prefixes + """
        <#G> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "f.geojson" ] ; rml:referenceFormulation ptm:GeoJSON ] ;
          rml:subjectMap [ rml:template "http://example.com/f/{name}" ] ;
          rml:predicateObjectMap [ rml:predicate geo:asWKT ; rml:objectMap [ rml:reference "ptm:wkt" ] ] ;
          rml:predicateObjectMap [ rml:predicate geo:asGeoJSON ; rml:objectMap [ rml:reference "ptm:geojson" ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:n ; rml:objectMap [ rml:reference "n" ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:id ; rml:objectMap [ rml:reference "$.id" ] ] .
        """, in: s)
        #expect(lines == [
            "<http://example.com/f/a> <http://example.com/id> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
            "<http://example.com/f/a> <http://example.com/n> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
            "<http://example.com/f/a> <http://www.opengis.net/ont/geosparql#asGeoJSON> \"{\\\"type\\\":\\\"Point\\\",\\\"coordinates\\\":[1.5,2]}\"^^<http://www.opengis.net/ont/geosparql#geoJSONLiteral> .",
            "<http://example.com/f/a> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT (1.5 2)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
            "<http://example.com/f/b> <http://www.opengis.net/ont/geosparql#asGeoJSON> \"{\\\"type\\\":\\\"MultiLineString\\\",\\\"coordinates\\\":[[[0,0],[1,1]],[[2,2],[3,3]]]}\"^^<http://www.opengis.net/ont/geosparql#geoJSONLiteral> .",
            "<http://example.com/f/b> <http://www.opengis.net/ont/geosparql#asWKT> \"MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
        ])
    }

    @Test func brokenShapefilesAreClearErrors() throws {
        let s = try Scratch()
        try ShapefileWriter.write(base: s.path + "/ok", shapes: [.point(1, 2)], fields: ["name"], rows: [["x"]])
        // Missing .shx.
        try FileManager.default.removeItem(atPath: s.path + "/ok.shx")
        let missing = mappingError(shapefileMapping("ok.shp"), in: s)
        #expect(missing?.kind == .source)
        #expect(missing?.description.contains(".shx file is missing") == true)
        // A truncated .shp: the header promises more than is there.
        try ShapefileWriter.write(base: s.path + "/cut", shapes: [.point(1, 2), .point(3, 4)], fields: ["name"], rows: [["x"], ["y"]])
        let shp = try Data(contentsOf: URL(fileURLWithPath: s.path + "/cut.shp"))
        try shp.prefix(110).write(to: URL(fileURLWithPath: s.path + "/cut.shp"))
        let truncated = mappingError(shapefileMapping("cut.shp"), in: s)
        #expect(truncated?.kind == .syntax)
        #expect(truncated?.description.contains("cut.shp") == true)
        // An unknown .prj without ptm:crs.
        try ShapefileWriter.write(base: s.path + "/odd", shapes: [.point(1, 2)], fields: ["name"], rows: [["x"]],
                                  prj: #"PROJCS["My_Local_Grid",GEOGCS["GCS_Local",DATUM["D_Local",SPHEROID["S",6378137,298]]],PROJECTION["Stereographic"]]"#)
        #expect(mappingError(shapefileMapping("odd.shp"), in: s)?.description.contains("ptm:crs") == true)
        #expect(try mapLines(shapefileMapping("odd.shp", crs: "http://www.opengis.net/def/crs/EPSG/0/3413"), in: s).count == 1)
    }

    @Test func malformedGeoJSON() throws {
        let s = try Scratch()
        try s.write("bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [\n {\"type\": \"Feature\" \"properties\": {}}]}")
        let error = mappingError(prefixes + """
        <#G> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "bad.geojson" ] ; rml:referenceFormulation ptm:GeoJSON ] ;
          rml:subjectMap [ rml:template "http://example.com/{name}" ] .
        """, in: s)
        #expect(error?.kind == .syntax)
        #expect(error?.sourcePosition?.hasSuffix("bad.geojson:2:21") == true)
    }

    @Test func projectionFiles() {
        #expect(ProjectionFile.crs(fromWKT: #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]"#) == .crs84)
        #expect(ProjectionFile.crs(fromWKT: #"PROJCS["ETRS89 / LAEA Europe",GEOGCS["ETRS89",AUTHORITY["EPSG","4258"]],PROJECTION["Lambert_Azimuthal_Equal_Area"],AUTHORITY["EPSG","3035"]]"#) == .epsg(3035))
        #expect(ProjectionFile.crs(fromWKT: #"PROJCS["WGS_1984_UTM_Zone_33S",GEOGCS["GCS_WGS_1984"]]"#) == .epsg(32733))
        #expect(ProjectionFile.crs(fromWKT: #"PROJCS["MGI_Austria_Lambert",GEOGCS["GCS_MGI"]]"#) == .epsg(31287))
        #expect(ProjectionFile.crs(fromWKT: #"PROJCS["Nowhere",GEOGCS["GCS_X"]]"#) == nil)
    }
}
