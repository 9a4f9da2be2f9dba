import PtolemyGeo

/// The three relation families of GeoSPARQL (Simple Features, Egenhofer, RCC8;
/// https://docs.ogc.org/is/22-047r1/22-047r1.html#_topology_vocabulary_extension_relation_family).
public enum SpatialRelationFamily: String, Sendable, CaseIterable {
    case simpleFeatures, egenhofer, rcc8

    /// The family's relations.
    public var relations: [SpatialRelation] {
        SpatialRelation.allCases.filter { $0.family == self }
    }

    /// Every relation of the three families.
    public static var allRelations: [SpatialRelation] { SpatialRelation.allCases }
}

extension SpatialRelation {
    /// The family the relation belongs to.
    public var family: SpatialRelationFamily {
        if localName.hasPrefix("sf") { return .simpleFeatures }
        if localName.hasPrefix("eh") { return .egenhofer }
        return .rcc8
    }
}
