import Testing
@testable import PtolemySPARQL

@Suite("IRI resolution (RFC 3986 section 5.4)")
struct IRIResolverTests {
    static let base = "http://a/b/c/d;p?q"

    /// RFC 3986 section 5.4.1 (normal examples) and 5.4.2 (abnormal examples).
    static let examples: [(String, String)] = [
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
    ]

    @Test(arguments: examples)
    func resolvesLikeRFC3986(reference: String, expected: String) {
        #expect(IRIResolver.resolve(reference, against: Self.base) == expected)
    }

    @Test func baseWithoutAuthorityOrPath() {
        #expect(IRIResolver.resolve("#o", against: "base:") == "base:#o")
        #expect(IRIResolver.resolve("s", against: "base:") == "base:s")
        #expect(IRIResolver.resolve("x", against: "http://example.org") == "http://example.org/x")
    }

    @Test func nonASCIIAndNoBase() {
        #expect(IRIResolver.resolve("é/ü", against: "http://example.org/a/b") == "http://example.org/a/é/ü")
        #expect(IRIResolver.resolve("relative", against: nil) == "relative")
        #expect(IRIResolver.isAbsolute("file:///tmp/x"))
        #expect(!IRIResolver.isAbsolute("a/b:c"))
    }
}
