import PtolemyRDF

/// Character classes of the SPARQL grammar's terminals, on Unicode scalar values.
/// https://www.w3.org/TR/sparql11-query/#rPN_CHARS_BASE
enum CharacterClasses {
    @inline(__always)
    static func isASCIILetter(_ c: UInt32) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    @inline(__always)
    static func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

    @inline(__always)
    static func isHexDigit(_ c: UInt32) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    /// PN_CHARS_BASE.
    @inline(__always)
    static func isPNCharsBase(_ c: UInt32) -> Bool {
        if c < 0x80 { return isASCIILetter(c) }
        guard let scalar = Unicode.Scalar(c) else { return false }
        return NTriplesFormatter.isPNCharsBase(scalar)
    }

    /// PN_CHARS_U: PN_CHARS_BASE or `_`.
    @inline(__always)
    static func isPNCharsU(_ c: UInt32) -> Bool { c == 0x5F || isPNCharsBase(c) }

    /// PN_CHARS: PN_CHARS_U, `-`, digits, U+00B7, U+0300–U+036F, U+203F–U+2040.
    @inline(__always)
    static func isPNChars(_ c: UInt32) -> Bool {
        if isPNCharsU(c) || c == 0x2D || isDigit(c) { return true }
        return c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040)
    }

    /// The characters after the first one of VARNAME.
    @inline(__always)
    static func isVarNameChar(_ c: UInt32) -> Bool {
        isPNCharsU(c) || isDigit(c) || c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040)
    }

    /// PN_LOCAL_ESC: the characters a backslash may escape in a local name.
    @inline(__always)
    static func isLocalEscapable(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "@"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }
}
