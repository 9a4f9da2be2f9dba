import Testing
@testable import PtolemyRDFIO

@Suite struct BaseIRITests {
    // RFC 3986 section 5.4.1 (normal) and 5.4.2 (abnormal) examples, strict resolution.
    @Test(arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
        ("..g", "http://a/b/c/..g"), ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"),
        ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"), ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
        ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"), ("g?y/../x", "http://a/b/c/g?y/../x"),
        ("g#s/./x", "http://a/b/c/g#s/./x"), ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", "http:g"),
    ])
    func resolvesTheRFCExamples(reference: String, expected: String) throws {
        let base = try #require(BaseIRI("http://a/b/c/d;p?q"))
        #expect(base.resolve(reference) == expected)
    }

    @Test func resolvesAgainstBasesWithoutPathOrAuthority() throws {
        #expect(BaseIRI("http://example.org")?.resolve("x") == "http://example.org/x")
        #expect(BaseIRI("urn:ex:a")?.resolve("#f") == "urn:ex:a#f")
        #expect(BaseIRI("urn:ex:a")?.resolve("b") == "urn:b")
        #expect(BaseIRI("http://ex/a/b")?.resolve("http://other/x/../y") == "http://other/y")
    }

    @Test func refusesRelativeBases() {
        #expect(BaseIRI("relative/path") == nil)
        #expect(BaseIRI("1http://x") == nil)
        #expect(BaseIRI.hasScheme("mailto:x"))
        #expect(!BaseIRI.hasScheme("./a:b"))
    }
}
