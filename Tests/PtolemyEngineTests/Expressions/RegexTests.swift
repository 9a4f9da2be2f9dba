import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// REGEX and REPLACE with XPath regular expressions and flags,
/// https://www.w3.org/TR/xpath-functions-31/#regex-syntax
@Suite struct RegexTests {
    let h = Harness()

    func matches(_ text: String, _ pattern: String, _ flags: String = "") throws -> Bool {
        try h.term(call(.regex, lit(text), lit(pattern), lit(flags))) == trueTerm
    }

    @Test func basicMatching() throws {
        #expect(try matches("abracadabra", "bra"))
        #expect(try matches("abracadabra", "^a.*a$"))
        #expect(try !matches("abracadabra", "^bra"))
        #expect(try matches("Mary", "^mar", "i"))
        #expect(try h.term(call(.regex, lang("chat", "fr"), lit("^ch"))) == trueTerm)
        #expect(try h.isError(call(.regex, int("1"), lit("1"))))
        #expect(try h.isError(call(.regex, lit("a"), lang("a", "en"))))
    }

    /// XPath `$` without `m` is the end of the string only; `.` excludes \n and \r.
    @Test func anchorsAndDotFollowXPath() throws {
        #expect(try !matches("abc\n", "abc$"))
        #expect(try matches("abc\ndef", "abc$", "m"))
        #expect(try matches("abc\ndef", "^def", "m"))
        #expect(try !matches("a\nb", "a.b"))
        #expect(try !matches("a\rb", "a.b"))
        #expect(try matches("a\nb", "a.b", "s"))
        #expect(try matches("a\u{2028}b", "a.b"))
    }

    @Test func xpathCharacterClasses() throws {
        #expect(try matches("a b", "a\\sb"))
        #expect(try !matches("a\u{A0}b", "a\\sb"))
        #expect(try matches("x٣", "x\\d"))
        // XPath's \w excludes all punctuation, the connector "_" too.
        #expect(try matches("é", "^\\w$"))
        #expect(try !matches("_", "\\w"))
        #expect(try !matches("-", "\\w"))
        #expect(try matches("Ω", "\\p{IsGreekandCoptic}"))
        #expect(try matches("ǅ", "^\\p{Lt}$"))
        #expect(try matches("b", "^[a-z-[aeiou]]$"))
        #expect(try !matches("e", "^[a-z-[aeiou]]$"))
        #expect(try matches("-", "^[a-]$"))
        #expect(try matches("$", "^\\$$"))
        #expect(try matches("&", "^[&]$"))
    }

    @Test func flagsXAndQ() throws {
        #expect(try matches("helloworld", "hello world", "x"))
        #expect(try matches("a b", "a[ ]b", "x"))
        #expect(try matches("a.b*c", "a.b*c", "q"))
        #expect(try !matches("axbbc", "a.b*c", "q"))
        #expect(try h.isError(call(.regex, lit("a"), lit("a"), lit("g"))))
    }

    @Test(arguments: ["(?=a)", "\\b", "a**", "[a", "(a", "a)", "\\x41", "{1}", "[z-a]"])
    func invalidPatternsAreErrors(pattern: String) throws {
        #expect(try h.isError(call(.regex, lit("a"), lit(pattern))))
    }

    @Test func reluctantQuantifiersBackReferencesAndGroups() throws {
        #expect(try matches("abab", "^(ab)\\1$"))
        #expect(try matches("aaa", "^(?:a){3}$"))
        #expect(try h.term(call(.replace, lit("aaa"), lit("a+?"), lit("b"))) == .string("bbb"))
    }

    /// replace01, replace02, replace03, replace-case-insensitive.
    @Test func replace() throws {
        #expect(try h.term(call(.replace, lang("english", "en"), lit("[^a-z0-9]"), lit("-"))) == .langString("english", "en"))
        #expect(try h.term(call(.replace, lang("français", "fr"), lit("[^a-z0-9]"), lit("-"))) == .langString("fran-ais", "fr"))
        #expect(try h.term(call(.replace, lit("banana"), lit("ana"), lit("*"))) == .string("b*na"))
        #expect(try h.term(call(.replace, lit("abcd"), lit("(ab)|(a)"), lit("[1=$1][2=$2]"))) == .string("[1=ab][2=]cd"))
        #expect(try h.term(call(.replace, lit("aAbBaC"), lit("a"), lit("~/"), lit("i"))) == .string("~/~/bB~/C"))
        #expect(try h.term(call(.replace, lit("abracadabra"), lit("a(.)"), lit("a$1$1"))) == .string("abbraccaddabbra"))
        #expect(try h.term(call(.replace, lit("darted"), lit("^(.*?)d(.*)$"), lit("$1c$2"))) == .string("carted"))
        #expect(try h.term(call(.replace, lit("a.b"), lit("."), lit("$0"), lit("q"))) == .string("a$0b"))
        #expect(try h.term(call(.replace, lit("ab"), lit("(a)"), lit("\\$1\\\\"))) == .string("$1\\b"))
        #expect(try h.term(call(.replace, lit("ab"), lit("(a)"), lit("$10"))) == .string("a0b"))
    }

    @Test func replaceErrors() throws {
        #expect(try h.isError(call(.replace, lit("abc"), lit("x*"), lit("-"))))
        #expect(try h.isError(call(.replace, lit("abc"), lit("b"), lit("$"))))
        #expect(try h.isError(call(.replace, lit("abc"), lit("b"), lit("\\x"))))
    }

    @Test func compiledPatternsAreCached() throws {
        let cache = RegexCache()
        let a = try cache.regex("a+", flags: "i")
        #expect(try cache.regex("a+", flags: "i") === a)
        #expect(try cache.regex("a+", flags: "") !== a)
        #expect(try cache.regex(String("a+".reversed().reversed()), flags: "i") === a)
    }
}
