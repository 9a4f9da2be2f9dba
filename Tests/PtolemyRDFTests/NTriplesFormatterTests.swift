import Testing
import PtolemyRDF

@Suite struct NTriplesFormatterTests {
    @Test func escapesLiteralsCanonically() {
        let quad = Quad(.iri("http://ex/s"), .iri("http://ex/p"), .string("a\"b\\c\nd\re\u{1}"))
        #expect(quad.description == #"<http://ex/s> <http://ex/p> "a\"b\\c\nd\re\u0001" ."#)
    }

    @Test func writesDatatypeAndLanguage() {
        #expect(Term.typed("1", XSD.integer).description == #""1"^^<http://www.w3.org/2001/XMLSchema#integer>"#)
        #expect(Term.langString("chat", "fr").description == #""chat"@fr"#)
        #expect(Term.string("x").description == #""x""#)
    }

    @Test func writesGraphName() {
        let quad = Quad(.blank("b0"), .iri("http://ex/p"), .iri("http://ex/o"), graph: .iri("http://ex/g"))
        #expect(quad.description == "_:b0 <http://ex/p> <http://ex/o> <http://ex/g> .")
    }

    @Test func escapesForbiddenIRICharacters() {
        #expect(Term.iri("http://ex/a b").description == #"<http://ex/a\u0020b>"#)
    }

    @Test func languageTagsCompareCaseInsensitively() {
        #expect(Term.langString("a", "en-US") == Term.langString("a", "en-us"))
        #expect(Set([Term.langString("a", "EN"), Term.langString("a", "en")]).count == 1)
        #expect(Term.string("a") == Term.typed("a", XSD.string))
    }
}
