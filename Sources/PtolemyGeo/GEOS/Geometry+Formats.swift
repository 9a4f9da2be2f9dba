/// Reading and writing the text encodings GeoSPARQL serializes geometries in.
/// The parsers are this module's own (see ``WKTParser``); a geometry reaches
/// GEOS through its WKB, and the writers walk the WKB GEOS gives back.
extension Geometry {
    /// Reads Well-Known Text (`POINT (1 2)`, `POLYGON Z ((...))`, `MULTIPOINT EMPTY`, ...).
    /// M ordinates are accepted and dropped (GEOS 3.11 has no M).
    /// - Throws: ``GeoError`` with the character offset of the first problem.
    public convenience init(wkt: String) throws {
        try self.init(wkb: try WKTParser.parse(wkt).wkb)
    }

    /// Reads a GeoJSON geometry object (RFC 7946 section 3.1), or the geometry of
    /// a Feature.
    public convenience init(geoJSON: String) throws {
        try self.init(wkb: try GeoJSONParser.parse(geoJSON).wkb)
    }

    /// Reads a GML 3.2 (or GML 2/3.1) geometry element. The `srsName` is not
    /// interpreted here; see ``GeometryLiteral`` for that.
    public convenience init(gml: String) throws {
        try self.init(wkb: try GMLParser.parse(gml).shape.wkb)
    }

    /// Reads a KML 2.2 geometry element (Point, LineString, LinearRing, Polygon,
    /// MultiGeometry, or the first geometry inside a Placemark).
    public convenience init(kml: String) throws {
        try self.init(wkb: try KMLParser.parse(kml).wkb)
    }

    /// The decoded form of this geometry, for the writers.
    var shape: Shape {
        // GEOS writes WKB this module's decoder always accepts.
        do { return try WKBDecoder.decode(wkb) } catch { fatalError("GEOS produced undecodable WKB: \(error)") }
    }

    /// ISO Well-Known Text, shortest round-tripping numbers (`geof:asWKT`
    /// without the CRS prefix).
    public var wkt: String { WKTWriter.write(shape) }

    /// A GeoJSON geometry object (`geof:asGeoJSON`; the caller transforms to
    /// CRS84 first when needed).
    public var geoJSON: String { GeoJSONWriter.write(shape) }

    /// A GML 3.2 geometry element with the GML namespace declared on it
    /// (`geof:asGML`).
    /// - Parameter srsName: written as the `srsName` attribute when given.
    public func gml(srsName: String? = nil) -> String { GMLWriter.write(shape, srsName: srsName) }

    /// A KML 2.2 geometry element (`geof:asKML`; the caller transforms to CRS84 first).
    public var kml: String { KMLWriter.write(shape) }
}

extension Geometry: CustomStringConvertible {
    /// The geometry as WKT.
    public var description: String { wkt }
}
