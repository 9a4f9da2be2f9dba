import PtolemyRDF

/// The IRIs of OGC GeoSPARQL 1.1 (which contains 1.0) that the function library,
/// the rewriter and the ontology use: https://docs.ogc.org/is/22-047r1/22-047r1.html
///
/// The basic namespaces and serialization properties live in PtolemyRDF's
/// ``GeoVocabulary`` (the loader needs them); this adds the rest.
public enum GeoSPARQL {
    /// `geo:` — http://www.opengis.net/ont/geosparql#
    public static let geo = GeoVocabulary.namespace
    /// `geof:` — http://www.opengis.net/def/function/geosparql/
    public static let geof = GeoVocabulary.functionNamespace
    /// `sf:` — the Simple Features geometry classes.
    public static let sf = GeoVocabulary.sfNamespace
    /// `gml:` — the GML 3.2 namespace, whose geometry elements name GML geometry types.
    public static let gml = "http://www.opengis.net/ont/gml#"
    /// `uom:` — the OGC units of measure.
    public static let uom = GeoVocabulary.uomNamespace

    // MARK: Classes (section 6 and 8)

    public static let spatialObject = geo + "SpatialObject"
    public static let feature = geo + "Feature"
    public static let geometry = geo + "Geometry"
    public static let spatialObjectCollection = geo + "SpatialObjectCollection"
    public static let featureCollection = geo + "FeatureCollection"
    public static let geometryCollection = geo + "GeometryCollection"

    // MARK: Properties

    public static let hasGeometry = geo + "hasGeometry"
    public static let hasDefaultGeometry = geo + "hasDefaultGeometry"
    public static let hasCentroid = geo + "hasCentroid"
    public static let hasBoundingBox = geo + "hasBoundingBox"
    public static let hasSerialization = geo + "hasSerialization"
    public static let asWKT = geo + "asWKT"
    public static let asGML = geo + "asGML"
    public static let asGeoJSON = geo + "asGeoJSON"
    public static let asKML = geo + "asKML"
    public static let asDGGS = geo + "asDGGS"

    /// The serialization properties that carry a geometry literal, in the order the
    /// rewriter tries them.
    public static let serializations = [asWKT, asGML, asGeoJSON, asKML, asDGGS]

    // MARK: Datatypes

    public static let wktLiteral = GeoVocabulary.wktLiteral
    public static let gmlLiteral = GeoVocabulary.gmlLiteral
    public static let geoJSONLiteral = GeoVocabulary.geoJSONLiteral
    public static let kmlLiteral = GeoVocabulary.kmlLiteral
    public static let dggsLiteral = GeoVocabulary.dggsLiteral

    /// A `geof:` function IRI.
    @inlinable
    public static func function(_ localName: String) -> String { geof + localName }

    /// A `geo:` IRI.
    @inlinable
    public static func term(_ localName: String) -> String { geo + localName }
}
