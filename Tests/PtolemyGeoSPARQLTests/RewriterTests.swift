import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemySPARQL
import Testing

/// The algebra the rewriter produces: the shapes the engine's spatial planner
/// recognises (see ``GeoSPARQLRewriter``).
@Suite("GeoSPARQLRewriter shapes")
struct RewriterTests {
    static let geo = "http://www.opengis.net/ont/geosparql#"

    func algebra(_ query: String) throws -> Algebra {
        try Query(parsing: GeoFixture.prefixes + query).algebra
    }

    @Test func aRelationOverHasGeometryAndAsWKTIsOneFilteredBGPPerCase() throws {
        // Data with only hasGeometry and asWKT: feature-feature, feature-geometry,
        // geometry-feature and geometry-geometry, no asserted triple.
        let present: Set<String> = [Self.geo + "hasGeometry", Self.geo + "asWKT"]
        let rewriter = GeoSPARQLRewriter(vocabulary: { present.contains($0) })
        let rewritten = rewriter.rewrite(try algebra("SELECT ?a ?b { ?a geo:sfWithin ?b }"))
        guard case .project(.distinct(.project(let union, let variables)), _) = rewritten else {
            Issue.record("unexpected \(rewritten)")
            return
        }
        #expect(variables == [Variable("a"), Variable("b")])
        var branches: [Algebra] = []
        func collect(_ node: Algebra) {
            if case .union(let l, let r) = node { collect(l); collect(r) } else { branches.append(node) }
        }
        collect(union)
        #expect(branches.count == 4)
        for branch in branches {
            guard case .filter(.function(let iri, let arguments, _), .bgp(let triples)) = branch else {
                Issue.record("unexpected branch \(branch)")
                continue
            }
            #expect(iri == "http://www.opengis.net/def/function/geosparql/sfWithin")
            #expect(arguments.count == 2)
            #expect(triples.contains { $0.predicate == .iri(Self.geo + "asWKT") })
        }
        // The feature-feature branch: ?a hasGeometry ?g1 . ?g1 asWKT ?w1 . ?b hasGeometry ?g2 . ?g2 asWKT ?w2.
        let featureFeature = branches.contains { branch in
            guard case .filter(_, .bgp(let triples)) = branch else { return false }
            return triples.filter { $0.predicate == .iri(Self.geo + "hasGeometry") }.count == 2 && triples.count == 4
        }
        #expect(featureFeature)
    }

    @Test func withoutGeoSPARQLVocabularyNothingChanges() throws {
        let query = try algebra("SELECT ?s { ?s a <http://example.org/C> ; <http://example.org/p> ?o }")
        #expect(GeoSPARQLRewriter.rewrite(query) == query)
        let typed = try algebra("SELECT ?s { ?s a geo:Feature }")
        #expect(GeoSPARQLRewriter(vocabulary: { $0 == Self.geo + "Feature" }).rewrite(typed) == typed)
        let disabled = GeoSPARQLRewriter(options: .init(queryRewrite: false, rdfsEntailment: false))
        let relation = try algebra("SELECT ?a { ?a geo:sfWithin ?b }")
        #expect(disabled.rewrite(relation) == relation)
    }

    @Test func theDefaultGeometryFallbackIsGuardedByNotExists() throws {
        let present: Set<String> = [Self.geo + "hasGeometry", Self.geo + "hasDefaultGeometry", Self.geo + "asWKT"]
        let rewriter = GeoSPARQLRewriter(vocabulary: { present.contains($0) })
        let text = "\(rewriter.rewrite(try algebra("SELECT ?a { ?a geo:sfWithin \(wkt("POINT(1 1)")) }")))"
        #expect(text.lowercased().contains("exists"))
        #expect(text.contains("hasDefaultGeometry"))
    }

    @Test func relationsInsideOptionalExistsAndSubqueriesAreRewritten() throws {
        let query = try algebra("""
            SELECT ?x { ?x a ex:C OPTIONAL { ?x geo:sfTouches ?y } FILTER EXISTS { ?x geo:rcc8ec ?z } { SELECT ?x { ?x geo:ehMeet ?w } } }
            """)
        let text = "\(GeoSPARQLRewriter.rewrite(query))"
        for function in ["sfTouches", "rcc8ec", "ehMeet"] {
            #expect(text.contains("http://www.opengis.net/def/function/geosparql/\(function)"))
        }
    }

    @Test func everyRelationPropertyMapsToItsFunction() {
        #expect(SpatialRelationFamily.allRelations.count == 24)
        for family in SpatialRelationFamily.allCases { #expect(family.relations.count == 8) }
        for relation in SpatialRelationFamily.allRelations {
            #expect(SpatialRelation(propertyIRI: relation.propertyIRI) == relation)
            #expect(SpatialRelation(functionIRI: relation.functionIRI) == relation)
            #expect(relation.converse.converse == relation)
        }
    }
}
