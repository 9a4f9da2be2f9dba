import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// https://www.w3.org/TR/sparql11-query/#func-hash, with W3C md5-01/02, sha1-01/02, ... and
/// the FIPS 180 / RFC 1321 test vectors.
@Suite struct HashFunctionTests {
    let h = Harness()

    @Test(arguments: [
        (BuiltInFunction.md5, "foo", "acbd18db4cc2f85cedef654fccc4a4d8"),
        (.md5, "食べ物", "e7ada485d13b1decf628c9211bc3a97b"),
        (.md5, "", "d41d8cd98f00b204e9800998ecf8427e"),
        (.sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha1, "foo", "0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33"),
        (.sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (.sha384, "abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (.sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ])
    func digests(function: BuiltInFunction, input: String, hex: String) throws {
        #expect(try h.term(call(function, lit(input))) == .string(hex))
    }

    /// Inputs longer than one block, and exactly at the padding boundaries.
    @Test func multiBlockMessages() throws {
        let a = String(repeating: "a", count: 1_000)
        #expect(try h.term(call(.sha256, lit(a))) == .string("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"))
        let q = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(try h.term(call(.sha1, lit(q))) == .string("84983e441c3bd26ebaae4aa1f95129e5e54670f1"))
        #expect(try h.term(call(.md5, lit(String(repeating: "x", count: 55)))) == .string("04364420e25c512fd958a70738aa8f72"))
    }

    @Test func onlySimpleLiterals() throws {
        #expect(try h.term(call(.md5, typed("foo", XSD.string))) == .string("acbd18db4cc2f85cedef654fccc4a4d8"))
        #expect(try h.isError(call(.md5, lang("foo", "en"))))
        #expect(try h.isError(call(.sha1, int("1"))))
    }
}
