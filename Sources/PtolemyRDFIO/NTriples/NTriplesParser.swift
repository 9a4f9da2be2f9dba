public import PtolemyRDF
public import PtolemyCompression
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming parser for [N-Triples](https://www.w3.org/TR/n-triples/) and
/// [N-Quads](https://www.w3.org/TR/n-quads/), the bulk loader's front end.
///
/// It pulls the input from a `ByteSource` in chunks (so compressed and larger-than-memory
/// files stream through), cuts each chunk at its last line break, and scans the
/// complete lines in place: terms are views into the chunk, and only terms with
/// escapes are copied (decoded) into a scratch buffer. ``parseRaw(source:fileName:onError:onStatement:)``
/// hands out those views and allocates nothing per statement; ``parse(source:fileName:onError:onQuad:)``
/// builds `Quad`s on top.
///
/// The grammar is followed exactly: absolute IRIs only, `\u`/`\U` escapes that must be
/// Unicode scalar values, no escapes other than those in IRIs, one statement per line.
/// Every error is an ``RDFParseError`` with the line and column.
///
/// Recovery: pass `onError` to be called for each bad statement; returning from it skips
/// the line and parsing resumes at the next one (throwing from it stops the parse).
public struct NTriplesParser: Sendable {
    /// `.ntriples` or `.nquads`.
    public let format: RDFFormat
    /// The initial chunk size in bytes; a longer line grows the buffer.
    public var chunkSize: Int = 1 << 18

    /// - Precondition: `format` is `.ntriples` or `.nquads`.
    public init(format: RDFFormat = .nquads) {
        precondition(format == .ntriples || format == .nquads, "NTriplesParser reads N-Triples or N-Quads, not \(format)")
        self.format = format
    }

    /// Parses a document, calling `onStatement` with each statement as raw views.
    ///
    /// - Parameters:
    ///   - source: the input; read to its end.
    ///   - fileName: named in errors.
    ///   - onError: called with each syntax error; return to skip the statement (its line)
    ///     and go on, throw to stop. Without it, the first error is thrown.
    ///   - onStatement: called per statement; its ``RawStatement`` is valid only during the call.
    /// - Throws: ``RDFParseError``, an error of the source, or what a callback throws.
    public func parseRaw<Source: ByteSource>(
        source: inout Source, fileName: String? = nil,
        onError: ((RDFParseError) throws -> Void)? = nil,
        onStatement: (RawStatement) throws -> Void
    ) throws {
        let reader = NTriplesReader(allowsGraph: format == .nquads, capacity: max(chunkSize, 64))
        try reader.run(source: &source, fileName: fileName, onError: onError, onStatement: onStatement)
    }

    /// Parses a file (gzip or zstd content is decompressed), calling `onStatement` with
    /// each statement as raw views; errors name `path`.
    ///
    /// - Throws: ``RDFParseError``, `CompressionError` when the file cannot be read or
    ///   decompressed, or what a callback throws.
    public func parseRaw(
        file path: String, onError: ((RDFParseError) throws -> Void)? = nil,
        onStatement: (RawStatement) throws -> Void
    ) throws {
        var source = try InputFile.open(path)
        try parseRaw(source: &source, fileName: path, onError: onError, onStatement: onStatement)
    }

    /// Parses a document, calling `onQuad` with each statement.
    ///
    /// - Parameters: as ``parseRaw(source:fileName:onError:onStatement:)``.
    /// - Throws: ``RDFParseError``, an error of the source, or what a callback throws.
    public func parse<Source: ByteSource>(
        source: inout Source, fileName: String? = nil,
        onError: ((RDFParseError) throws -> Void)? = nil,
        onQuad: (Quad) throws -> Void
    ) throws {
        try parseRaw(source: &source, fileName: fileName, onError: onError) { statement in
            try onQuad(statement.makeQuad())
        }
    }
}

/// A syntax error found inside a chunk: where (an address in the chunk) and what.
struct NTriplesSyntaxError: Error {
    var address: Int
    var message: String

    init(_ at: UnsafePointer<UInt8>, _ message: String) {
        self.address = Int(bitPattern: at)
        self.message = message
    }
}

/// Byte classes for the scanning loops (one table lookup per byte).
enum NTriplesByteClass {
    // IRI bytes.
    static let iriPlain: UInt8 = 0, iriEnd: UInt8 = 1, escape: UInt8 = 2, forbidden: UInt8 = 3, nonASCII: UInt8 = 4
    // String bytes.
    static let stringPlain: UInt8 = 0, stringEnd: UInt8 = 1, lineBreak: UInt8 = 3
    // Label bytes.
    static let notLabel: UInt8 = 0, labelChar: UInt8 = 1, labelDot: UInt8 = 2, labelNonASCII: UInt8 = 4

    static func makeTables() -> UnsafeMutablePointer<UInt8> {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 768)
        for b in 0..<256 {
            let c = UInt8(b)
            // IRIREF: https://www.w3.org/TR/n-triples/#grammar-production-IRIREF
            var iri = iriPlain
            switch c {
            case UInt8(ascii: ">"): iri = iriEnd
            case UInt8(ascii: "\\"): iri = escape
            case 0x00...0x20, UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"): iri = forbidden
            case 0x80...0xFF: iri = nonASCII
            default: break
            }
            t[b] = iri
            // STRING_LITERAL_QUOTE: https://www.w3.org/TR/n-triples/#grammar-production-STRING_LITERAL_QUOTE
            var string = stringPlain
            switch c {
            case UInt8(ascii: "\""): string = stringEnd
            case UInt8(ascii: "\\"): string = escape
            case 0x0A, 0x0D: string = lineBreak
            case 0x80...0xFF: string = nonASCII
            default: break
            }
            t[256 + b] = string
            // BLANK_NODE_LABEL (ASCII part of PN_CHARS, and '.')
            var label = notLabel
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): label = labelChar
            case UInt8(ascii: "."): label = labelDot
            case 0x80...0xFF: label = labelNonASCII
            default: break
            }
            t[512 + b] = label
        }
        return t
    }
}

