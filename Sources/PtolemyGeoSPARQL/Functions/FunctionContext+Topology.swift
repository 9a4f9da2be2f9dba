import PtolemyGeo
import PtolemyRDF

/// The topological functions: `geof:relate` and the Simple Features, Egenhofer and
/// RCC8 families (https://docs.ogc.org/is/22-047r1/22-047r1.html#_geometry_topology_extension,
/// requirements /req/geometry-topology-extension/relate-query-function,
/// sf-query-functions, eh-query-functions, rcc8-query-functions).
extension FunctionContext {
    func topologyFunctions() -> [GeoSPARQLFunction] {
        var functions = SpatialRelation.allCases.map { relation in
            make(relation.localName, 2...2) { arguments throws(GeoSPARQLError) in
                let (a, b) = try pair(arguments[0], arguments[1])
                return Arguments.boolean(try TopologicalTest.evaluate(relation, a, b))
            }
        }
        // geof:relate(geom1, geom2, pattern): does the DE-9IM matrix match the pattern?
        // With two arguments (an extension, as PostGIS's ST_Relate) it returns the matrix.
        functions.append(make("relate", 2...3) { arguments throws(GeoSPARQLError) in
            let (a, b) = try pair(arguments[0], arguments[1])
            if arguments.count == 2 {
                return .string(try geo("relate") { try a.geometry.relate(b.geometry) })
            }
            guard case .literal(let pattern) = arguments[2], pattern.datatype == XSD.string else {
                throw GeoSPARQLError(.typeError, "the DE-9IM pattern must be a string, not \(arguments[2])")
            }
            return Arguments.boolean(try geo("relate") { try a.geometry.relate(b.geometry, pattern: pattern.lexicalForm) })
        })
        return functions
    }
}

/// Evaluates a topological relation between two parsed geometries in one CRS,
/// using a prepared geometry for the operand that is used over and over (a query
/// constant, the outer side of a join).
public enum TopologicalTest {
    /// Whether `a` stands in `relation` to `b` (both in the same CRS).
    public static func evaluate(_ relation: SpatialRelation, _ a: ParsedGeometry, _ b: ParsedGeometry) throws(GeoSPARQLError) -> Bool {
        try geo("\(relation.localName)") {
            if b.useCount > a.useCount, let prepared = b.preparedIfReused {
                return try relation.converse.evaluate(prepared, a.geometry)
            }
            if let prepared = a.preparedIfReused {
                return try relation.evaluate(prepared, b.geometry)
            }
            return try relation.evaluate(a.geometry, b.geometry)
        }
    }
}

extension SpatialRelation {
    /// The relation with its operands swapped: `a R b` exactly when `b R.converse a`
    /// (within ↔ contains, inside ↔ contains, covers ↔ coveredBy, tpp ↔ tppi,
    /// ntpp ↔ ntppi; the others are symmetric).
    public var converse: SpatialRelation {
        switch self {
        case .sfWithin: .sfContains
        case .sfContains: .sfWithin
        case .ehInside: .ehContains
        case .ehContains: .ehInside
        case .ehCovers: .ehCoveredBy
        case .ehCoveredBy: .ehCovers
        case .rcc8tpp: .rcc8tppi
        case .rcc8tppi: .rcc8tpp
        case .rcc8ntpp: .rcc8ntppi
        case .rcc8ntppi: .rcc8ntpp
        default: self
        }
    }

    /// The `geof:` function IRI of the relation (`geof:sfIntersects`).
    public var functionIRI: String { GeoSPARQL.function(localName) }

    /// The `geo:` property IRI of the relation (`geo:sfIntersects`), as the Topology
    /// Vocabulary Extension names it.
    public var propertyIRI: String { GeoSPARQL.term(localName) }

    /// The relation whose `geof:` function IRI this is.
    public init?(functionIRI iri: String) {
        guard iri.hasPrefix(GeoSPARQL.geof), let relation = SpatialRelation(rawValue: String(iri.dropFirst(GeoSPARQL.geof.count))) else { return nil }
        self = relation
    }

    /// The relation whose `geo:` property IRI this is.
    public init?(propertyIRI iri: String) {
        guard iri.hasPrefix(GeoSPARQL.geo), let relation = SpatialRelation(rawValue: String(iri.dropFirst(GeoSPARQL.geo.count))) else { return nil }
        self = relation
    }
}
