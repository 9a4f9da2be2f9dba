public import PtolemyRDF
public import PtolemyCompression

/// A streaming [RDF/XML](https://www.w3.org/TR/rdf-syntax-grammar/) parser over libraptor2.
///
/// The input is pulled from a `ByteSource` in chunks and fed to raptor
/// (`raptor_parser_parse_chunk`), so large and compressed documents stream. raptor's terms
/// are converted to ``Term``s with their explicit lengths (literals may hold NUL). raptor
/// never fetches anything: network, file access and external entities are off.
///
/// Errors name the file and line raptor reports; raptor gives no column, so the column is
/// that of the first non-blank character of the line (see ``LineTracker``). raptor's
/// warnings (unknown names in the rdf: namespace, for instance) are not errors.
///
/// Recovery: raptor's RDF/XML parser cannot resume after an error (it stops, or goes on
/// from a confused state), so with `onError` the first error is reported, with a message
/// saying that the rest of the document is skipped, and the parse ends normally with the
/// statements before it delivered.
public struct RDFXMLParser: Sendable {
    /// The base IRI; `xml:base` in the document overrides it.
    public var baseIRI: String?
    /// Chunk size in bytes.
    public var chunkSize = 1 << 16

    /// The base used when none is given: relative IRIs resolve to `about:blank...`.
    public static let defaultBaseIRI = "about:blank"

    public init(baseIRI: String? = nil) {
        self.baseIRI = baseIRI
    }

    /// Parses a document, calling `onQuad` with each triple (graph nil).
    ///
    /// - Throws: ``RDFParseError``, an error of the source, or what a callback throws.
    public func parse<Source: ByteSource>(
        source: inout Source, fileName: String? = nil,
        onError: ((RDFParseError) throws -> Void)? = nil,
        onQuad: (Quad) throws -> Void
    ) throws {
        let session = try RaptorSession(baseIRI: baseIRI ?? Self.defaultBaseIRI, fileName: fileName)
        try withoutActuallyEscaping(onQuad) { onQuad in
            session.onQuad = onQuad
            session.onError = onError
            defer {
                session.onQuad = nil
                session.onError = nil
            }
            try session.start()
            var chunk = [UInt8](repeating: 0, count: max(chunkSize, 512))
            while true {
                let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                try chunk.withUnsafeBytes { raw in
                    try session.feed(UnsafeRawBufferPointer(rebasing: raw[0..<n]), isEnd: n == 0)
                }
                if n == 0 || session.stopped { break }
            }
        }
    }
}