/// The chunked driver and in-place scanner behind ``NTriplesParser``; owns its buffers.
final class NTriplesReader {
    let allowsGraph: Bool
    private var input: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var scratch: UnsafeMutablePointer<UInt8>
    private let tables: UnsafeMutablePointer<UInt8>
    private var line = 1
    /// The previous chunk ended with CR: a LF at the start of the next one ends the same line.
    private var skipLeadingLF = false

    init(allowsGraph: Bool, capacity: Int) {
        self.allowsGraph = allowsGraph
        self.capacity = capacity
        // One spare byte for the end-of-input sentinel line break.
        self.input = .allocate(capacity: capacity + 1)
        self.scratch = .allocate(capacity: capacity + 1)
        self.tables = NTriplesByteClass.makeTables()
    }

    deinit {
        input.deallocate()
        scratch.deallocate()
        tables.deallocate()
    }

    private func grow() {
        let newCapacity = capacity * 2
        let newInput = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + 1)
        newInput.update(from: input, count: capacity)
        input.deallocate()
        input = newInput
        scratch.deallocate()
        scratch = .allocate(capacity: newCapacity + 1)
        capacity = newCapacity
    }

    func run<Source: ByteSource>(
        source: inout Source, fileName: String?,
        onError: ((RDFParseError) throws -> Void)?,
        onStatement: (RawStatement) throws -> Void
    ) throws {
        var filled = 0
        var atStart = true
        while true {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: input + filled, count: capacity - filled))
            filled += n
            if atStart && (filled >= 3 || n == 0) {
                atStart = false
                // A UTF-8 byte order mark is not part of the document.
                if filled >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF {
                    input.update(from: input + 3, count: filled - 3)
                    filled -= 3
                }
            }
            if n == 0 {
                // End of input: the last line may lack its line break; add one as the sentinel.
                input[filled] = 0x0A
                try parseBlock(UnsafePointer(input), UnsafePointer(input + filled + 1), fileName, onError, onStatement)
                return
            }
            if atStart { continue }
            if let cut = lastLineBreak(filled) {
                let blockEnd = input + cut + 1
                try parseBlock(UnsafePointer(input), UnsafePointer(blockEnd), fileName, onError, onStatement)
                let rest = filled - (blockEnd - input)
                if rest > 0 { input.update(from: blockEnd, count: rest) }
                filled = rest
            } else if filled == capacity {
                grow() // a line longer than the buffer
            }
        }
    }

    /// The offset of the last LF (else CR) in the first `filled` bytes. The scan is short:
    /// lines are short next to a chunk.
    private func lastLineBreak(_ filled: Int) -> Int? {
        var i = filled - 1
        while i >= 0 {
            if input[i] == 0x0A { return i }
            i -= 1
        }
        i = filled - 1
        while i >= 0 {
            if input[i] == 0x0D { return i }
            i -= 1
        }
        return nil
    }

    /// Parses the complete lines in `[start, end)`; `end[-1]` is a line break, which
    /// stops every scanning loop (no token may contain one).
    private func parseBlock(
        _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ fileName: String?,
        _ onError: ((RDFParseError) throws -> Void)?, _ onStatement: (RawStatement) throws -> Void
    ) throws {
        var p = start
        if skipLeadingLF && p < end && p.pointee == 0x0A { p += 1 }
        skipLeadingLF = false
        let scanner = NTriplesLineScanner(tables: UnsafePointer(tables), allowsGraph: allowsGraph)
        while p < end {
            let lineStart = p
            var w = scratch
            do {
                if let statement = try scanner.statement(&p, &w, line: line) {
                    try onStatement(statement)
                }
            } catch let error as NTriplesSyntaxError {
                let at = UnsafePointer<UInt8>(bitPattern: error.address) ?? lineStart
                let parseError = RDFParseError(
                    fileName: fileName, line: line,
                    column: UTF8Scan.column(from: lineStart, to: at), message: error.message)
                guard let onError else { throw parseError }
                try onError(parseError)
                // Resynchronise: skip the rest of the line.
                p = at
                while p.pointee != 0x0A && p.pointee != 0x0D { p += 1 }
            }
            // Consume the line break (CR LF counts once).
            if p.pointee == 0x0D {
                p += 1
                if p < end {
                    if p.pointee == 0x0A { p += 1 }
                } else {
                    skipLeadingLF = true
                }
            } else {
                p += 1
            }
            line += 1
        }
    }
}

