/// The hash functions of https://www.w3.org/TR/sparql11-query/#func-hash: the digest of the
/// UTF-8 bytes of a simple literal or `xsd:string`, as a simple literal of lower-case hex.
enum HashFunctions {
    enum Algorithm { case md5, sha1, sha256, sha384, sha512 }

    static func hash(_ a: EvalValue, _ algorithm: Algorithm) throws(ExpressionError) -> EvalValue {
        let bytes = Array(try StringArgument.simple(a).utf8)
        let digest: [UInt8]
        switch algorithm {
        case .md5: digest = MD5.hash(bytes)
        case .sha1: digest = SHA1.hash(bytes)
        case .sha256: digest = SHA256.hash(bytes)
        case .sha384: digest = SHA512.hash384(bytes)
        case .sha512: digest = SHA512.hash512(bytes)
        }
        return .string(MerkleDamgard.hex(digest))
    }
}
