import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// https://www.w3.org/TR/sparql11-query/#func-rdfTerms
@Suite struct TermFunctionTests {
    let h = Harness(base: "http://example.org/")

    @Test func typeTests() throws {
        #expect(try h.term(call(.isIRI, iri("http://a"))) == trueTerm)
        #expect(try h.term(call(.isIRI, lit("http://a"))) == falseTerm)
        #expect(try h.term(call(.isBlank, v("b")), ["b": .blank("x")]) == trueTerm)
        #expect(try h.term(call(.isLiteral, lang("a", "en"))) == trueTerm)
        #expect(try h.isError(call(.isLiteral, v("unbound"))))
    }

    /// W3C functions/isnumeric01: only valid numerics are numeric.
    @Test func isNumeric() throws {
        #expect(try h.term(call(.isNumeric, int("12"))) == trueTerm)
        #expect(try h.term(call(.isNumeric, typed("1200", XSD.byte))) == falseTerm)
        #expect(try h.term(call(.isNumeric, typed("120", XSD.byte))) == trueTerm)
        #expect(try h.term(call(.isNumeric, lit("12"))) == falseTerm)
        #expect(try h.term(call(.isNumeric, dbl("INF"))) == trueTerm)
    }

    @Test func strLangDatatype() throws {
        #expect(try h.term(call(.str, iri("http://a/b"))) == .string("http://a/b"))
        #expect(try h.term(call(.str, int("01"))) == .string("01"))
        #expect(try h.term(call(.str, lang("chat", "fr"))) == .string("chat"))
        #expect(try h.isError(call(.str, v("b")), ["b": .blank("x")]))
        #expect(try h.term(call(.lang, lang("chat", "fr"))) == .string("fr"))
        #expect(try h.term(call(.lang, lit("chat"))) == .string(""))
        #expect(try h.isError(call(.lang, iri("http://a"))))
        #expect(try h.term(call(.datatype, int("1"))) == .iri(XSD.integer))
        #expect(try h.term(call(.datatype, lit("a"))) == .iri(XSD.string))
        #expect(try h.term(call(.datatype, lang("a", "en"))) == .iri(RDFVocabulary.langString))
    }

    /// W3C functions/iri01: IRI("iri") with BASE <http://example.org/>.
    @Test func iriResolvesAgainstTheBase() throws {
        #expect(try h.term(call(.iri, lit("iri"))) == .iri("http://example.org/iri"))
        #expect(try h.term(call(.iri, lit("http://other/x"))) == .iri("http://other/x"))
        #expect(try h.term(call(.iri, iri("http://same"))) == .iri("http://same"))
        #expect(try h.isError(call(.iri, lit("has space"))))
        #expect(try h.isError(call(.iri, int("1"))))
        #expect(try Harness(base: nil).isError(call(.iri, lit("relative"))))
    }

    @Test func strdtAndStrlang() throws {
        #expect(try h.term(call(.strDT, lit("123"), iri(XSD.integer))) == intTerm("123"))
        // RDF 1.1: "abc"^^xsd:string is a simple literal (strdt03-rdf11).
        #expect(try h.term(call(.strDT, typed("abc", XSD.string), iri(XSD.string))) == .string("abc"))
        #expect(try h.isError(call(.strDT, lang("bar", "en"), iri(XSD.string))))
        #expect(try h.isError(call(.strDT, int("1"), iri(XSD.string))))
        #expect(try h.term(call(.strLang, lit("bar"), lit("en-US"))) == .langString("bar", "en-US"))
        #expect(try h.isError(call(.strLang, lang("bar", "en"), lit("en-US"))))
        #expect(try h.isError(call(.strLang, lit("bar"), lit(""))))
        #expect(try h.isError(call(.strLang, lit("bar"), lit("not a tag"))))
    }

    /// W3C functions/bnode01, bnode02: the same label gives the same node within a
    /// solution and different nodes across solutions; BNODE() is always fresh.
    @Test func bnodes() throws {
        let s0 = h.solution([:], index: 0), s1 = h.solution([:], index: 1)
        let a = try h.evaluator.evaluate(call(.bnode, lit("foo")), s0).term
        let b = try h.evaluator.evaluate(call(.bnode, lit("foo")), s0).term
        let c = try h.evaluator.evaluate(call(.bnode, lit("foo")), s1).term
        #expect(a.isBlank && a == b && a != c)
        let fresh1 = try h.term(call(.bnode)), fresh2 = try h.term(call(.bnode))
        #expect(fresh1.isBlank && fresh1 != fresh2)
        #expect(try h.isError(call(.bnode, int("1"))))
    }

    /// W3C functions/uuid01, struuid01.
    @Test func uuids() throws {
        let u = try h.term(call(.uuid))
        let s = try #require(u.iriValue)
        #expect(s.hasPrefix("urn:uuid:") && s.count == 45)
        #expect(try h.term(call(.regex, call(.str, .term(u)), lit("^urn:uuid:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"), lit("i"))) == trueTerm)
        let t = try h.term(call(.strUUID))
        #expect(t.literalValue?.isSimple == true && t.literalValue?.lexicalForm.count == 36)
        #expect(try h.term(call(.uuid)) != u)
    }

    @Test func ifAndCoalesce() throws {
        // W3C functions/if02: an error in the condition is the result.
        #expect(try h.isError(call(.if, .divide(int("1"), int("0")), typed("false", XSD.boolean), typed("true", XSD.boolean))))
        #expect(try h.term(call(.if, lit("x"), int("1"), .divide(int("1"), int("0")))) == intTerm("1"))
        // W3C functions/coalesce01.
        #expect(try h.term(call(.coalesce, v("x"), int("-1"))) == intTerm("-1"))
        #expect(try h.term(call(.coalesce, .divide(v("o"), v("x")), int("-2")), ["o": intTerm("2"), "x": intTerm("0")]) == intTerm("-2"))
        #expect(try h.term(call(.coalesce, .divide(v("o"), v("x")), int("-2")), ["o": intTerm("2"), "x": intTerm("1")]) == decTerm("2.0"))
        #expect(try h.isError(call(.coalesce, v("z"))))
        #expect(try h.isError(call(.coalesce)))
    }

    @Test func wrongArityIsAnError() throws {
        #expect(try h.isError(.builtIn(.strlen, [])))
        #expect(try h.isError(.builtIn(.if, [lit("a")])))
    }
}
