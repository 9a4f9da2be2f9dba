import PtolemyRDF
import PtolemySPARQL
import Testing

@Suite("Algebra description")
struct AlgebraDescriptionTests {
    @Test func sExpressionsShowTheTree() throws {
        let algebra = try T.algebra("""
            SELECT ?s (COUNT(?o) AS ?n) {
              ?s :p ?o OPTIONAL { ?o :q* ?x FILTER(?x != "a"@en) } BIND(STR(?o) AS ?t)
            } GROUP BY ?s ORDER BY DESC(?n) LIMIT 5
            """)
        #expect(algebra.description == """
            (slice 0 5
              (project (?s ?n)
                (order ((desc ?n))
                  (extend ((?n ?<internal:agg1>))
                    (group (?s) ((?<internal:agg1> (count ?o)))
                      (extend ((?t (str ?o)))
                        (leftjoin
                          (bgp (triple ?s <http://example.org/p> ?o))
                          (path ?o (path* <http://example.org/q>) ?x)
                          (!= ?x "a"@en))))))))
            """)
    }

    @Test func valuesAndExpressions() throws {
        let pattern = try T.pattern("VALUES (?a ?b) { (1 UNDEF) } FILTER(?a IN (1, 2) && !BOUND(?b) || NOT EXISTS { ?a :p ?b })")
        #expect(pattern.description == """
            (filter (|| (&& (in ?a "1"^^<http://www.w3.org/2001/XMLSchema#integer> "2"^^<http://www.w3.org/2001/XMLSchema#integer>) \
            (! (bound ?b))) (notexists (bgp (triple ?a <http://example.org/p> ?b))))
              (table (vars ?a ?b) (row [?a "1"^^<http://www.w3.org/2001/XMLSchema#integer>])))
            """)
    }

    @Test func longChainsAreDescribedWithoutRecursion() throws {
        let alternatives = (0..<4000).map { "?x\($0)" }.joined(separator: " || ")
        let pattern = try T.pattern("FILTER(\(alternatives))")
        #expect(pattern.description.hasPrefix("(filter (|| (|| (||"))
    }
}
