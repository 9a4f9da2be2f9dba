/// IRI construction rules of RML-Core section 6.2 and R2RML section 7.3.
enum IRISafety {
    /// Percent-encodes a template value for an IRI (R2RML's "IRI-safe" version,
    /// https://www.w3.org/TR/r2rml/#dfn-iri-safe): everything but the IRI unreserved
    /// characters (`ALPHA DIGIT - . _ ~` and, for `.iri`, non-ASCII characters) becomes
    /// `%XX` of its UTF-8 bytes.
    static func encode(_ value: String, _ encoding: TermMap.IRIEncoding) -> String {
        switch encoding {
        case .unsafeIRI: return value
        case .unsafeURI:
            if value.utf8.allSatisfy({ $0 < 0x80 }) { return value }
            return percentEncode(value) { $0 < 0x80 }
        case .iri:
            if value.utf8.allSatisfy(isUnreserved) { return value }
            return percentEncode(value) { isUnreserved($0) || $0 >= 0x80 }
        case .uri:
            if value.utf8.allSatisfy(isUnreserved) { return value }
            return percentEncode(value, keep: isUnreserved)
        }
    }

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func percentEncode(_ value: String, keep: (UInt8) -> Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 8)
        appendPercentEncoded(value.utf8, keep: keep, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` to `out`, each byte that `keep` rejects as `%XX`.
    @inline(__always)
    static func appendPercentEncoded(_ bytes: some Sequence<UInt8>, keep: (UInt8) -> Bool, to out: inout [UInt8]) {
        for b in bytes {
            if keep(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigit(b >> 4))
                out.append(hexDigit(b & 0xF))
            }
        }
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x37 + v }

    /// Whether `iri` starts with a scheme (`[A-Za-z][A-Za-z0-9+.-]*:`), i.e. is absolute.
    static func hasScheme(_ iri: String) -> Bool { hasScheme(bytes: iri.utf8) }

    /// ``hasScheme(_:)`` over UTF-8 bytes.
    static func hasScheme(bytes iri: some Sequence<UInt8>) -> Bool {
        var first = true
        for b in iri {
            if first {
                guard (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") else { return false }
                first = false
                continue
            }
            if b == UInt8(ascii: ":") { return true }
            let ok = ((b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            if !ok { return false }
        }
        return false
    }

    /// Whether `iri` holds only characters an IRI may hold (RFC 3987: no space,
    /// control characters or `<>"{}|^\``). Structure beyond that is not checked.
    static func isValid(_ iri: String) -> Bool { !iri.utf8.contains(where: isExcluded) }

    /// Whether an IRI may not hold the byte (the same bytes N-Triples would escape in one).
    @inline(__always)
    static func isExcluded(_ b: UInt8) -> Bool {
        switch b {
        case 0x00...0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"),
             UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "\\"):
            return true
        default:
            return false
        }
    }
}
