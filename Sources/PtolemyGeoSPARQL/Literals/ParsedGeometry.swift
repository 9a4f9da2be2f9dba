import PtolemyGeo
import PtolemyRDF
import Synchronization

/// A geometry literal parsed once for the function library: the decoded literal
/// (CRS, WKB, Z/M facts), its GEOS geometry, and, once the same literal is used
/// again, a prepared geometry for fast repeated predicates.
///
/// Instances are shared through a ``GeometryCache`` by every thread that evaluates
/// GeoSPARQL functions, so they are immutable apart from two lazily filled,
/// lock-protected caches (the prepared geometry, the literal in other CRSs).
public final class ParsedGeometry: Sendable {
    /// The decoded literal (coordinates in the CRS's own axis order).
    public let literal: GeometryLiteral
    /// The serialization the literal was written in; also the serialization of
    /// results computed from it.
    public let format: GeometryLiteral.Format
    /// The geometry as GEOS holds it (M values dropped).
    public let geometry: Geometry

    /// How often the cache handed this geometry out: a geometry used more than once
    /// (a query constant, one side of a join) is worth preparing.
    private let uses = Atomic<Int>(0)
    private let preparedGeometry = Mutex<PreparedGeometry?>(nil)
    private let reprojected = Mutex<[CRS: ParsedGeometry]>([:])

    /// The CRS of the coordinates.
    public var crs: CRS { literal.crs }

    public init(literal: GeometryLiteral, format: GeometryLiteral.Format) throws(GeoSPARQLError) {
        self.literal = literal
        self.format = format
        geometry = try geo("reading the geometry") { try literal.geometry() }
    }

    /// Parses the lexical form of a literal of a GeoSPARQL geometry datatype.
    ///
    /// Empty literals of every serialization are the empty geometry in CRS84
    /// (/req/geometry-extension/wkt-literal-empty, gml-literal-empty, geojson-literal-empty,
    /// kml-literal-empty, dggs-literal-empty). A non-empty `geo:dggsLiteral` is refused:
    /// GeoSPARQL 1.1 defines no DGGS encoding of its own, only the abstract datatype that
    /// specific DGGS literal types specialise, and Ptolemy implements none.
    /// - Throws: ``GeoSPARQLError`` with kind `typeError` for a datatype that is not a
    ///   geometry datatype, `invalidLiteral` for a malformed lexical form (with the
    ///   parser's offset), `unsupported` for DGGS.
    public convenience init(_ literal: Literal) throws(GeoSPARQLError) {
        let isBlank = literal.lexicalForm.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        if literal.datatype == GeoSPARQL.dggsLiteral {
            guard isBlank else {
                throw GeoSPARQLError(.unsupported, "geo:dggsLiteral is not supported: Ptolemy implements no Discrete Global Grid System (only an empty DGGS literal, the empty geometry, is accepted)")
            }
            try self.init(literal: Self.emptyLiteral, format: .wkt)
            return
        }
        guard let format = GeometryLiteral.Format(datatypeIRI: literal.datatype) else {
            throw GeoSPARQLError(.typeError, "\(Self.shortDatatype(literal.datatype)) is not a geometry literal datatype")
        }
        if isBlank && (format == .geoJSON || format == .kml) {
            try self.init(literal: Self.emptyLiteral, format: format)
            return
        }
        let parsed = try geo("\(Self.shortDatatype(literal.datatype)) \"\(Self.excerpt(literal.lexicalForm))\"") {
            try GeometryLiteral(parsing: literal.lexicalForm, format: format)
        }
        try self.init(literal: parsed, format: format)
    }

    /// The empty geometry (`GEOMETRYCOLLECTION EMPTY` in CRS84).
    static let emptyLiteral: GeometryLiteral = {
        do { return try GeometryLiteral(parsing: "", format: .wkt) } catch { fatalError("the empty WKT literal must parse: \(error)") }
    }()

    /// Counts one more use (the cache calls this on every hit).
    func recordUse() {
        uses.add(1, ordering: .relaxed)
    }

    /// How many times the cache handed this geometry out.
    public var useCount: Int { uses.load(ordering: .relaxed) }

    /// A prepared geometry, once this geometry has been used more than once (preparing
    /// costs about one predicate evaluation, and pays back from the second on); nil
    /// before that, or when GEOS cannot prepare it.
    public var preparedIfReused: PreparedGeometry? {
        guard useCount >= 2, !geometry.isEmpty else { return nil }
        return prepared
    }

    /// The prepared geometry (built on first request).
    public var prepared: PreparedGeometry? {
        preparedGeometry.withLock { cached in
            if cached == nil { cached = try? PreparedGeometry(geometry) }
            return cached
        }
    }

    /// This geometry in `target` (computed once per CRS): how operands in different
    /// CRSs are brought together (GeoSPARQL 1.1, 9.1: "the second argument is
    /// transformed into the spatial reference system of the first").
    /// - Throws: ``GeoSPARQLError`` when PROJ cannot transform between the CRSs.
    public func transformed(to target: CRS) throws(GeoSPARQLError) -> ParsedGeometry {
        if target == crs { return self }
        if let cached = reprojected.withLock({ $0[target] }) {
            cached.recordUse()
            return cached
        }
        let moved = try geo("transforming from \(crs) to \(target)") { try literal.transformed(to: target) }
        let result = try ParsedGeometry(literal: moved, format: format)
        reprojected.withLock { $0[target] = result }
        return result
    }

    static func shortDatatype(_ iri: String) -> String {
        if iri.hasPrefix(GeoSPARQL.geo) { return "geo:" + iri.dropFirst(GeoSPARQL.geo.count) }
        if iri.hasPrefix(XSD.namespace) { return "xsd:" + iri.dropFirst(XSD.namespace.count) }
        return "<\(iri)>"
    }

    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}
