/// A geometry literal of GeoSPARQL, decoded: the geometry as ISO WKB plus its
/// CRS, bounding box and shape facts, ready for the store to persist and for
/// the function library to turn into a ``Geometry``.
///
/// Parsing is pure Swift (no GEOS), one pass from text to WKB, so it can run once
/// per literal at bulk-load time; ``geometry()`` hands the WKB to GEOS when a
/// predicate or construction needs it. The WKB keeps Z and M values and the
/// coordinates exactly as written, in the CRS's own axis order.
///
/// Literal forms (GeoSPARQL 1.1 section 8.5, https://docs.ogc.org/is/22-047r1/22-047r1.html#_geometry_serializations):
/// - `geo:wktLiteral`: optional `<crs-iri>` then WKT; no IRI means CRS84.
/// - `geo:gmlLiteral`: a GML element, CRS from its `srsName` (CRS84 when absent).
/// - `geo:geoJSONLiteral`: a GeoJSON geometry, always CRS84.
/// - `geo:kmlLiteral`: a KML geometry, always CRS84.
/// An empty (or all white space) wktLiteral or gmlLiteral is the empty geometry
/// (`GEOMETRYCOLLECTION EMPTY`).
public struct GeometryLiteral: Hashable, Sendable {
    /// The geometry serializations of GeoSPARQL, by datatype.
    public enum Format: String, Hashable, Sendable, CaseIterable {
        case wkt, gml, geoJSON, kml

        /// The datatype IRI, e.g. `http://www.opengis.net/ont/geosparql#wktLiteral`.
        public var datatypeIRI: String {
            switch self {
            case .wkt: "http://www.opengis.net/ont/geosparql#wktLiteral"
            case .gml: "http://www.opengis.net/ont/geosparql#gmlLiteral"
            case .geoJSON: "http://www.opengis.net/ont/geosparql#geoJSONLiteral"
            case .kml: "http://www.opengis.net/ont/geosparql#kmlLiteral"
            }
        }

        /// The format whose datatype IRI this is, if any.
        public init?(datatypeIRI: String) {
            guard let format = Format.allCases.first(where: { $0.datatypeIRI == datatypeIRI }) else { return nil }
            self = format
        }
    }

    /// The CRS the coordinates are in.
    public let crs: CRS
    /// The geometry as ISO WKB, little-endian, with Z and M as parsed.
    public let wkb: [UInt8]
    /// The XY extent in the CRS's own coordinates (X is latitude for EPSG:4326);
    /// empty for an empty geometry.
    public let boundingBox: BoundingBox
    /// The geometry type at the top level.
    public let type: GeometryType
    /// Whether coordinates carry Z.
    public let hasZ: Bool
    /// Whether coordinates carry M.
    public let hasM: Bool

