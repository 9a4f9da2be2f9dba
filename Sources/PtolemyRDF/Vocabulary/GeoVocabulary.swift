/// OGC GeoSPARQL 1.1 vocabulary IRIs. https://docs.ogc.org/is/22-047r1/22-047r1.html
public enum GeoVocabulary {
    public static let namespace = "http://www.opengis.net/ont/geosparql#"
    public static let functionNamespace = "http://www.opengis.net/def/function/geosparql/"
    public static let ruleNamespace = "http://www.opengis.net/def/rule/geosparql/"
    public static let sfNamespace = "http://www.opengis.net/ont/sf#"
    public static let uomNamespace = "http://www.opengis.net/def/uom/OGC/1.0/"

    public static let feature = namespace + "Feature"
    public static let geometry = namespace + "Geometry"
    public static let spatialObject = namespace + "SpatialObject"
    public static let hasGeometry = namespace + "hasGeometry"
    public static let hasDefaultGeometry = namespace + "hasDefaultGeometry"
    public static let asWKT = namespace + "asWKT"
    public static let asGML = namespace + "asGML"
    public static let asGeoJSON = namespace + "asGeoJSON"
    public static let asKML = namespace + "asKML"
    public static let asDGGS = namespace + "asDGGS"
    public static let wktLiteral = namespace + "wktLiteral"
    public static let gmlLiteral = namespace + "gmlLiteral"
    public static let geoJSONLiteral = namespace + "geoJSONLiteral"
    public static let kmlLiteral = namespace + "kmlLiteral"
    public static let dggsLiteral = namespace + "dggsLiteral"

    /// The default CRS of a WKT literal without a CRS prefix (OGC CRS84: longitude, latitude).
    public static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

    /// The serialization properties whose objects are geometry literals.
    public static let serializationProperties: Set<String> = [asWKT, asGML, asGeoJSON, asKML, asDGGS]
    /// The geometry literal datatypes.
    public static let geometryDatatypes: Set<String> = [wktLiteral, gmlLiteral, geoJSONLiteral, kmlLiteral, dggsLiteral]
}
