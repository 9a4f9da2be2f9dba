/// Resolution of IRI references against a base IRI, as in RFC 3986 section 5.2
/// (https://www.rfc-editor.org/rfc/rfc3986#section-5.2), which SPARQL prescribes
/// for relative IRIs (https://www.w3.org/TR/sparql11-query/#relIRIs).
///
/// Works on the UTF-8 bytes: every delimiter is ASCII, so IRIs with non-ASCII
/// characters resolve the same way as URIs do.
public enum IRIResolver {
    /// The components of an IRI reference (RFC 3986 appendix B).
    struct Components {
        var scheme: ArraySlice<UInt8>?
        var authority: ArraySlice<UInt8>?
        var path: ArraySlice<UInt8>
        var query: ArraySlice<UInt8>?
        var fragment: ArraySlice<UInt8>?

        init(_ bytes: [UInt8]) {
            var index = bytes.startIndex
            let end = bytes.endIndex
            scheme = nil
            // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
            if index < end, CharacterClasses.isASCIILetter(UInt32(bytes[index])) {
                var offset = index + 1
                while offset < end {
                    let b = UInt32(bytes[offset])
                    guard CharacterClasses.isASCIILetter(b) || CharacterClasses.isDigit(b)
                            || b == 0x2B || b == 0x2D || b == 0x2E else { break }
                    offset += 1
                }
                if offset < end && bytes[offset] == UInt8(ascii: ":") {
                    scheme = bytes[index..<offset]
                    index = offset + 1
                }
            }
            authority = nil
            if index + 1 < end && bytes[index] == UInt8(ascii: "/") && bytes[index + 1] == UInt8(ascii: "/") {
                var offset = index + 2
                while offset < end, !Components.endsAuthority(bytes[offset]) { offset += 1 }
                authority = bytes[(index + 2)..<offset]
                index = offset
            }
            var pathEnd = index
            while pathEnd < end && bytes[pathEnd] != UInt8(ascii: "?") && bytes[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
            path = bytes[index..<pathEnd]
            index = pathEnd
            query = nil
            if index < end && bytes[index] == UInt8(ascii: "?") {
                var offset = index + 1
                while offset < end && bytes[offset] != UInt8(ascii: "#") { offset += 1 }
                query = bytes[(index + 1)..<offset]
                index = offset
            }
            fragment = nil
            if index < end && bytes[index] == UInt8(ascii: "#") {
                fragment = bytes[(index + 1)..<end]
            }
        }

        private static func endsAuthority(_ b: UInt8) -> Bool {
            b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#")
        }
    }

    /// Whether `iri` has a scheme, i.e. is an absolute IRI (possibly with a fragment).
    public static func isAbsolute(_ iri: String) -> Bool {
        Components(Array(iri.utf8)).scheme != nil
    }

    /// Resolves `reference` against `base` (RFC 3986 section 5.2.2, strict).
    /// Without a base, or when the base has no scheme, the reference is returned unchanged.
    public static func resolve(_ reference: String, against base: String?) -> String {
        // Fast path, without copying: an absolute IRI without dots has no dot segments.
        if hasSchemeAndNoDot(reference) { return reference }
        let referenceBytes = Array(reference.utf8)
        let r = Components(referenceBytes)
        if r.scheme != nil {
            // Fast path: absolute IRIs without dot segments are already resolved.
            if !r.path.contains(UInt8(ascii: ".")) { return reference }
            var target = r
            target.path = removeDotSegments(r.path)[...]
            return recompose(target)
        }
        guard let base else { return reference }
        let b = Components(Array(base.utf8))
        guard b.scheme != nil else { return reference }
        var target = Components([])
        if r.authority != nil {
            target.authority = r.authority
            target.path = removeDotSegments(r.path)[...]
            target.query = r.query
        } else {
            if r.path.isEmpty {
                target.path = b.path
                target.query = r.query ?? b.query
            } else {
                if r.path.first == UInt8(ascii: "/") {
                    target.path = removeDotSegments(r.path)[...]
                } else {
                    target.path = removeDotSegments(merge(base: b, path: r.path))[...]
                }
                target.query = r.query
            }
            target.authority = b.authority
        }
        target.scheme = b.scheme
        target.fragment = r.fragment
        return recompose(target)
    }

