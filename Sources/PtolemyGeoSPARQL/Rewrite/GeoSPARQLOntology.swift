import PtolemyRDF

/// The class and property hierarchy of the GeoSPARQL 1.1 ontology, the Simple
/// Features geometry types and the GML 3.2 geometry types, with the domains and
/// ranges that RDFS entailment draws conclusions from
/// (https://docs.ogc.org/is/22-047r1/22-047r1.html#_rdfs_entailment_extension:
/// /req/rdfs-entailment-extension/bgp-rdfs-ent, wkt-geometry-types, gml-geometry-types).
///
/// Only the axioms that make query answers differ are kept: `rdfs:subClassOf`,
/// `rdfs:subPropertyOf`, `rdfs:domain` and `rdfs:range` between GeoSPARQL terms.
public enum GeoSPARQLOntology {
    /// Direct superclasses.
    public static let superclasses: [String: [String]] = {
        let geo = GeoSPARQL.geo, sf = GeoSPARQL.sf, gml = GeoSPARQL.gml
        var table: [String: [String]] = [
            geo + "Feature": [geo + "SpatialObject"],
            geo + "Geometry": [geo + "SpatialObject"],
            geo + "FeatureCollection": [geo + "SpatialObjectCollection"],
            geo + "GeometryCollection": [geo + "SpatialObjectCollection"],
            // Simple Features (ISO 19125-1, the sf: vocabulary of GeoSPARQL)
            sf + "Geometry": [geo + "Geometry"],
            sf + "Point": [sf + "Geometry"], sf + "Curve": [sf + "Geometry"],
            sf + "Surface": [sf + "Geometry"], sf + "GeometryCollection": [sf + "Geometry"],
            sf + "LineString": [sf + "Curve"], sf + "Line": [sf + "LineString"], sf + "LinearRing": [sf + "LineString"],
            sf + "Polygon": [sf + "Surface"], sf + "Triangle": [sf + "Polygon"],
            sf + "PolyhedralSurface": [sf + "Surface"], sf + "TIN": [sf + "PolyhedralSurface"],
            sf + "MultiPoint": [sf + "GeometryCollection"], sf + "MultiCurve": [sf + "GeometryCollection"],
            sf + "MultiSurface": [sf + "GeometryCollection"], sf + "MultiLineString": [sf + "MultiCurve"],
            sf + "MultiPolygon": [sf + "MultiSurface"],
            // GML 3.2 geometry types (OGC 07-036, the GeoSPARQL 1.0 gml: ontology)
            gml + "AbstractGeometry": [geo + "Geometry"],
            gml + "AbstractGeometricPrimitive": [gml + "AbstractGeometry"],
            gml + "AbstractGeometricAggregate": [gml + "AbstractGeometry"],
            gml + "Point": [gml + "AbstractGeometricPrimitive"],
            gml + "AbstractCurve": [gml + "AbstractGeometricPrimitive"],
            gml + "AbstractSurface": [gml + "AbstractGeometricPrimitive"],
            gml + "AbstractSolid": [gml + "AbstractGeometricPrimitive"],
            gml + "LineString": [gml + "AbstractCurve"], gml + "Curve": [gml + "AbstractCurve"],
            gml + "OrientableCurve": [gml + "AbstractCurve"], gml + "CompositeCurve": [gml + "AbstractCurve"],
            gml + "Polygon": [gml + "AbstractSurface"], gml + "Surface": [gml + "AbstractSurface"],
            gml + "OrientableSurface": [gml + "AbstractSurface"], gml + "CompositeSurface": [gml + "AbstractSurface"],
            gml + "PolyhedralSurface": [gml + "Surface"], gml + "TriangulatedSurface": [gml + "Surface"],
            gml + "Tin": [gml + "TriangulatedSurface"],
            gml + "Solid": [gml + "AbstractSolid"], gml + "CompositeSolid": [gml + "AbstractSolid"],
            gml + "MultiPoint": [gml + "AbstractGeometricAggregate"], gml + "MultiCurve": [gml + "AbstractGeometricAggregate"],
            gml + "MultiSurface": [gml + "AbstractGeometricAggregate"], gml + "MultiSolid": [gml + "AbstractGeometricAggregate"],
            gml + "MultiGeometry": [gml + "AbstractGeometricAggregate"],
        ]
        table[geo + "SpatialObject"] = []
        table[geo + "SpatialObjectCollection"] = []
        return table
    }()

