import PtolemyGeo

/// A record of a geospatial source: a GeoJSON feature or a Shapefile shape with its
/// attributes, and its geometry as a GeoSPARQL literal (WKB plus CRS).
struct Feature: Sendable {
    /// 0-based position of the feature in the source.
    var index: Int
    /// Attribute names and values in source order (GeoJSON properties, dBASE fields);
    /// nil values are nulls.
    var attributeNames: [String]
    var attributeValues: [DataValue?]
    /// The whole GeoJSON feature, for JSONPath references (nil for Shapefiles).
    var json: JSONNode?
    /// The geometry; nil for a feature without one (GeoJSON `"geometry": null`, a null shape).
    var geometry: GeometryLiteral?

    func attribute(_ name: String) -> DataValue?? {
        guard let i = attributeNames.firstIndex(of: name) else { return nil }
        return .some(attributeValues[i])
    }
}
