import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// https://www.w3.org/TR/sparql11-query/#func-strings, with the W3C tests of sparql11/functions.
@Suite struct StringFunctionTests {
    let h = Harness()

    /// length01, length01-non-bmp: code points, not grapheme clusters or UTF-16 units.
    @Test func strlenCountsCodePoints() throws {
        #expect(try h.term(call(.strlen, lit("食べ物"))) == intTerm("3"))
        #expect(try h.term(call(.strlen, lang("bar", "en"))) == intTerm("3"))
        #expect(try h.term(call(.strlen, lit("\u{1D400}\u{1D401}"))) == intTerm("2"))
        #expect(try h.term(call(.strlen, lit("e\u{301}"))) == intTerm("2"))
        #expect(try h.isError(call(.strlen, int("1"))))
    }

    /// substring01, substring02 and the XPath fn:substring examples.
    @Test func substr() throws {
        #expect(try h.term(call(.substr, lang("bar", "en"), int("1"), int("1"))) == .langString("b", "en"))
        #expect(try h.term(call(.substr, lit("食べ物"), int("2"))) == .string("べ物"))
        #expect(try h.term(call(.substr, typed("DEF", XSD.string), int("2"))) == .string("EF"))
        #expect(try h.term(call(.substr, lit("motor car"), int("6"))) == .string(" car"))
        #expect(try h.term(call(.substr, lit("metadata"), int("4"), int("3"))) == .string("ada"))
        #expect(try h.term(call(.substr, lit("12345"), dec("1.5"), dec("2.6"))) == .string("234"))
        #expect(try h.term(call(.substr, lit("12345"), int("0"), int("3"))) == .string("12"))
        #expect(try h.term(call(.substr, lit("12345"), int("5"), int("-3"))) == .string(""))
        #expect(try h.term(call(.substr, lit("12345"), int("-3"), int("5"))) == .string("1"))
        #expect(try h.term(call(.substr, lit("12345"), dbl("-INF"), dbl("INF"))) == .string(""))
        #expect(try h.term(call(.substr, lit("\u{1D400}\u{1D401}\u{1D402}"), int("2"), int("1"))) == .string("\u{1D401}"))
        #expect(try h.isError(call(.substr, lit("abc"), lit("1"))))
    }

    @Test func caseMapping() throws {
        #expect(try h.term(call(.ucase, lang("bar", "en"))) == .langString("BAR", "en"))
        #expect(try h.term(call(.lcase, lit("BAZ"))) == .string("baz"))
        #expect(try h.term(call(.ucase, lit("straße"))) == .string("STRASSE"))
        #expect(try h.term(call(.lcase, typed("DEF", XSD.string))) == .string("def"))
    }

    @Test func startsEndsContains() throws {
        #expect(try h.term(call(.strStarts, lit("foobar"), lit("foo"))) == trueTerm)
        #expect(try h.term(call(.strEnds, lang("foobar", "en"), lit("bar"))) == trueTerm)
        #expect(try h.term(call(.contains, lang("bar", "en"), lang("a", "en"))) == trueTerm)
        #expect(try h.term(call(.contains, lit("abc"), lit(""))) == trueTerm)
        // Code point matching: a combining accent is found on its own.
        #expect(try h.term(call(.contains, lit("e\u{301}"), lit("\u{301}"))) == trueTerm)
        #expect(try h.term(call(.strStarts, lit("e\u{301}"), lit("e"))) == trueTerm)
        // Argument compatibility.
        #expect(try h.isError(call(.strStarts, lit("abc"), lang("a", "en"))))
        #expect(try h.isError(call(.contains, lang("abc", "en"), lang("a", "fr"))))
        #expect(try h.isError(call(.strEnds, int("12"), lit("2"))))
    }

    /// strbefore02, strafter02.
    @Test func strbeforeAndStrafter() throws {
        let en = lang("abc", "en")
        #expect(try h.term(call(.strBefore, lit("abc"), lit("b"))) == .string("a"))
        #expect(try h.term(call(.strBefore, en, lit("bc"))) == .langString("a", "en"))
        #expect(try h.isError(call(.strBefore, en, lang("b", "cy"))))
        #expect(try h.term(call(.strBefore, en, lit(""))) == .langString("", "en"))
        #expect(try h.term(call(.strBefore, en, lang("", "en"))) == .langString("", "en"))
        #expect(try h.term(call(.strBefore, en, typed("xyz", XSD.string))) == .string(""))
        #expect(try h.term(call(.strAfter, en, lit("b"))) == .langString("c", "en"))
        #expect(try h.term(call(.strAfter, en, lit(""))) == .langString("abc", "en"))
        #expect(try h.term(call(.strAfter, lit("abc"), lit("ab"))) == .string("c"))
        #expect(try h.term(call(.strAfter, en, typed("xyz", XSD.string))) == .string(""))
        #expect(try h.isError(call(.strAfter, lit("abc"), lang("b", "cy"))))
    }

    /// encode01.
    @Test func encodeForURI() throws {
        #expect(try h.term(call(.encodeForURI, lit("食べ物"))) == .string("%E9%A3%9F%E3%81%B9%E7%89%A9"))
        #expect(try h.term(call(.encodeForURI, lit("100%"))) == .string("100%25"))
        #expect(try h.term(call(.encodeForURI, lang("bar", "en"))) == .string("bar"))
        #expect(try h.term(call(.encodeForURI, lit("Los Angeles~_-."))) == .string("Los%20Angeles~_-."))
    }

    /// concat01, concat02, concat-empty, concat-single.
    @Test func concat() throws {
        #expect(try h.term(call(.concat, typed("abc", XSD.string), typed("DEF", XSD.string))) == .string("abcDEF"))
        #expect(try h.term(call(.concat, lang("english", "en"), lang("english", "en"))) == .langString("englishenglish", "en"))
        #expect(try h.term(call(.concat, lang("a", "en"), lang("b", "fr"))) == .string("ab"))
        #expect(try h.term(call(.concat, lang("a", "en"), lit("b"))) == .string("ab"))
        #expect(try h.term(call(.concat)) == .string(""))
        #expect(try h.term(call(.concat, lang("a", "ja"))) == .langString("a", "ja"))
        #expect(try h.isError(call(.concat, lit("a"), int("7"))))
    }

    /// RFC 4647 basic filtering, and sparql10/expr-builtin langMatches tests.
    @Test func langMatches() throws {
        #expect(try h.term(call(.langMatches, lit("en-US"), lit("en"))) == trueTerm)
        #expect(try h.term(call(.langMatches, lit("EN"), lit("en"))) == trueTerm)
        #expect(try h.term(call(.langMatches, lit("en"), lit("en-US"))) == falseTerm)
        #expect(try h.term(call(.langMatches, lit("english"), lit("en"))) == falseTerm)
        #expect(try h.term(call(.langMatches, lit("fr"), lit("*"))) == trueTerm)
        #expect(try h.term(call(.langMatches, lit(""), lit("*"))) == falseTerm)
        #expect(try h.term(call(.langMatches, call(.lang, lang("x", "de-DE")), lit("de-de"))) == trueTerm)
    }
}
