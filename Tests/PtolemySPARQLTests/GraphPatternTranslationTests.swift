import PtolemyRDF
import PtolemySPARQL
import Testing

/// Translation of graph patterns, section 18.2.2 of SPARQL 1.1 Query.
@Suite("Graph pattern translation")
struct GraphPatternTranslationTests {
    typealias A = Algebra

    @Test func emptyGroupIsTheEmptyPattern() throws {
        #expect(try T.pattern("") == .empty)
        #expect(try T.pattern("{} {}") == .empty)
    }

    @Test func propertyAndObjectListsShareTheSubject() throws {
        let p = try T.pattern("?s :p ?o, ?o2 ; :q 1 ; ; .")
        #expect(p == T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o")), T.triple(T.v("s"), T.iri("p"), T.v("o2")),
                           T.triple(T.v("s"), T.iri("q"), T.int("1"))))
    }

    @Test func rdfTypeKeyword() throws {
        #expect(try T.pattern("?s a :C") == T.bgp(T.triple(T.v("s"), .iri(RDFVocabulary.type), T.iri("C"))))
    }

    @Test func filtersApplyToTheWholeGroupAndDoNotSplitTheBGP() throws {
        let p = try T.pattern("?s :p ?o FILTER(?o > 1) ?s :q ?r FILTER(?r)")
        let bgp = T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o")), T.triple(T.v("s"), T.iri("q"), T.v("r")))
        #expect(p == .filter(.and(.greater(T.ev("o"), T.eint("1")), T.ev("r")), bgp))
    }

    @Test func optionalTakesTheFilterOfItsGroupAsCondition() throws {
        let p = try T.pattern("?s :p ?o OPTIONAL { ?o :q ?r FILTER(?r = 1) }")
        #expect(p == .leftJoin(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))),
                               T.bgp(T.triple(T.v("o"), T.iri("q"), T.v("r"))),
                               filter: .equal(T.ev("r"), T.eint("1"))))
    }

    @Test func optionalOfANestedFilteredGroupKeepsTheFilterInside() throws {
        let p = try T.pattern("?s :p ?o OPTIONAL { { ?o :q ?r FILTER(?r) } }")
        #expect(p == .leftJoin(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))),
                               .filter(T.ev("r"), T.bgp(T.triple(T.v("o"), T.iri("q"), T.v("r")))), filter: nil))
    }

    @Test func leadingOptionalJoinsWithTheEmptyPattern() throws {
        let p = try T.pattern("OPTIONAL { ?s :p ?o } ?x :q ?y")
        #expect(p == .join(.leftJoin(.empty, T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), filter: nil),
                           T.bgp(T.triple(T.v("x"), T.iri("q"), T.v("y")))))
    }

    @Test func unionIsLeftAssociative() throws {
        let p = try T.pattern("{ ?a :p 1 } UNION { ?a :p 2 } UNION { ?a :p 3 }")
        func branch(_ n: String) -> A { T.bgp(T.triple(T.v("a"), T.iri("p"), T.int(n))) }
        #expect(p == .union(.union(branch("1"), branch("2")), branch("3")))
    }

    @Test func minusGraphServiceAndNestedGroups() throws {
        let p = try T.pattern("""
            ?s :p ?o MINUS { ?s :q ?o } GRAPH ?g { ?s :r ?x } SERVICE SILENT <http://remote/sparql> { ?x :t ?y }
            """)
        let expected: A = .join(
            .join(.minus(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), T.bgp(T.triple(T.v("s"), T.iri("q"), T.v("o")))),
                  .graph(name: T.v("g"), T.bgp(T.triple(T.v("s"), T.iri("r"), T.v("x"))))),
            .service(endpoint: .iri("http://remote/sparql"), T.bgp(T.triple(T.v("x"), T.iri("t"), T.v("y"))), silent: true))
        #expect(p == expected)
    }

    @Test func bindExtendsThePatternSoFar() throws {
        let p = try T.pattern("?s :p ?o BIND(?o + 1 AS ?z) ?z :q ?w")
        #expect(p == .join(.extend(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), variable: Variable("z"),
                                   expression: .add(T.ev("o"), T.eint("1"))),
                           T.bgp(T.triple(T.v("z"), T.iri("q"), T.v("w")))))
    }

    @Test func inlineValuesIsATableJoinedInPlace() throws {
        let p = try T.pattern("?s :p ?o VALUES (?o ?x) { (1 UNDEF) (:a \"b\") }")
        let table: A = .values(variables: [Variable("o"), Variable("x")],
                               rows: [[.literal(Literal("1", datatype: XSD.integer)), nil], [.iri(T.ex + "a"), .string("b")]])
        #expect(p == .join(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), table))
    }

    @Test func blankNodesBecomeNonProjectableVariables() throws {
        let query = try Query(parsing: "SELECT * { _:x <http://p> ?o . [] <http://q> _:x }")
        guard case .project(.bgp(let triples), let projected) = query.algebra else {
            Issue.record("unexpected \(query.algebra)")
            return
        }
        #expect(projected == [Variable("o")])
        #expect(triples[0].subject == T.bn("x"))
        #expect(triples[1].object == T.bn("x"))
        guard case .variable(let anonymous) = triples[1].subject else {
            Issue.record("anonymous blank node is not a variable")
            return
        }
        #expect(anonymous.kind == .blankNode)
        #expect(anonymous.name != "x")
    }

    @Test func generatedBlankNodeNamesAvoidWrittenLabels() throws {
        let p = try T.pattern("[] :p _:b0")
        guard case .bgp(let triples) = p, case .variable(let anonymous) = triples[0].subject else {
            Issue.record("unexpected \(p)")
            return
        }
        #expect(anonymous.name != "b0")
    }

    @Test func collectionsBecomeFirstRestChains() throws {
        let p = try T.pattern("?s :p (1 ?x)")
        guard case .bgp(let triples) = p, triples.count == 5 else {
            Issue.record("unexpected \(p)")
            return
        }
        let first = triples[0].subject
        let second = triples[2].subject
        #expect(triples[0] == T.triple(first, .iri(RDFVocabulary.first), T.int("1")))
        #expect(triples[1] == T.triple(first, .iri(RDFVocabulary.rest), second))
        #expect(triples[2] == T.triple(second, .iri(RDFVocabulary.first), T.v("x")))
        #expect(triples[3] == T.triple(second, .iri(RDFVocabulary.rest), .iri(RDFVocabulary.nil)))
        #expect(triples[4] == T.triple(T.v("s"), T.iri("p"), first))
        #expect(first != second)
    }

    @Test func blankNodePropertyListAsSubjectAndObject() throws {
        let p = try T.pattern("[ :p 1 ] :q [ :r 2 ]")
        guard case .bgp(let triples) = p, triples.count == 3 else {
            Issue.record("unexpected \(p)")
            return
        }
        #expect(triples[0].predicate == T.iri("p"))
        #expect(triples[1].predicate == T.iri("r"))
        #expect(triples[2] == T.triple(triples[0].subject, T.iri("q"), triples[1].subject))
    }

    @Test func subSelectIsNestedAlgebra() throws {
        let p = try T.pattern("?s :p ?o { SELECT ?o { ?o :q ?v } LIMIT 2 }")
        #expect(p == .join(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))),
                           .slice(.project(T.bgp(T.triple(T.v("o"), T.iri("q"), T.v("v"))), [Variable("o")]),
                                  offset: 0, limit: 2)))
    }

    @Test func existsHoldsTheAlgebraOfItsPattern() throws {
        let p = try T.pattern("?s :p ?o FILTER NOT EXISTS { ?o :q ?v } FILTER(EXISTS { ?s :r 1 })")
        let expected: A = .filter(.and(.notExists(T.bgp(T.triple(T.v("o"), T.iri("q"), T.v("v")))),
                                       .exists(T.bgp(T.triple(T.v("s"), T.iri("r"), T.int("1"))))),
                                  T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))))
        #expect(p == expected)
    }

    @Test func selectStarProjectsInScopeUserVariablesInOrder() throws {
        let algebra = try T.algebra("SELECT * { ?b :p _:x OPTIONAL { ?a :q ?b } MINUS { ?z :r ?b } BIND(1 AS ?c) }")
        guard case .project(_, let variables) = algebra else {
            Issue.record("unexpected \(algebra)")
            return
        }
        #expect(variables == [Variable("b"), Variable("a"), Variable("c")])
    }

    @Test func relativeIRIsResolveAgainstBaseAndPrefixes() throws {
        let query = try Query(parsing: "BASE <http://example.org/a/b> PREFIX p: <c/> SELECT * { <x> p:y <../z> }",
                              baseIRI: "file:///ignored")
        #expect(query.baseIRI == "http://example.org/a/b")
        #expect(query.algebra == .project(.bgp([TriplePattern(.iri("http://example.org/a/x"), .iri("http://example.org/a/c/y"),
                                                                .iri("http://example.org/z"))]), []))
    }

    @Test func queryFormsAndDataset() throws {
        let construct = try Query(parsing: "CONSTRUCT { ?s <http://p> [] } FROM <http://g1> FROM NAMED <http://g2> WHERE { ?s ?p ?o }")
        guard case .construct(let template) = construct.form else {
            Issue.record("not a construct")
            return
        }
        #expect(template.count == 1)
        #expect(template[0].object.term?.isBlank == true)
        #expect(construct.dataset == QueryDataset(defaultGraphs: ["http://g1"], namedGraphs: ["http://g2"]))

        let constructWhere = try Query(parsing: "CONSTRUCT WHERE { _:a <http://p> ?o }")
        #expect(constructWhere.form == .construct(template: [TriplePattern(.term(.blank("a")), .iri("http://p"), T.v("o"))]))
        #expect(constructWhere.algebra == .bgp([TriplePattern(T.bn("a"), .iri("http://p"), T.v("o"))]))

        let describe = try Query(parsing: "DESCRIBE * { ?s ?p _:o }")
        #expect(describe.form == .describe(resources: [T.v("s"), T.v("p")]))
        let describeIRI = try Query(parsing: "DESCRIBE <http://x>")
        #expect(describeIRI.form == .describe(resources: [.iri("http://x")]))
        #expect(describeIRI.algebra == .empty)

        let ask = try Query(parsing: "ASK { ?s ?p ?o } LIMIT 1")
        #expect(ask.form == .ask)
        #expect(ask.algebra == .slice(.bgp([TriplePattern(T.v("s"), T.v("p"), T.v("o"))]), offset: 0, limit: 1))
    }

    @Test func solutionModifiersNestInSpecOrder() throws {
        let algebra = try T.algebra("SELECT DISTINCT ?s (?o + 1 AS ?n) { ?s :p ?o } ORDER BY DESC(?n) ?s OFFSET 5 LIMIT 10")
        let expected: A = .slice(.distinct(.project(.orderBy(
            .extend(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), variable: Variable("n"), expression: .add(T.ev("o"), T.eint("1"))),
            [OrderCondition(T.ev("n"), descending: true), OrderCondition(T.ev("s"))]), [Variable("s"), Variable("n")])),
            offset: 5, limit: 10)
        #expect(algebra == expected)
    }

    @Test func trailingValuesJoinsAfterTheWherePattern() throws {
        let algebra = try T.algebra("SELECT ?s { ?s :p ?o FILTER(?o) } VALUES ?s { :a }")
        #expect(algebra == .project(.join(.filter(T.ev("o"), T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o")))),
                                          .values(variables: [Variable("s")], rows: [[.iri(T.ex + "a")]])), [Variable("s")]))
    }

    @Test func inScopeVariablesFollowSection18_2_1() throws {
        let p = try T.pattern("?a :p ?b OPTIONAL { ?b :q ?c } MINUS { ?d :r ?a } GRAPH ?g { ?e :s ?a } FILTER(?f)")
        #expect(p.inScopeVariables == ["a", "b", "c", "g", "e"].map { Variable($0) })
    }
}