    /// Whether `iri` starts with a scheme and contains no `.` at all.
    static func hasSchemeAndNoDot(_ iri: String) -> Bool {
        var sawScheme = false
        var inScheme = true
        for (index, byte) in iri.utf8.enumerated() {
            if byte == UInt8(ascii: ".") { return false }
            guard inScheme else { continue }
            let c = UInt32(byte)
            if byte == UInt8(ascii: ":") {
                sawScheme = index > 0
                inScheme = false
            } else if !(CharacterClasses.isASCIILetter(c) || (index > 0 && (CharacterClasses.isDigit(c) || c == 0x2B || c == 0x2D))) {
                return false
            }
        }
        return sawScheme
    }

    /// RFC 3986 section 5.2.3.
    private static func merge(base: Components, path: ArraySlice<UInt8>) -> [UInt8] {
        if base.authority != nil && base.path.isEmpty {
            return [UInt8(ascii: "/")] + path
        }
        guard let slash = base.path.lastIndex(of: UInt8(ascii: "/")) else { return Array(path) }
        return Array(base.path[...slash]) + path
    }

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments<C: Collection>(_ path: C) -> [UInt8] where C.Element == UInt8 {
        var input = Array(path)
        var output: [UInt8] = []
        var index = 0
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let count = prefix.utf8CodeUnitCount
            guard input.count - index >= count else { return false }
            for k in 0..<count where input[index + k] != prefix.utf8Start[k] { return false }
            return true
        }
        func removeLastSegment() {
            if let slash = output.lastIndex(of: UInt8(ascii: "/")) {
                output.removeSubrange(slash...)
            } else {
                output.removeAll()
            }
        }
        while index < input.count {
            if hasPrefix("../") {
                index += 3
            } else if hasPrefix("./") {
                index += 2
            } else if hasPrefix("/./") {
                index += 2
            } else if input.count - index == 2 && hasPrefix("/.") {
                // "/." at the end becomes "/".
                input[index + 1] = UInt8(ascii: "/")
                index += 1
            } else if hasPrefix("/../") {
                index += 3
                removeLastSegment()
            } else if input.count - index == 3 && hasPrefix("/..") {
                input[index + 2] = UInt8(ascii: "/")
                index += 2
                removeLastSegment()
            } else if input.count - index == 1 && input[index] == UInt8(ascii: ".") {
                index += 1
            } else if input.count - index == 2 && hasPrefix("..") {
                index += 2
            } else {
                // Move the first segment (with its leading slash, if any) to the output.
                var end = index
                if input[end] == UInt8(ascii: "/") { end += 1 }
                while end < input.count && input[end] != UInt8(ascii: "/") { end += 1 }
                output.append(contentsOf: input[index..<end])
                index = end
            }
        }
        return output
    }

    /// RFC 3986 section 5.3.
    private static func recompose(_ c: Components) -> String {
        var out: [UInt8] = []
        if let scheme = c.scheme {
            out.append(contentsOf: scheme)
            out.append(UInt8(ascii: ":"))
        }
        if let authority = c.authority {
            out.append(contentsOf: [UInt8(ascii: "/"), UInt8(ascii: "/")])
            out.append(contentsOf: authority)
        }
        out.append(contentsOf: c.path)
        if let query = c.query {
            out.append(UInt8(ascii: "?"))
            out.append(contentsOf: query)
        }
        if let fragment = c.fragment {
            out.append(UInt8(ascii: "#"))
            out.append(contentsOf: fragment)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