/// Scans one line in place. Every loop stops at a line break, and the chunk ends with one.
struct NTriplesLineScanner {
    let iriClass: UnsafePointer<UInt8>
    let stringClass: UnsafePointer<UInt8>
    let labelClass: UnsafePointer<UInt8>
    let allowsGraph: Bool

    init(tables: UnsafePointer<UInt8>, allowsGraph: Bool) {
        iriClass = tables
        stringClass = tables + 256
        labelClass = tables + 512
        self.allowsGraph = allowsGraph
    }

    typealias P = UnsafePointer<UInt8>
    typealias W = UnsafeMutablePointer<UInt8>

    @inline(__always)
    private func skipSpace(_ p: inout P) {
        while p.pointee == 0x20 || p.pointee == 0x09 { p += 1 }
    }

    @inline(__always)
    private static func empty() -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: nil, count: 0) }

    /// Parses a statement (or an empty/comment line) up to, not including, the line break.
    @inline(__always)
    func statement(_ p: inout P, _ w: inout W, line: Int) throws -> RawStatement? {
        skipSpace(&p)
        var c = p.pointee
        if c == 0x0A || c == 0x0D { return nil }
        if c == UInt8(ascii: "#") {
            skipComment(&p)
            return nil
        }
        let subject: RawTerm
        switch c {
        case UInt8(ascii: "<"): subject = RawTerm(kind: .iri, value: try iri(&p, &w))
        case UInt8(ascii: "_"): subject = RawTerm(kind: .blank, value: try blankLabel(&p))
        default: throw NTriplesSyntaxError(p, unexpected(p, expected: "a subject (IRI or blank node)"))
        }
        skipSpace(&p)
        guard p.pointee == UInt8(ascii: "<") else {
            throw NTriplesSyntaxError(p, unexpected(p, expected: "a predicate IRI"))
        }
        let predicate = RawTerm(kind: .iri, value: try iri(&p, &w))
        skipSpace(&p)
        let object: RawTerm
        switch p.pointee {
        case UInt8(ascii: "<"): object = RawTerm(kind: .iri, value: try iri(&p, &w))
        case UInt8(ascii: "_"): object = RawTerm(kind: .blank, value: try blankLabel(&p))
        case UInt8(ascii: "\""): object = try literal(&p, &w)
        default: throw NTriplesSyntaxError(p, unexpected(p, expected: "an object (IRI, blank node or literal)"))
        }
        skipSpace(&p)
        var graph: RawTerm? = nil
        c = p.pointee
        if c == UInt8(ascii: "<") || c == UInt8(ascii: "_") {
            guard allowsGraph else {
                throw NTriplesSyntaxError(p, "expected '.' (N-Triples has no graph names; is this N-Quads?)")
            }
            graph = c == UInt8(ascii: "<")
                ? RawTerm(kind: .iri, value: try iri(&p, &w))
                : RawTerm(kind: .blank, value: try blankLabel(&p))
            skipSpace(&p)
        } else if c == UInt8(ascii: "\"") && allowsGraph {
            throw NTriplesSyntaxError(p, "a literal cannot be a graph name")
        }
        guard p.pointee == UInt8(ascii: ".") else {
            throw NTriplesSyntaxError(p, unexpected(p, expected: "'.' at the end of the statement"))
        }
        p += 1
        skipSpace(&p)
        c = p.pointee
        if c == UInt8(ascii: "#") {
            skipComment(&p)
        } else if c != 0x0A && c != 0x0D {
            throw NTriplesSyntaxError(p, unexpected(p, expected: "the end of the line after '.' (one statement per line)"))
        }
        return RawStatement(subject: subject, predicate: predicate, object: object, graph: graph, line: line)
    }

    @inline(__always)
    private func skipComment(_ p: inout P) {
        while p.pointee != 0x0A && p.pointee != 0x0D { p += 1 }
    }

    private func unexpected(_ p: P, expected: String) -> String {
        let c = p.pointee
        if c == 0x0A || c == 0x0D { return "expected \(expected), found the end of the line" }
        if c >= 0x21 && c < 0x7F { return "expected \(expected), found '\(Character(Unicode.Scalar(c)))'" }
        if c < 0x80 { return "expected \(expected), found \(UTF8Scan.describe(UInt32(c)))" }
        return "expected \(expected)"
    }

    /// IRIREF at `p` ('<'); returns the unescaped IRI, which must be absolute.
    @inline(__always)
    private func iri(_ p: inout P, _ w: inout W) throws -> UnsafeBufferPointer<UInt8> {
        let open = p
        p += 1
        let start = p
        var q = p
        while true {
            let c = q.pointee
            switch iriClass[Int(c)] {
            case NTriplesByteClass.iriPlain:
                q += 1
            case NTriplesByteClass.iriEnd:
                let value = UnsafeBufferPointer(start: start, count: q - start)
                p = q + 1
                try checkAbsolute(value, at: open)
                return value
            case NTriplesByteClass.escape:
                return try iriWithEscapes(&p, &w, start: start, at: q, open: open)
            case NTriplesByteClass.nonASCII:
                let n = UTF8Scan.sequenceLength(at: q)
                if n == 0 { throw NTriplesSyntaxError(q, "invalid UTF-8") }
                q += n
            default:
                throw NTriplesSyntaxError(q, forbiddenInIRI(c))
            }
        }
    }

    private func forbiddenInIRI(_ c: UInt8) -> String {
        if c == 0x0A || c == 0x0D { return "unterminated IRI: missing '>' before the end of the line" }
        return "character \(UTF8Scan.describe(UInt32(c))) is not allowed in an IRI"
    }

    /// The slow path of ``iri(_:_:)``: decodes `\u` escapes into the scratch buffer.
    private func iriWithEscapes(_ p: inout P, _ w: inout W, start: P, at escape: P, open: P) throws -> UnsafeBufferPointer<UInt8> {
        let out = w
        var o = w
        o.update(from: start, count: escape - start)
        o += escape - start
        var q = escape
        while true {
            let c = q.pointee
            switch iriClass[Int(c)] {
            case NTriplesByteClass.iriPlain:
                o.pointee = c
                o += 1
                q += 1
            case NTriplesByteClass.iriEnd:
                let value = UnsafeBufferPointer(start: UnsafePointer(out), count: o - out)
                w = o
                p = q + 1
                try checkAbsolute(value, at: open)
                return value
            case NTriplesByteClass.escape:
                let escapeStart = q
                let v = try numericEscape(&q, inIRI: true)
                if !UTF8Scan.isAllowedInIRI(v) {
                    throw NTriplesSyntaxError(escapeStart, "escaped character \(UTF8Scan.describe(v)) is not allowed in an IRI")
                }
                o += UTF8Scan.encode(v, to: o)
            case NTriplesByteClass.nonASCII:
                let n = UTF8Scan.sequenceLength(at: q)
                if n == 0 { throw NTriplesSyntaxError(q, "invalid UTF-8") }
                o.update(from: q, count: n)
                o += n
                q += n
            default:
                throw NTriplesSyntaxError(q, forbiddenInIRI(c))
            }
        }
    }

    /// `\uXXXX` or `\UXXXXXXXX` at `q` ('\'); advances past it.
    @inline(__always)
    private func numericEscape(_ q: inout P, inIRI: Bool) throws -> UInt32 {
        let at = q
        let kind = q[1]
        let digits: Int
        if kind == UInt8(ascii: "u") {
            digits = 4
        } else if kind == UInt8(ascii: "U") {
            digits = 8
        } else {
            throw NTriplesSyntaxError(at, inIRI ? "only \\u and \\U escapes are allowed in an IRI" : "invalid escape sequence")
        }
        var v: UInt32 = 0
        var r = q + 2
        for _ in 0..<digits {
            guard let h = UTF8Scan.hexValue(r.pointee) else {
                throw NTriplesSyntaxError(r, "expected \(digits) hexadecimal digits after \\\(Character(Unicode.Scalar(kind)))")
            }
            v = v << 4 | h
            r += 1
        }
        guard UTF8Scan.isScalarValue(v) else {
            throw NTriplesSyntaxError(at, "escape \(UTF8Scan.describe(v)) is not a Unicode scalar value")
        }
        q = r
        return v
    }

    private func checkAbsolute(_ value: UnsafeBufferPointer<UInt8>, at open: P) throws {
        var iterator = value.makeIterator()
        if IRIComponents.schemeLength(of: &iterator) == nil {
            throw NTriplesSyntaxError(open, "relative IRI <\(String(decoding: value, as: UTF8.self))>: N-Triples and N-Quads IRIs must be absolute")
        }
    }

    /// BLANK_NODE_LABEL at `p` ('_'); returns the label without `_:`.
    /// A label cannot end with '.', so trailing dots are left for the statement (`_:o.`).
    @inline(__always)
    private func blankLabel(_ p: inout P) throws -> UnsafeBufferPointer<UInt8> {
        guard p[1] == UInt8(ascii: ":") else { throw NTriplesSyntaxError(p + 1, "expected ':' after '_' in a blank node label") }
        let start = p + 2
        var q = start
        // First character: PN_CHARS_U or a digit.
        let first = q.pointee
        if first < 0x80 {
            guard labelClass[Int(first)] == NTriplesByteClass.labelChar, first != UInt8(ascii: "-") else {
                throw NTriplesSyntaxError(q, "invalid first character of a blank node label")
            }
            q += 1
        } else {
            let n = UTF8Scan.sequenceLength(at: q)
            guard n > 0, let s = Unicode.Scalar(UTF8Scan.decode(at: q, length: n)),
                  NTriplesFormatter.isPNCharsU(s) else {
                throw NTriplesSyntaxError(q, "invalid first character of a blank node label")
            }
            q += n
        }
        var labelEnd = q
        while true {
            let c = q.pointee
            let cls = labelClass[Int(c)]
            if cls == NTriplesByteClass.labelChar {
                q += 1
                labelEnd = q
            } else if cls == NTriplesByteClass.labelDot {
                q += 1
            } else if cls == NTriplesByteClass.labelNonASCII {
                let n = UTF8Scan.sequenceLength(at: q)
                guard n > 0, let s = Unicode.Scalar(UTF8Scan.decode(at: q, length: n)), NTriplesFormatter.isPNChars(s) else {
                    break
                }
                q += n
                labelEnd = q
            } else {
                break
            }
        }
        p = labelEnd
        return UnsafeBufferPointer(start: start, count: labelEnd - start)
    }

    /// A literal at `p` ('"'), with its language tag or datatype.
    @inline(__always)
    private func literal(_ p: inout P, _ w: inout W) throws -> RawTerm {
        let value = try string(&p, &w)
        var q = p
        skipSpace(&q)
        let c = q.pointee
        if c == UInt8(ascii: "@") {
            q += 1
            let tagStart = q
            while isASCIILetter(q.pointee) { q += 1 }
            if q == tagStart { throw NTriplesSyntaxError(q, "a language tag must start with a letter") }
            while q.pointee == UInt8(ascii: "-") {
                let subtagStart = q + 1
                q += 1
                while isASCIILetter(q.pointee) || (q.pointee >= 0x30 && q.pointee <= 0x39) { q += 1 }
                if q == subtagStart { throw NTriplesSyntaxError(q, "empty subtag in a language tag") }
            }
            p = q
            return RawTerm(kind: .literal, value: value, language: UnsafeBufferPointer(start: tagStart, count: q - tagStart))
        }
        if c == UInt8(ascii: "^") {
            guard q[1] == UInt8(ascii: "^") else { throw NTriplesSyntaxError(q + 1, "expected '^^' before a datatype IRI") }
            q += 2
            skipSpace(&q)
            guard q.pointee == UInt8(ascii: "<") else { throw NTriplesSyntaxError(q, unexpected(q, expected: "a datatype IRI after '^^'")) }
            let datatypeAt = q
            let datatype = try iri(&q, &w)
            p = q
            if equals(datatype, Self.xsdString) {
                return RawTerm(kind: .literal, value: value)
            }
            if equals(datatype, Self.rdfLangString) {
                throw NTriplesSyntaxError(datatypeAt, "rdf:langString needs a language tag, not a datatype")
            }
            return RawTerm(kind: .literal, value: value, datatype: datatype)
        }
        return RawTerm(kind: .literal, value: value)
    }

    static let xsdString: StaticString = "http://www.w3.org/2001/XMLSchema#string"
    static let rdfLangString: StaticString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

    @inline(__always)
    private func equals(_ a: UnsafeBufferPointer<UInt8>, _ b: StaticString) -> Bool {
        a.count == b.utf8CodeUnitCount && memcmp(a.baseAddress!, b.utf8Start, a.count) == 0
    }

    @inline(__always)
    private func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    /// STRING_LITERAL_QUOTE at `p`; returns the unescaped lexical form.
    @inline(__always)
    private func string(_ p: inout P, _ w: inout W) throws -> UnsafeBufferPointer<UInt8> {
        let start = p + 1
        var q = start
        while true {
            let c = q.pointee
            switch stringClass[Int(c)] {
            case NTriplesByteClass.stringPlain:
                q += 1
            case NTriplesByteClass.stringEnd:
                p = q + 1
                return UnsafeBufferPointer(start: start, count: q - start)
            case NTriplesByteClass.escape:
                return try stringWithEscapes(&p, &w, start: start, at: q)
            case NTriplesByteClass.nonASCII:
                let n = UTF8Scan.sequenceLength(at: q)
                if n == 0 { throw NTriplesSyntaxError(q, "invalid UTF-8") }
                q += n
            default:
                throw NTriplesSyntaxError(q, "unterminated string: missing '\"' before the end of the line")
            }
        }
    }

    /// The slow path of ``string(_:_:)``: decodes escapes into the scratch buffer.
    private func stringWithEscapes(_ p: inout P, _ w: inout W, start: P, at escape: P) throws -> UnsafeBufferPointer<UInt8> {
        let out = w
        var o = w
        o.update(from: start, count: escape - start)
        o += escape - start
        var q = escape
        while true {
            let c = q.pointee
            switch stringClass[Int(c)] {
            case NTriplesByteClass.stringPlain:
                o.pointee = c
                o += 1
                q += 1
            case NTriplesByteClass.stringEnd:
                w = o
                p = q + 1
                return UnsafeBufferPointer(start: UnsafePointer(out), count: o - out)
            case NTriplesByteClass.escape:
                let e = q[1]
                var decoded: UInt8 = 0
                switch e {
                case UInt8(ascii: "t"): decoded = 0x09
                case UInt8(ascii: "b"): decoded = 0x08
                case UInt8(ascii: "n"): decoded = 0x0A
                case UInt8(ascii: "r"): decoded = 0x0D
                case UInt8(ascii: "f"): decoded = 0x0C
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): decoded = e
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let v = try numericEscape(&q, inIRI: false)
                    o += UTF8Scan.encode(v, to: o)
                    continue
                default:
                    throw NTriplesSyntaxError(q, "invalid escape sequence in a string (allowed: \\t \\b \\n \\r \\f \\\" \\' \\\\ \\u \\U)")
                }
                o.pointee = decoded
                o += 1
                q += 2
            case NTriplesByteClass.nonASCII:
                let n = UTF8Scan.sequenceLength(at: q)
                if n == 0 { throw NTriplesSyntaxError(q, "invalid UTF-8") }
                o.update(from: q, count: n)
                o += n
                q += n
            default:
                throw NTriplesSyntaxError(q, "unterminated string: missing '\"' before the end of the line")
            }
        }
    }
}
