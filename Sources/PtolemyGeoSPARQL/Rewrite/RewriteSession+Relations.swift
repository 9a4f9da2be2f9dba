import PtolemyGeo
import PtolemyRDF
import PtolemySPARQL

/// The Query Rewrite Extension: the RIF rules `geor:sfEquals` ... `geor:rcc8ntppi`
/// (https://docs.ogc.org/is/22-047r1/22-047r1.html#_query_rewrite_extension) as
/// algebra. See ``GeoSPARQLRewriter`` for the shape and the choices.
extension RewriteSession {
    /// One way to reach a geometry literal from a triple's subject or object.
    struct Way {
        var triples: [TriplePattern] = []
        /// The serialization (a variable or a constant literal) the filter tests.
        var value: Expression
        /// Extra conditions (the NOT EXISTS guard of the hasGeometry fallback).
        var conditions: [Expression] = []
    }

    func relationPattern(_ triple: TriplePattern, _ relation: SpatialRelation) -> Algebra {
        var branches: [Algebra] = []
        if rewriter.isPresent(relation.propertyIRI) { branches.append(.bgp([triple])) }
        let subjectWays = ways(triple.subject, side: "a")
        let objectWays = ways(triple.object, side: "b")
        for a in subjectWays {
            for b in objectWays {
                var pattern: Algebra = .bgp(a.triples + b.triples)
                let guards = a.conditions + b.conditions
                if let first = guards.first {
                    pattern = .filter(guards.dropFirst().reduce(first) { .and($0, $1) }, pattern)
                }
                branches.append(.filter(.function(relation.functionIRI, [a.value, b.value], distinct: false), pattern))
            }
        }
        return distinctUnion(branches, of: triple)
    }

    /// The ways from a subject or object to a geometry serialization: through a
    /// feature's geometry, or a geometry's own serialization; a geometry literal is
    /// its own value.
    func ways(_ node: TermPattern, side: String) -> [Way] {
        if case .term(.literal(let literal)) = node {
            return GeoSPARQL.geometryDatatypes.contains(literal.datatype) ? [Way(value: .literal(literal))] : []
        }
        let serializations = GeoSPARQL.serializations.filter(rewriter.isPresent)
        var result: [Way] = []
        // The node is a geometry.
        for serialization in serializations {
            let value = fresh(side + "w")
            result.append(Way(triples: [TriplePattern(node, .iri(serialization), .variable(value))], value: .variable(value)))
        }
        // The node is a feature: its default geometry, or (without one) its geometries.
        let hasDefault = rewriter.isPresent(GeoSPARQL.hasDefaultGeometry)
        let hasAny = rewriter.isPresent(GeoSPARQL.hasGeometry)
        var links: [(property: String, conditions: [Expression])] = []
        if hasDefault { links.append((GeoSPARQL.hasDefaultGeometry, [])) }
        if hasAny {
            var conditions: [Expression] = []
            if hasDefault {
                let other = fresh(side + "d")
                conditions.append(.notExists(.bgp([TriplePattern(node, .iri(GeoSPARQL.hasDefaultGeometry), .variable(other))])))
            }
            links.append((GeoSPARQL.hasGeometry, conditions))
        }
        for link in links {
            for serialization in serializations {
                let geometry = fresh(side + "g")
                let value = fresh(side + "w")
                result.append(Way(triples: [TriplePattern(node, .iri(link.property), .variable(geometry)),
                                            TriplePattern(.variable(geometry), .iri(serialization), .variable(value))],
                                  value: .variable(value), conditions: link.conditions))
            }
        }
        return result
    }
}

extension GeoSPARQL {
    /// The geometry literal datatypes.
    static let geometryDatatypes: Set<String> = [wktLiteral, gmlLiteral, geoJSONLiteral, kmlLiteral, dggsLiteral]
}