    /// Direct super-properties.
    public static let superproperties: [String: [String]] = {
        let geo = GeoSPARQL.geo
        var table: [String: [String]] = [:]
        for p in ["hasDefaultGeometry", "hasCentroid", "hasBoundingBox"] { table[geo + p] = [geo + "hasGeometry"] }
        for p in ["asWKT", "asGML", "asGeoJSON", "asKML", "asDGGS"] { table[geo + p] = [geo + "hasSerialization"] }
        for p in ["hasLength", "hasArea", "hasVolume", "hasPerimeterLength"] { table[geo + p] = [geo + "hasSize"] }
        for p in ["hasMetricLength", "hasMetricArea", "hasMetricVolume", "hasMetricPerimeterLength"] {
            table[geo + p] = [geo + "hasMetricSize"]
        }
        return table
    }()

    /// `rdfs:domain` of the properties that have one in the GeoSPARQL ontology.
    public static let domains: [String: String] = {
        let geo = GeoSPARQL.geo
        var table: [String: String] = [geo + "hasGeometry": geo + "Feature", geo + "hasDefaultGeometry": geo + "Feature"]
        for p in ["hasSerialization", "asWKT", "asGML", "asGeoJSON", "asKML", "asDGGS",
                  "dimension", "coordinateDimension", "spatialDimension", "isEmpty", "isSimple"] {
            table[geo + p] = geo + "Geometry"
        }
        for p in ["hasCentroid", "hasBoundingBox", "hasSize", "hasMetricSize", "hasLength", "hasMetricLength",
                  "hasArea", "hasMetricArea", "hasVolume", "hasMetricVolume", "hasPerimeterLength", "hasMetricPerimeterLength",
                  "hasSpatialResolution", "hasMetricSpatialResolution", "hasSpatialAccuracy", "hasMetricSpatialAccuracy"] {
            table[geo + p] = geo + "SpatialObject"
        }
        for relation in SpatialRelationFamily.allRelations { table[relation.propertyIRI] = geo + "SpatialObject" }
        return table
    }()

    /// `rdfs:range` of the object properties that have one.
    public static let ranges: [String: String] = {
        let geo = GeoSPARQL.geo
        var table: [String: String] = [:]
        for p in ["hasGeometry", "hasDefaultGeometry", "hasCentroid", "hasBoundingBox"] { table[geo + p] = geo + "Geometry" }
        for relation in SpatialRelationFamily.allRelations { table[relation.propertyIRI] = geo + "SpatialObject" }
        return table
    }()

    /// The class and all its subclasses (reflexive, transitive).
    public static func subclasses(of iri: String) -> [String] {
        closure(iri, of: subclassTable)
    }

    /// The property and all its sub-properties (reflexive, transitive).
    public static func subproperties(of iri: String) -> [String] {
        closure(iri, of: subpropertyTable)
    }

    /// Whether the property has sub-properties in the ontology (cheap: no closure is built).
    public static func hasSubproperties(_ iri: String) -> Bool { subpropertyTable[iri] != nil }

    /// Whether the ontology knows the class.
    public static func isClass(_ iri: String) -> Bool { superclasses[iri] != nil }

    private static let subclassTable = invert(superclasses)
    private static let subpropertyTable = invert(superproperties)

    private static func invert(_ table: [String: [String]]) -> [String: [String]] {
        var inverse: [String: [String]] = [:]
        for (child, parents) in table { for parent in parents { inverse[parent, default: []].append(child) } }
        return inverse.mapValues { $0.sorted() }
    }

    private static func closure(_ start: String, of children: [String: [String]]) -> [String] {
        var result = [start]
        var seen: Set<String> = [start]
        var index = 0
        while index < result.count {
            for child in children[result[index]] ?? [] where seen.insert(child).inserted { result.append(child) }
            index += 1
        }
        return result
    }
}
