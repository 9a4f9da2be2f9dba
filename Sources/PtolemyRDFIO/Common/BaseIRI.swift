#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An absolute IRI against which relative references are resolved, per
/// [RFC 3986 section 5.2](https://www.rfc-editor.org/rfc/rfc3986#section-5.2)
/// (strict resolution, with dot-segment removal).
///
/// Turtle, TriG and RDF/XML resolve every relative IRI against the document's base
/// (https://www.w3.org/TR/turtle/#sec-iri-references). The base is split into its
/// components once, so resolving a reference only scans the reference.
public struct BaseIRI: Hashable, Sendable {
    /// The base IRI as given.
    public let iri: String

    // Components as UTF-8, split per RFC 3986 Appendix B. `authority` and `query`
    // distinguish "absent" (nil) from "empty".
    private let scheme: [UInt8]
    private let authority: [UInt8]?
    private let path: [UInt8]
    private let query: [UInt8]?

    /// Splits an absolute IRI into components.
    /// - Returns: `nil` when `iri` has no scheme (a relative reference cannot be a base).
    public init?(_ iri: String) {
        let parts = IRIComponents(Array(iri.utf8))
        guard let scheme = parts.scheme else { return nil }
        self.iri = iri
        self.scheme = scheme
        self.authority = parts.authority
        self.path = parts.path
        self.query = parts.query
    }

    /// Whether `reference` starts with a scheme (`[A-Za-z][A-Za-z0-9+.-]*:`), that is,
    /// whether it is an absolute IRI rather than a relative reference.
    public static func hasScheme(_ reference: String) -> Bool {
        var utf8 = reference.utf8.makeIterator()
        return IRIComponents.schemeLength(of: &utf8) != nil
    }

    /// Resolves `reference` against this base (RFC 3986 section 5.2.2, strict).
    public func resolve(_ reference: String) -> String {
        // The common case in data: an absolute IRI without "." or ".." segments resolves to
        // itself. Decided on the UTF-8 view, without splitting the reference.
        if IRIComponents.isAbsoluteWithoutDotSegments(reference) { return reference }
        let ref = IRIComponents(Array(reference.utf8))
        var out: [UInt8] = []
        out.reserveCapacity(iri.utf8.count + reference.utf8.count)

        func appendAuthority(_ authority: [UInt8]?) {
            if let authority {
                out.append(UInt8(ascii: "/"))
                out.append(UInt8(ascii: "/"))
                out.append(contentsOf: authority)
            }
        }

        if let refScheme = ref.scheme {
            if !ref.hasDotSegments {
                return reference // already absolute and normal: the common case, no copy
            }
            out.append(contentsOf: refScheme)
            out.append(UInt8(ascii: ":"))
            appendAuthority(ref.authority)
            out.append(contentsOf: IRIComponents.removeDotSegments(ref.path))
            if let q = ref.query { out.append(UInt8(ascii: "?")); out.append(contentsOf: q) }
        } else {
            out.append(contentsOf: scheme)
            out.append(UInt8(ascii: ":"))
            if ref.authority != nil {
                appendAuthority(ref.authority)
                out.append(contentsOf: IRIComponents.removeDotSegments(ref.path))
                if let q = ref.query { out.append(UInt8(ascii: "?")); out.append(contentsOf: q) }
            } else {
                appendAuthority(authority)
                if ref.path.isEmpty {
                    out.append(contentsOf: path)
                    if let q = ref.query ?? query { out.append(UInt8(ascii: "?")); out.append(contentsOf: q) }
                } else {
                    if ref.path.first == UInt8(ascii: "/") {
                        out.append(contentsOf: IRIComponents.removeDotSegments(ref.path))
                    } else {
                        out.append(contentsOf: IRIComponents.removeDotSegments(merge(ref.path)))
                    }
                    if let q = ref.query { out.append(UInt8(ascii: "?")); out.append(contentsOf: q) }
                }
            }
        }
        if let f = ref.fragment { out.append(UInt8(ascii: "#")); out.append(contentsOf: f) }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3986 section 5.2.3: the base path up to its last "/", then the reference path.
    private func merge(_ refPath: [UInt8]) -> [UInt8] {
        if authority != nil && path.isEmpty {
            return [UInt8(ascii: "/")] + refPath
        }
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return refPath }
        return Array(path[...slash]) + refPath
    }
}

/// The five components of an IRI reference (RFC 3986 Appendix B), as UTF-8.
struct IRIComponents {
    var scheme: [UInt8]?
    var authority: [UInt8]?
    var path: [UInt8]
    var query: [UInt8]?
    var fragment: [UInt8]?