    /// Ordinates per coordinate, counting M (GeoSPARQL `geof:coordinateDimension`).
    public var coordinateDimension: Int { 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) }
    /// Spatial ordinates per coordinate: 2, or 3 with Z (`geof:spatialDimension`).
    public var spatialDimension: Int { hasZ ? 3 : 2 }
    /// True when the geometry has no points.
    public var isEmpty: Bool { boundingBox.isEmpty }

    private init(crs: CRS, encoded: EncodedGeometry) {
        self.crs = crs
        self.wkb = encoded.wkb
        self.boundingBox = encoded.boundingBox
        self.type = encoded.type
        self.hasZ = encoded.dimensions.hasZ
        self.hasM = encoded.dimensions.hasM
    }

    private init(crs: CRS, shape: Shape) {
        var builder = WKBBuilder()
        builder.encode(shape)
        self.init(crs: crs, encoded: EncodedGeometry(wkb: builder.bytes, boundingBox: builder.boundingBox,
                                                     type: shape.type, dimensions: shape.dimensions))
    }

    private static let emptyGeometry = EncodedGeometry(
        wkb: [1, 7, 0, 0, 0, 0, 0, 0, 0], boundingBox: .empty, type: .geometryCollection, dimensions: .xy)

    /// Parses the lexical form of a geometry literal.
    /// - Throws: ``GeoError`` naming the problem and its character offset in
    ///   `lexicalForm` (a `<crs>` prefix included).
    public init(parsing lexicalForm: String, format: Format) throws {
        var text = lexicalForm
        self = try text.withUTF8 { buffer in
            switch format {
            case .wkt:
                return try Self.parseWKT(buffer)
            case .gml:
                if buffer.allSatisfy(TextScanning.isSpace) { return GeometryLiteral(crs: .crs84, encoded: Self.emptyGeometry) }
                let result = try GMLParser.parse(buffer)
                return GeometryLiteral(crs: result.srsName.map(CRS.init(iri:)) ?? .crs84, shape: result.shape)
            case .geoJSON:
                return GeometryLiteral(crs: .crs84, encoded: try GeoJSONParser.parse(buffer))
            case .kml:
                return GeometryLiteral(crs: .crs84, encoded: try KMLParser.parse(buffer))
            }
        }
    }

    private static func parseWKT(_ buffer: UnsafeBufferPointer<UInt8>) throws -> GeometryLiteral {
        var position = 0
        while position < buffer.count, TextScanning.isSpace(buffer[position]) { position += 1 }
        var crs = CRS.crs84
        if position < buffer.count, buffer[position] == UInt8(ascii: "<") {
            let start = position + 1
            guard let end = (start..<buffer.count).first(where: { buffer[$0] == UInt8(ascii: ">") }) else {
                throw GeoError(.syntax, "wktLiteral: the CRS IRI is not closed with '>'", offset: TextScanning.scalarOffset(buffer, position))
            }
            let iri = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
            guard !iri.isEmpty, !iri.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "<") }) else {
                throw GeoError(.syntax, "wktLiteral: '\(iri)' is not a valid CRS IRI", offset: TextScanning.scalarOffset(buffer, start))
            }
            crs = CRS(iri: iri)
            position = end + 1
        }
        if (position..<buffer.count).allSatisfy({ TextScanning.isSpace(buffer[$0]) }) {
            return GeometryLiteral(crs: crs, encoded: emptyGeometry)
        }
        return GeometryLiteral(crs: crs, encoded: try WKTParser.parse(buffer, from: position))
    }

    /// Wraps WKB read back from storage (any byte order or WKB flavour), after
    /// checking it. The bytes are re-encoded in this type's canonical form.
    /// - Throws: ``GeoError`` with the byte offset of the first problem.
    public init(wkb: [UInt8], crs: CRS) throws {
        self.init(crs: crs, shape: try WKBDecoder.decode(wkb))
    }

    /// A literal for a geometry computed by GEOS (M values are not available).
    public init(_ geometry: Geometry, crs: CRS) {
        self.init(crs: crs, shape: geometry.shape)
    }

    /// The geometry, built by GEOS from the WKB (M values dropped).
    public func geometry() throws -> Geometry {
        try Geometry(wkb: wkb)
    }

    var shape: Shape {
        // Our own WKB: always decodable.
        do { return try WKBDecoder.decode(wkb) } catch { fatalError("invalid WKB in a GeometryLiteral: \(error)") }
    }

    /// The same geometry in another CRS (PROJ; axis order per the CRS definitions).
    public func transformed(to target: CRS) throws -> GeometryLiteral {
        if target == crs { return self }
        var shape = self.shape
        try shape.transform(from: crs, to: target)
        return GeometryLiteral(crs: target, shape: shape)
    }

    /// The bounding box in another CRS (for CRS84 versus EPSG:4326 just the
    /// swapped box). Lets the store index literals of several CRSs in one CRS84
    /// quad-tree.
    ///
    /// A straight edge in one CRS is a curve in another, which can bulge beyond
    /// the box of the transformed vertices; every edge is therefore cut into
    /// ``boundingBoxDensification`` pieces before transforming, which shrinks the
    /// possible bulge by the square of that factor (to well under a metre for
    /// edges of 100 km).
    public func boundingBox(in target: CRS) throws -> BoundingBox {
        if target == crs || isEmpty { return boundingBox }
        if Shape.differOnlyInAxisOrder(crs, target) {
            return BoundingBox(minX: boundingBox.minY, minY: boundingBox.minX, maxX: boundingBox.maxY, maxY: boundingBox.maxX)
        }
        var shape = self.shape
        shape.densify(pieces: Self.boundingBoxDensification)
        try shape.transform(from: crs, to: target)
        return shape.boundingBox
    }

    /// Pieces each edge is cut into by ``boundingBox(in:)``.
    public static let boundingBoxDensification = 8

    /// The literal's lexical form in a serialization (GeoSPARQL `geof:asWKT`,
    /// `geof:asGML`, `geof:asGeoJSON`, `geof:asKML`).
    ///
    /// WKT is prefixed with `<crs-iri> ` unless the CRS is CRS84; GML carries
    /// `srsName`; GeoJSON and KML are always CRS84, so the geometry is
    /// transformed first when needed.
    public func lexicalForm(_ format: Format) throws -> String {
        switch format {
        case .wkt:
            let wkt = WKTWriter.write(shape)
            return crs.isCRS84 ? wkt : "<\(crs.iri)> \(wkt)"
        case .gml:
            return GMLWriter.write(shape, srsName: crs.iri)
        case .geoJSON:
            return GeoJSONWriter.write(try inCRS84().shape)
        case .kml:
            return KMLWriter.write(try inCRS84().shape)
        }
    }

    /// This literal in CRS84 (CRS84h kept as is: same axes, with heights).
    private func inCRS84() throws -> GeometryLiteral {
        crs == .crs84 || crs == .crs84h ? self : try transformed(to: .crs84)
    }
}

extension GeometryLiteral: CustomStringConvertible {
    /// The WKT lexical form.
    public var description: String { (try? lexicalForm(.wkt)) ?? "<invalid geometry>" }
}
