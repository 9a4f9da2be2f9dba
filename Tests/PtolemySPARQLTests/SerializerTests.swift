import PtolemyRDF
import PtolemySPARQL
import Testing

@Suite("Serializer")
struct SerializerTests {
    /// Serializes `SELECT vars { pattern }` and parses it back.
    func roundTrip(_ pattern: Algebra) throws -> Algebra {
        let text = SPARQLSerializer().selectQuery(pattern)
        let query = try Query(parsing: text)
        guard case .project(let inner, _) = query.algebra else { return query.algebra }
        return inner
    }

    static let s = T.v("s"), o = T.v("o"), x = T.v("x")
    static let bgp1 = T.bgp(T.triple(s, T.iri("p"), o))
    static let bgp2 = T.bgp(T.triple(o, T.iri("q"), x))
    static let condition = Expression.greater(T.ev("o"), T.eint("1"))

    /// Trees whose syntax needs care: each must come back unchanged.
    static let trees: [Algebra] = [
        .join(bgp1, bgp2),
        .join(.filter(condition, bgp1), bgp2),
        .join(bgp1, .filter(condition, bgp2)),
        .filter(condition, .filter(.not(condition), bgp1)),
        .leftJoin(bgp1, .filter(condition, bgp2), filter: nil),
        .leftJoin(bgp1, .filter(condition, bgp2), filter: .builtIn(.bound, [T.ev("x")])),
        .leftJoin(.empty, bgp2, filter: condition),
        .leftJoin(bgp1, .empty, filter: nil),
        .union(bgp1, .union(bgp2, .empty)),
        .union(.union(bgp1, bgp2), .filter(condition, bgp1)),
        .extend(.filter(condition, bgp1), variable: Variable("z"), expression: T.eint("1")),
        .join(.extend(bgp1, variable: Variable("z"), expression: T.eint("1")), bgp2),
        .join(bgp1, .extend(bgp2, variable: Variable("z"), expression: T.eint("1"))),
        .minus(.filter(condition, bgp1), .join(bgp2, bgp1)),
        .join(.path(subject: s, path: .zeroOrMore(.link(T.ex + "p")), object: o), bgp2),
        .join(.join(bgp1, .path(subject: o, path: .oneOrMore(.link(T.ex + "p")), object: x)), bgp2),
        .join(bgp1, .join(.path(subject: o, path: .oneOrMore(.link(T.ex + "p")), object: x), bgp2)),
        .join(.values(variables: [Variable("s")], rows: [[nil], [.iri("http://a")]]), bgp1),
        .join(.graph(name: T.v("g"), bgp1), .service(endpoint: .iri("http://remote"), .filter(condition, bgp2), silent: false)),
        .join(bgp1, .slice(.distinct(.project(.orderBy(bgp2, [OrderCondition(T.ev("x"), descending: true)]), [Variable("x")])), offset: 0, limit: nil)),
        .leftJoin(bgp1, .project(bgp2, [Variable("o")]), filter: nil),
        .filter(.exists(.filter(condition, bgp2)), bgp1),
    ]

    @Test(arguments: trees)
    func treeSurvivesRoundTrip(_ tree: Algebra) throws {
        #expect(try roundTrip(tree) == tree, "\(SPARQLSerializer().groupGraphPattern(tree))")
    }

    static let paths: [PropertyPath] = {
        let p = PropertyPath.link(T.ex + "p"), q = PropertyPath.link(T.ex + "q")
        return [
            .alternative(p, .alternative(q, p)), .alternative(.alternative(p, q), p),
            .zeroOrMore(.sequence(p, q)), .oneOrMore(.inverse(p)), .inverse(.zeroOrOne(p)), .inverse(.sequence(p, q)),
            .zeroOrMore(.zeroOrMore(p)), .inverse(.inverse(p)), .negatedPropertySet([]), .negatedPropertySet([RDFVocabulary.type]),
            .alternative(.negatedPropertySet([T.ex + "p"]), .inverse(.negatedPropertySet([T.ex + "q"]))),
            .alternative(.sequence(p, q), .zeroOrOne(q)),
        ]
    }()

    @Test(arguments: paths)
    func pathSurvivesRoundTrip(_ path: PropertyPath) throws {
        let tree = Algebra.path(subject: Self.s, path: path, object: Self.o)
        #expect(try roundTrip(tree) == tree, "\(SPARQLSerializer().groupGraphPattern(tree))")
    }