    init(_ bytes: [UInt8]) {
        var i = 0
        var iterator = bytes.makeIterator()
        if let n = IRIComponents.schemeLength(of: &iterator) {
            scheme = Array(bytes[0..<n])
            i = n + 1
        }
        let slash = UInt8(ascii: "/"), question = UInt8(ascii: "?"), hash = UInt8(ascii: "#")
        if i + 1 < bytes.count, bytes[i] == slash, bytes[i + 1] == slash {
            var j = i + 2
            while j < bytes.count, bytes[j] != slash, bytes[j] != question, bytes[j] != hash { j += 1 }
            authority = Array(bytes[(i + 2)..<j])
            i = j
        }
        var j = i
        while j < bytes.count, bytes[j] != question, bytes[j] != hash { j += 1 }
        path = Array(bytes[i..<j])
        i = j
        if i < bytes.count, bytes[i] == question {
            j = i + 1
            while j < bytes.count, bytes[j] != hash { j += 1 }
            query = Array(bytes[(i + 1)..<j])
            i = j
        }
        if i < bytes.count, bytes[i] == hash {
            fragment = Array(bytes[(i + 1)...])
        }
    }

    /// The length of a leading scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`)
    /// followed by ':', or nil.
    static func schemeLength<I: IteratorProtocol<UInt8>>(of bytes: inout I) -> Int? {
        guard let first = bytes.next(), isASCIIAlpha(first) else { return nil }
        var n = 1
        while let b = bytes.next() {
            if b == UInt8(ascii: ":") { return n }
            guard isASCIIAlpha(b) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "+")
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") else { return nil }
            n += 1
        }
        return nil
    }

    /// Whether `iri` has a scheme and no "." or ".." segment: a quick, allocation-free test
    /// that may say no to some IRIs that are in fact normal (it only looks for "/." and ":."
    /// before any '?' or '#'). It jumps from dot to dot with `memchr`.
    static func isAbsoluteWithoutDotSegments(_ iri: String) -> Bool {
        var iri = iri
        return iri.withUTF8 { bytes in
            var iterator = bytes.makeIterator()
            guard let schemeLength = schemeLength(of: &iterator), let base = bytes.baseAddress else { return false }
            var i = schemeLength + 1
            while i < bytes.count {
                guard let found = memchr(base + i, Int32(UInt8(ascii: ".")), bytes.count - i) else { return true }
                let dot = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                let before = base[dot - 1]
                if before == UInt8(ascii: "/") || before == UInt8(ascii: ":") {
                    // A dot segment unless the dot sits in the query or fragment.
                    return UnsafeBufferPointer(rebasing: bytes[0..<dot]).contains { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
                }
                i = dot + 1
            }
            return true
        }
    }

    @inline(__always)
    static func isASCIIAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// Whether the path has a "." or ".." segment, which ``removeDotSegments(_:)`` would change.
    var hasDotSegments: Bool {
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        var segmentStart = 0
        for i in 0...path.count {
            if i == path.count || path[i] == slash {
                let length = i - segmentStart
                if length == 1 && path[segmentStart] == dot { return true }
                if length == 2 && path[segmentStart] == dot && path[segmentStart + 1] == dot { return true }
                segmentStart = i + 1
            }
        }
        return false
    }

    /// RFC 3986 section 5.2.4, "Remove Dot Segments".
    static func removeDotSegments(_ input: [UInt8]) -> [UInt8] {
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var i = 0
        let n = input.count

        func at(_ k: Int) -> UInt8? { k < n ? input[k] : nil }
        func removeLastSegment() {
            if let last = output.lastIndex(of: slash) {
                output.removeSubrange(last...)
            } else {
                output.removeAll(keepingCapacity: true)
            }
        }

        while i < n {
            // A: "../" or "./" prefix
            if at(i) == dot, at(i + 1) == dot, at(i + 2) == slash { i += 3; continue }
            if at(i) == dot, at(i + 1) == slash { i += 2; continue }
            // B: "/./" or "/." at the end
            if at(i) == slash, at(i + 1) == dot, at(i + 2) == slash { i += 2; continue }
            if at(i) == slash, at(i + 1) == dot, i + 2 == n {
                output.append(slash)
                i = n
                continue
            }
            // C: "/../" or "/.." at the end
            if at(i) == slash, at(i + 1) == dot, at(i + 2) == dot, at(i + 3) == slash {
                removeLastSegment()
                i += 3
                continue
            }
            if at(i) == slash, at(i + 1) == dot, at(i + 2) == dot, i + 3 == n {
                removeLastSegment()
                output.append(slash)
                i = n
                continue
            }
            // D: "." or ".." alone
            if at(i) == dot, i + 1 == n { i = n; continue }
            if at(i) == dot, at(i + 1) == dot, i + 2 == n { i = n; continue }
            // E: move the first segment (with its leading "/") to the output
            var j = i
            if input[j] == slash { j += 1 }
            while j < n, input[j] != slash { j += 1 }
            output.append(contentsOf: input[i..<j])
            i = j
        }
        return output
    }
}
