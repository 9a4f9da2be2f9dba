import PtolemyRDF
import PtolemySPARQL
import Testing

/// Property paths: 18.2.2.3 (path expressions) and 18.2.2.4 (path patterns).
@Suite("Property path translation")
struct PropertyPathTranslationTests {
    static let p = T.ex + "p"
    static let q = T.ex + "q"
    static let r = T.ex + "r"

    @Test func singleIRIAndInverseIRIAreTriples() throws {
        #expect(try T.pattern("?s :p ?o") == T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))))
        #expect(try T.pattern("?s ^:p ?o") == T.bgp(T.triple(T.v("o"), T.iri("p"), T.v("s"))))
        #expect(try T.pattern("?s (:p) ?o") == T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))))
    }

    @Test func sequencesGoThroughFreshBlankNodeVariables() throws {
        let pattern = try T.pattern("?s :p/^:q/:r ?o")
        guard case .bgp(let triples) = pattern, triples.count == 3,
              case .variable(let first) = triples[0].object, case .variable(let second) = triples[1].subject else {
            Issue.record("unexpected \(pattern)")
            return
        }
        #expect(first.kind == .blankNode && second.kind == .blankNode && first != second)
        #expect(triples[0] == T.triple(T.v("s"), T.iri("p"), .variable(first)))
        #expect(triples[1] == T.triple(.variable(second), T.iri("q"), .variable(first)))
        #expect(triples[2] == T.triple(.variable(second), T.iri("r"), T.v("o")))
        #expect(!pattern.projectableVariables.contains(first))
    }

    @Test func otherPathsArePathNodesBetweenBGPs() throws {
        let pattern = try T.pattern("?a :p ?b . ?b :q* ?c . ?c :r ?d")
        #expect(pattern == .join(.join(T.bgp(T.triple(T.v("a"), T.iri("p"), T.v("b"))),
                                       .path(subject: T.v("b"), path: .zeroOrMore(.link(Self.q)), object: T.v("c"))),
                                 T.bgp(T.triple(T.v("c"), T.iri("r"), T.v("d")))))
    }

    func path(_ text: String) throws -> PropertyPath? {
        if case .path(_, let path, _) = try T.pattern("?s \(text) ?o") { return path }
        return nil
    }

    @Test func operatorsAndPrecedence() throws {
        #expect(try path(":p|:q/:r") == .alternative(.link(Self.p), .sequence(.link(Self.q), .link(Self.r))))
        #expect(try path("(:p|:q)+") == .oneOrMore(.alternative(.link(Self.p), .link(Self.q))))
        #expect(try path("^:p*") == .inverse(.zeroOrMore(.link(Self.p))))
        #expect(try path(":p?") == .zeroOrOne(.link(Self.p)))
        #expect(try path("^(:p/:q)") == .inverse(.sequence(.link(Self.p), .link(Self.q))))
        #expect(try path("(:p/:q)*") == .zeroOrMore(.sequence(.link(Self.p), .link(Self.q))))
        #expect(try path("a+") == .oneOrMore(.link(RDFVocabulary.type)))
    }

    @Test func negatedPropertySets() throws {
        #expect(try path("!:p") == .negatedPropertySet([Self.p]))
        #expect(try path("!a") == .negatedPropertySet([RDFVocabulary.type]))
        #expect(try path("!(:p|:q)") == .negatedPropertySet([Self.p, Self.q]))
        #expect(try path("!^:p") == .inverse(.negatedPropertySet([Self.p])))
        #expect(try path("!(^:p|^:q)") == .inverse(.negatedPropertySet([Self.p, Self.q])))
        #expect(try path("!(:p|^:q|:r)") == .alternative(.negatedPropertySet([Self.p, Self.r]), .inverse(.negatedPropertySet([Self.q]))))
        #expect(try path("!()") == .negatedPropertySet([]))
    }

    @Test func pathsInsideBlankNodePropertyListsAndCollections() throws {
        let pattern = try T.pattern("[ :p|:q ?x ] :r ( [ ^:p ?y ] )")
        guard case .join(.path(let subject, let alternative, let x), .bgp(let triples)) = pattern, triples.count == 4 else {
            Issue.record("unexpected \(pattern)")
            return
        }
        #expect(alternative == .alternative(.link(Self.p), .link(Self.q)))
        #expect(x == T.v("x"))
        let inner = triples[0].object
        let list = triples[1].subject
        #expect(triples[0] == T.triple(T.v("y"), T.iri("p"), inner))
        #expect(triples[1] == T.triple(list, .iri(RDFVocabulary.first), inner))
        #expect(triples[2] == T.triple(list, .iri(RDFVocabulary.rest), .iri(RDFVocabulary.nil)))
        #expect(triples[3] == T.triple(subject, T.iri("r"), list))
    }

    @Test func variablePredicateIsNotAPath() throws {
        #expect(try T.pattern("?s ?p ?o") == T.bgp(T.triple(T.v("s"), T.v("p"), T.v("o"))))
    }
}
