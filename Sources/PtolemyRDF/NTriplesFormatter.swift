/// Formats terms and quads in N-Triples / N-Quads syntax.
///
/// Output follows the canonical N-Triples escaping of RDF 1.1: in literals only
/// `"`, `\`, line feed and carriage return are escaped with `\` (other control
/// characters as `\uXXXX`); in IRIs, characters that IRIREF forbids are written
/// as `\uXXXX`. Everything else is written as UTF-8.
/// See https://www.w3.org/TR/n-triples/#canonical-ntriples
public enum NTriplesFormatter {
    /// Appends `term` in N-Triples syntax.
    public static func write(_ term: Term, to out: inout [UInt8]) {
        switch term {
        case .iri(let iri):
            writeIRI(iri, to: &out)
        case .blank(let label):
            out.append(UInt8(ascii: "_"))
            out.append(UInt8(ascii: ":"))
            writeBlankLabel(label, to: &out)
        case .literal(let literal):
            writeLiteral(literal, to: &out)
        }
    }

    /// Appends the quad as one N-Quads line, with `" .\n"` at the end.
    public static func writeLine(_ quad: Quad, to out: inout [UInt8]) {
        write(quad.subject, to: &out)
        out.append(UInt8(ascii: " "))
        write(quad.predicate, to: &out)
        out.append(UInt8(ascii: " "))
        write(quad.object, to: &out)
        if let graph = quad.graph {
            out.append(UInt8(ascii: " "))
            write(graph, to: &out)
        }
        out.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "\n")])
    }

    /// Appends an IRI in angle brackets.
    public static func writeIRI(_ iri: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        for byte in iri.utf8 {
            switch byte {
            case 0x00...0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"),
                 UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "\\"):
                writeUEscape(UInt32(byte), to: &out)
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: ">"))
    }

    /// Appends a blank-node label, replacing characters that N-Triples labels cannot hold.
    public static func writeBlankLabel(_ label: String, to out: inout [UInt8]) {
        if label.isEmpty {
            out.append(UInt8(ascii: "b"))
            return
        }
        var first = true
        var previousWasDot = false
        for scalar in label.unicodeScalars {
            let ok = first ? isBlankLabelStart(scalar) : isBlankLabelChar(scalar) || scalar == "."
            if ok {
                out.append(contentsOf: String(scalar).utf8)
            } else {
                // Not representable: hex-encode it so that distinct labels stay distinct.
                out.append(contentsOf: "x\(String(scalar.value, radix: 16))x".utf8)
            }
            previousWasDot = scalar == "."
            first = false
        }
        // A label may not end with a dot.
        if previousWasDot { out.append(UInt8(ascii: "_")) }
    }

    /// Appends a literal with its datatype or language tag.
    public static func writeLiteral(_ literal: Literal, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        writeEscapedString(literal.lexicalForm, to: &out)
        out.append(UInt8(ascii: "\""))
        if let language = literal.language {
            out.append(UInt8(ascii: "@"))
            out.append(contentsOf: language.utf8)
        } else if literal.datatype != XSD.string {
            out.append(contentsOf: [UInt8(ascii: "^"), UInt8(ascii: "^")])
            writeIRI(literal.datatype, to: &out)
        }
    }

    /// Appends the body of a string literal with N-Triples escapes.
    public static func writeEscapedString(_ string: String, to out: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x00...0x1F, 0x7F: writeUEscape(UInt32(byte), to: &out)
            default: out.append(byte)
            }
        }
    }

    static func writeUEscape(_ value: UInt32, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        out.append(UInt8(ascii: "\\"))
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    /// PN_CHARS_U or a digit (the first character of a blank-node label).
    public static func isBlankLabelStart(_ c: Unicode.Scalar) -> Bool {
        isPNCharsU(c) || ("0"..."9").contains(c)
    }

    /// PN_CHARS (a later character of a blank-node label, dots aside).
    public static func isBlankLabelChar(_ c: Unicode.Scalar) -> Bool {
        isPNChars(c)
    }

    /// PN_CHARS_BASE of the Turtle grammar.
    public static func isPNCharsBase(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
             0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
             0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default:
            return false
        }
    }

    /// PN_CHARS_U of the Turtle grammar.
    public static func isPNCharsU(_ c: Unicode.Scalar) -> Bool {
        c == "_" || isPNCharsBase(c)
    }

    /// PN_CHARS of the Turtle grammar.
    public static func isPNChars(_ c: Unicode.Scalar) -> Bool {
        if isPNCharsU(c) { return true }
        switch c.value {
        case 0x2D, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: return true
        default: return false
        }
    }
}

extension NTriplesFormatter {
    /// Appends `term` in N-Triples syntax to a string.
    public static func write(_ term: Term, to out: inout String) {
        var bytes: [UInt8] = []
        write(term, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the quad as one N-Quads statement (without a line break) to a string.
    public static func write(_ quad: Quad, to out: inout String) {
        var bytes: [UInt8] = []
        writeLine(quad, to: &bytes)
        bytes.removeLast() // the line break
        out += String(decoding: bytes, as: UTF8.self)
    }
}
