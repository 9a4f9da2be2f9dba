/// The topological relations of the three GeoSPARQL relation families, with
/// their DE-9IM definitions (GeoSPARQL 1.1, section 9, tables 3-5:
/// https://docs.ogc.org/is/22-047r1/22-047r1.html#_topology_vocabulary_extension_relation_family_simple_features).
///
/// The Simple Features family is evaluated with GEOS's own predicates (which
/// also apply the dimension-dependent rules of `sfCrosses` and `sfOverlaps`);
/// the Egenhofer and RCC8 families by matching one DE-9IM matrix against their
/// patterns.
public enum SpatialRelation: String, Hashable, Sendable, CaseIterable {
    // Simple Features
    case sfEquals, sfDisjoint, sfIntersects, sfTouches, sfCrosses, sfWithin, sfContains, sfOverlaps
    // Egenhofer
    case ehEquals, ehDisjoint, ehMeet, ehOverlap, ehCovers, ehCoveredBy, ehInside, ehContains
    // RCC8 (defined for regions)
    case rcc8eq, rcc8dc, rcc8ec, rcc8po, rcc8tppi, rcc8tpp, rcc8ntpp, rcc8ntppi

    /// The local name in the GeoSPARQL vocabulary (`sfIntersects`), also the
    /// `geof:` function name.
    public var localName: String { rawValue }

    /// The DE-9IM patterns, any of which satisfies the relation. `sfCrosses`
    /// and `sfOverlaps` list the pattern for each dimension combination; GEOS
    /// applies the right one.
    public var patterns: [String] {
        switch self {
        case .sfEquals, .ehEquals, .rcc8eq: ["TFFFTFFFT"]
        case .sfDisjoint, .ehDisjoint: ["FF*FF****"]
        case .sfIntersects: ["T********", "*T*******", "***T*****", "****T****"]
        case .sfTouches, .ehMeet: ["FT*******", "F**T*****", "F***T****"]
        case .sfCrosses: ["T*T******", "T*****T**", "0********"]
        case .sfWithin: ["T*F**F***"]
        case .sfContains: ["T*****FF*"]
        case .sfOverlaps: ["T*T***T**", "1*T***T**"]
        case .ehOverlap: ["T*T***T**"]
        case .ehCovers: ["T*TFT*FF*"]
        case .ehCoveredBy: ["TFF*TFT**"]
        case .ehInside: ["TFF*FFT**"]
        case .ehContains: ["T*TFF*FF*"]
        case .rcc8dc: ["FFTFFTTTT"]
        case .rcc8ec: ["FFTFTTTTT"]
        case .rcc8po: ["TTTTTTTTT"]
        case .rcc8tppi: ["TTTFTTFFT"]
        case .rcc8tpp: ["TFFTTFTTT"]
        case .rcc8ntpp: ["TFFTFFTTT"]
        case .rcc8ntppi: ["TTTFFTFFT"]
        }
    }

    /// True when the relation can only hold if the two boxes intersect (all but
    /// the disjoint ones): lets an index probe prune candidates.
    public var requiresIntersection: Bool {
        switch self {
        case .sfDisjoint, .ehDisjoint, .rcc8dc: false
        default: true
        }
    }

    /// Whether `a` stands in this relation to `b`.
    public func evaluate(_ a: Geometry, _ b: Geometry) throws -> Bool {
        switch self {
        case .sfEquals: return try a.equals(b)
        case .sfDisjoint: return try a.disjoint(b)
        case .sfIntersects: return try a.intersects(b)
        case .sfTouches: return try a.touches(b)
        case .sfCrosses: return try a.crosses(b)
        case .sfWithin: return try a.within(b)
        case .sfContains: return try a.contains(b)
        case .sfOverlaps: return try a.overlaps(b)
        default:
            if requiresIntersection, !a.boundingBox.intersects(b.boundingBox) { return false }
            return try matches(a.relate(b))
        }
    }

    /// Whether the prepared geometry stands in this relation to `b`, using the
    /// prepared predicates where GEOS has them.
    public func evaluate(_ a: PreparedGeometry, _ b: Geometry) throws -> Bool {
        switch self {
        case .sfEquals: return try a.equals(b)
        case .sfDisjoint: return try a.disjoint(b)
        case .sfIntersects: return try a.intersects(b)
        case .sfTouches: return try a.touches(b)
        case .sfCrosses: return try a.crosses(b)
        case .sfWithin: return try a.within(b)
        case .sfContains: return try a.contains(b)
        case .sfOverlaps: return try a.overlaps(b)
        default: return try evaluate(a.geometry, b)
        }
    }

    /// Whether a DE-9IM matrix satisfies this relation (for the dimension-dependent
    /// Simple Features relations, any of their patterns).
    public func matches(_ matrix: String) throws -> Bool {
        for pattern in patterns where try Geometry.matches(matrix: matrix, pattern: pattern) { return true }
        return false
    }
}
