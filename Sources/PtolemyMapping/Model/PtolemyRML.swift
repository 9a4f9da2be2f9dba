/// Ptolemy's own RML terms: reference formulations for geospatial sources.
///
/// Namespace `https://w3id.org/ptolemy/rml#` (prefix `ptm:`). See `mappings/README.md`.
///
/// - `ptm:GeoJSON`: a GeoJSON file (RFC 7946). Each feature of a FeatureCollection (or
///   the one Feature, or a bare geometry) is a record. References: a property name
///   (`crop`), a JSONPath into the feature (`$.properties.crop`, `$.id`), and the
///   geometry as `ptm:wkt` (WKT literal text), `ptm:geojson` (the geometry's GeoJSON).
/// - `ptm:Shapefile`: an ESRI Shapefile (`.shp` with `.shx`, `.dbf`, optional `.prj`).
///   Each shape is a record. References: a dBASE field name, `ptm:wkt` (the geometry
///   as WKT, prefixed with the `.prj` CRS's IRI unless it is CRS84), `ptm:geojson`,
///   `ptm:crs` (the CRS IRI) and `#` (the shape's 0-based index).
public enum PtolemyRML {
    public static let ns = "https://w3id.org/ptolemy/rml#"
    public static let GeoJSON = ns + "GeoJSON"
    public static let Shapefile = ns + "Shapefile"
    /// `ptm:crs`: on a source, the CRS IRI to assume when the data does not say.
    public static let crs = ns + "crs"
}
