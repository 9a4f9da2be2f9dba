public import PtolemyRDF

/// A streaming, buffered writer of [N-Triples](https://www.w3.org/TR/n-triples/) or
/// [N-Quads](https://www.w3.org/TR/n-quads/), one statement per line.
///
/// Terms are written by `NTriplesFormatter` (canonical N-Triples escaping). Output goes to a
/// file descriptor, flushed whenever the buffer fills, or to memory (``bytes``). Call
/// ``finish()`` (or ``flush()``) at the end: a writer does not flush on its own when dropped.
public struct NQuadsWriter: QuadSink {
    /// `.ntriples` or `.nquads`.
    public let format: RDFFormat
    private var output: ByteOutput

    /// A writer to a file descriptor (which stays open; the caller closes it).
    /// - Precondition: `format` is `.ntriples` or `.nquads`.
    public init(fileDescriptor: Int32, format: RDFFormat = .nquads, bufferSize: Int = 1 << 16) {
        precondition(format == .ntriples || format == .nquads, "NQuadsWriter writes N-Triples or N-Quads, not \(format)")
        self.format = format
        self.output = ByteOutput(fileDescriptor: fileDescriptor, bufferSize: bufferSize)
    }

    /// A writer to memory; read the result from ``bytes`` or ``string``.
    /// - Precondition: `format` is `.ntriples` or `.nquads`.
    public init(format: RDFFormat = .nquads) {
        precondition(format == .ntriples || format == .nquads, "NQuadsWriter writes N-Triples or N-Quads, not \(format)")
        self.format = format
        self.output = ByteOutput(fileDescriptor: nil, bufferSize: 0)
    }

    /// Everything written so far (memory writers), or what is not yet flushed.
    public var bytes: [UInt8] { output.buffer }

    /// ``bytes`` as a string.
    public var string: String { String(decoding: output.buffer, as: UTF8.self) }

    /// Writes one statement.
    /// - Throws: ``RDFWriteError`` when the quad is not valid RDF (a literal subject, a
    ///   non-IRI predicate), when N-Triples is asked to write a named graph, or when the
    ///   output fails.
    public mutating func write(_ quad: Quad) throws {
        guard quad.isValidRDF else {
            throw RDFWriteError(message: "not an RDF statement (literal subject or graph name, or non-IRI predicate): \(quad)")
        }
        if quad.graph != nil && format == .ntriples {
            throw RDFWriteError(message: "N-Triples cannot hold a statement in a named graph: \(quad)")
        }
        NTriplesFormatter.writeLine(quad, to: &output.buffer)
        try output.flushIfFull()
    }

    /// ``QuadSink`` conformance: the same as ``write(_:)``.
    public mutating func add(_ quad: Quad) throws { try write(quad) }

    /// Writes buffered output to the file descriptor.
    public mutating func flush() throws { try output.flush() }

    /// Flushes; call once after the last quad.
    public mutating func finish() throws { try output.flush() }
}