    static let literals: [Literal] = [
        Literal("1", datatype: XSD.integer), Literal("-01", datatype: XSD.integer), Literal("+1.50", datatype: XSD.decimal),
        Literal("1.", datatype: XSD.decimal), Literal("1e5", datatype: XSD.double), Literal(".5E-1", datatype: XSD.double),
        Literal("INF", datatype: XSD.double), Literal("abc", datatype: XSD.integer), Literal("true", datatype: XSD.boolean),
        Literal("1", datatype: XSD.boolean), Literal("a\"b\\c\nd\te\u{1}", datatype: XSD.string), Literal("x", language: "en-GB"),
        Literal("2020-01-01", datatype: XSD.date), Literal("é👪"),
    ]

    @Test(arguments: literals)
    func literalSurvivesRoundTrip(_ literal: Literal) throws {
        let tree = Algebra.filter(.equal(T.ev("s"), .literal(literal)), T.bgp(T.triple(Self.s, T.iri("p"), .term(.literal(literal)))))
        #expect(try roundTrip(tree) == tree, "\(SPARQLSerializer().groupGraphPattern(tree))")
    }

    @Test func iriCharactersOutsideIRIREFAreEscaped() throws {
        let tree = T.bgp(T.triple(Self.s, .iri("http://x/a b>c\\d"), Self.o))
        let text = SPARQLSerializer().groupGraphPattern(tree)
        #expect(text.contains(#"<http://x/a\u0020b\u003Ec\u005Cd>"#))
        #expect(try roundTrip(tree) == tree)
    }

    @Test func prefixesAbbreviatePlainLocalNames() throws {
        let serializer = SPARQLSerializer(prefixes: ["ex": T.ex])
        let query = try Query(parsing: "SELECT * { ?s <http://example.org/p> <http://example.org/a.b> }")
        let text = serializer.serialize(query)
        #expect(text.hasPrefix("PREFIX ex: <http://example.org/>\n"))
        #expect(text.contains("?s ex:p <http://example.org/a.b>"))
        #expect(try Query(parsing: text) == query)
    }

    @Test func longestNamespaceAbbreviatesFirst() throws {
        let serializer = SPARQLSerializer(prefixes: ["ex": "http://example.org/", "exa": "http://example.org/a/"])
        let query = try Query(parsing: "SELECT * { ?s <http://example.org/a/b> <http://example.org/c> }")
        let text = serializer.serialize(query)
        #expect(text.contains("?s exa:b ex:c"))
        #expect(try Query(parsing: text) == query)
    }

    @Test func serviceRequestProjectsUserVariablesOnly() {
        let pattern = Algebra.bgp([TriplePattern(Self.s, T.iri("p"), T.bn("b")), TriplePattern(T.bn("b"), T.iri("q"), Self.o)])
        let text = SPARQLSerializer().selectQuery(pattern)
        #expect(text == """
            SELECT ?s ?o
            WHERE {
              ?s <http://example.org/p> _:b .
              _:b <http://example.org/q> ?o
            }
            """)
    }

    @Test func aggregatesAreWrittenInPlace() throws {
        let query = try Query(parsing: """
            PREFIX : <http://example.org/>
            SELECT ?s (COUNT(DISTINCT *) AS ?c) (GROUP_CONCAT(?o; SEPARATOR="|") AS ?g) { ?s :p ?o }
            GROUP BY ?s (STR(?o) AS ?k) HAVING (AVG(?o) > 2 && ?s != :x) ORDER BY ?c LIMIT 3 VALUES ?s { :a }
            """)
        let text = SPARQLSerializer().serialize(query)
        #expect(text.contains("SELECT ?s (COUNT(DISTINCT *) AS ?c) (GROUP_CONCAT(?o; SEPARATOR=\"|\") AS ?g)"))
        #expect(text.contains("GROUP BY ?s (STR(?o) AS ?k)"))
        #expect(text.contains("HAVING (AVG(?o) > 2 && ?s != <http://example.org/x>)"))
        #expect(try Query(parsing: text) == query)
    }

    @Test func updateRoundTrip() throws {
        let update = try Update(parsing: """
            PREFIX : <http://example.org/>
            INSERT DATA { :s :p "o" GRAPH :g { :s :p _:b } } ;
            WITH :g DELETE { ?s :p ?o } INSERT { GRAPH :h { ?s :q [] } } USING :a USING NAMED :b WHERE { ?s :p ?o } ;
            DELETE WHERE { ?s :p ?o } ; LOAD SILENT <http://x> INTO GRAPH :g ; CLEAR NAMED ; COPY DEFAULT TO :g
            """, baseIRI: "http://base/")
        let text = SPARQLSerializer().serialize(update)
        #expect(try Update(parsing: text) == update, "\(text)")
    }
}
