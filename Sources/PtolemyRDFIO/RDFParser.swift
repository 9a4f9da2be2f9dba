public import PtolemyRDF
public import PtolemyCompression
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry point for every RDF syntax Ptolemy reads.
///
/// It picks the parser for the format: ``NTriplesParser`` for N-Triples and N-Quads,
/// ``TurtleParser`` for Turtle and TriG (both hand-written and streaming), and
/// ``RDFXMLParser`` (libraptor2) for RDF/XML. Files may be gzip- or zstd-compressed; the
/// compression is detected from the content.
///
/// ```swift
/// let parser = RDFParser(format: .turtle, baseIRI: "http://example.org/")
/// try parser.parse(file: "data.ttl.gz") { quad in … }
/// ```
///
/// Recovery (the loader's `--skip-invalid`): pass `onError`. It is called with each syntax
/// error; return from it to skip the bad statement and go on, throw to stop. N-Triples and
/// N-Quads resume at the next line, Turtle and TriG after the next `.` at the statement's
/// level; RDF/XML cannot resume (raptor's limit), so its first error ends the document,
/// reported as skipping the rest.
public struct RDFParser: Sendable {
    public var format: RDFFormat
    /// The base IRI for relative IRIs (Turtle, TriG, RDF/XML). When nil, ``parse(file:onError:onQuad:)``
    /// uses the file's `file://` IRI, as RFC 3986 section 5.1.3 (the retrieval URI) suggests.
    public var baseIRI: String?

    public init(format: RDFFormat, baseIRI: String? = nil) {
        self.format = format
        self.baseIRI = baseIRI
    }

    /// A parser for the format guessed from `fileName` (see ``RDFFormat/guess(fromFileName:)``).
    public init?(guessingFormatOf fileName: String, baseIRI: String? = nil) {
        guard let format = RDFFormat.guess(fromFileName: fileName) else { return nil }
        self.init(format: format, baseIRI: baseIRI)
    }

    /// Parses a document from a byte source.
    ///
    /// - Parameters:
    ///   - source: the (uncompressed) input; read to its end.
    ///   - fileName: named in errors.
    ///   - onError: recovery mode (see the type's documentation); nil to stop at the first error.
    ///   - onQuad: called with each quad (graph nil for the default graph).
    /// - Throws: ``RDFParseError``, an error of the source, or what a callback throws.
    public func parse<Source: ByteSource>(
        source: inout Source, fileName: String? = nil,
        onError: ((RDFParseError) throws -> Void)? = nil,
        onQuad: (Quad) throws -> Void
    ) throws {
        switch format {
        case .ntriples, .nquads:
            try NTriplesParser(format: format).parse(source: &source, fileName: fileName, onError: onError, onQuad: onQuad)
        case .turtle, .trig:
            try TurtleParser(format: format, baseIRI: baseIRI)
                .parse(source: &source, fileName: fileName, onError: onError, onQuad: onQuad)
        case .rdfxml:
            try RDFXMLParser(baseIRI: baseIRI).parse(source: &source, fileName: fileName, onError: onError, onQuad: onQuad)
        }
    }

    /// Parses a file, decompressing gzip or zstd content.
    ///
    /// - Throws: ``RDFParseError`` naming `path`, `CompressionError` when the file cannot be
    ///   read or decompressed, or what a callback throws.
    public func parse(file path: String, onError: ((RDFParseError) throws -> Void)? = nil,
                      onQuad: (Quad) throws -> Void) throws {
        var source = try InputFile.open(path)
        var parser = self
        if parser.baseIRI == nil { parser.baseIRI = Self.fileIRI(forPath: path) }
        try parser.parse(source: &source, fileName: path, onError: onError, onQuad: onQuad)
    }

    /// Parses a document held in a string.
    public func parse(string: String, onError: ((RDFParseError) throws -> Void)? = nil,
                      onQuad: (Quad) throws -> Void) throws {
        var source = MemoryByteSource(Array(string.utf8))
        try parse(source: &source, fileName: nil, onError: onError, onQuad: onQuad)
    }

    /// Parses a document held in a string and returns its quads (small inputs, tests).
    public func quads(in string: String) throws -> [Quad] {
        var quads: [Quad] = []
        try parse(string: string) { quads.append($0) }
        return quads
    }

    /// The `file://` IRI of a path (made absolute against the working directory), with
    /// the characters IRIs cannot hold percent-encoded.
    public static func fileIRI(forPath path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                absolute = cwd.hasSuffix("/") ? cwd + path : cwd + "/" + path
            }
        }
        var out: [UInt8] = Array("file://".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in absolute.utf8 {
            switch byte {
            case 0x00...0x20, 0x7F, UInt8(ascii: "%"), UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"),
                 UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "\\"):
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
