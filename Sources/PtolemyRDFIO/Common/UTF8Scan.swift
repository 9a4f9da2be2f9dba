/// UTF-8 validation and decoding on raw bytes, for the parsers' hot loops.
///
/// The parsers work on UTF-8 bytes and never build a `String` for text they only
/// pass through, so they validate multi-byte sequences themselves: an overlong form,
/// a UTF-16 surrogate or a value above U+10FFFF is a syntax error, not a repaired
/// character (RDF strings are sequences of Unicode scalars:
/// https://www.w3.org/TR/rdf11-concepts/#dfn-lexical-form).
enum UTF8Scan {
    @inline(__always)
    static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// The length of the well-formed UTF-8 sequence whose lead byte (>= 0x80) is at `p`,
    /// or 0 when it is ill-formed (Unicode table 3-7).
    ///
    /// Reads `p[k]` only after `p[k-1]` proved to be a continuation byte, so a buffer
    /// that ends with an ASCII byte (the parsers' sentinel) is never overrun.
    @inline(__always)
    static func sequenceLength(at p: UnsafePointer<UInt8>) -> Int {
        let b0 = p[0]
        switch b0 {
        case 0xC2...0xDF:
            return isContinuation(p[1]) ? 2 : 0
        case 0xE0:
            return (p[1] >= 0xA0 && p[1] <= 0xBF) && isContinuation(p[2]) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF:
            return isContinuation(p[1]) && isContinuation(p[2]) ? 3 : 0
        case 0xED: // excludes the UTF-16 surrogates D800-DFFF
            return (p[1] >= 0x80 && p[1] <= 0x9F) && isContinuation(p[2]) ? 3 : 0
        case 0xF0:
            return (p[1] >= 0x90 && p[1] <= 0xBF) && isContinuation(p[2]) && isContinuation(p[3]) ? 4 : 0
        case 0xF1...0xF3:
            return isContinuation(p[1]) && isContinuation(p[2]) && isContinuation(p[3]) ? 4 : 0
        case 0xF4: // up to U+10FFFF
            return (p[1] >= 0x80 && p[1] <= 0x8F) && isContinuation(p[2]) && isContinuation(p[3]) ? 4 : 0
        default:
            return 0
        }
    }

    /// The scalar encoded by a well-formed sequence of `length` bytes at `p`.
    @inline(__always)
    static func decode(at p: UnsafePointer<UInt8>, length: Int) -> UInt32 {
        switch length {
        case 1: return UInt32(p[0])
        case 2: return UInt32(p[0] & 0x1F) << 6 | UInt32(p[1] & 0x3F)
        case 3: return UInt32(p[0] & 0x0F) << 12 | UInt32(p[1] & 0x3F) << 6 | UInt32(p[2] & 0x3F)
        default:
            return UInt32(p[0] & 0x07) << 18 | UInt32(p[1] & 0x3F) << 12 | UInt32(p[2] & 0x3F) << 6 | UInt32(p[3] & 0x3F)
        }
    }

    /// Writes the UTF-8 encoding of a scalar value at `w`; returns the number of bytes.
    @inline(__always)
    static func encode(_ v: UInt32, to w: UnsafeMutablePointer<UInt8>) -> Int {
        if v < 0x80 {
            w[0] = UInt8(v)
            return 1
        } else if v < 0x800 {
            w[0] = UInt8(0xC0 | (v >> 6))
            w[1] = UInt8(0x80 | (v & 0x3F))
            return 2
        } else if v < 0x10000 {
            w[0] = UInt8(0xE0 | (v >> 12))
            w[1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            w[2] = UInt8(0x80 | (v & 0x3F))
            return 3
        } else {
            w[0] = UInt8(0xF0 | (v >> 18))
            w[1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            w[2] = UInt8(0x80 | ((v >> 6) & 0x3F))
            w[3] = UInt8(0x80 | (v & 0x3F))
            return 4
        }
    }

    /// Appends the UTF-8 encoding of a scalar value.
    @inline(__always)
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// Whether a `\u`/`\U` escape value is a Unicode scalar value (not a surrogate, not above U+10FFFF).
    @inline(__always)
    static func isScalarValue(_ v: UInt32) -> Bool {
        v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)
    }

    /// Whether a decoded character may appear in an IRIREF (after `\u` unescaping too):
    /// https://www.w3.org/TR/turtle/#grammar-production-IRIREF
    @inline(__always)
    static func isAllowedInIRI(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x20, 0x3C, 0x3E, 0x22, 0x7B, 0x7D, 0x7C, 0x5E, 0x60, 0x5C: return false
        default: return true
        }
    }

    /// 1-based column (in scalars) of `position` on the line starting at `lineStart`.
    static func column(from lineStart: UnsafePointer<UInt8>, to position: UnsafePointer<UInt8>) -> Int {
        var column = 1
        var p = lineStart
        while p < position {
            if !isContinuation(p.pointee) { column += 1 }
            p += 1
        }
        return column
    }

    /// "U+0020"-style name of a scalar, for messages.
    static func describe(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
