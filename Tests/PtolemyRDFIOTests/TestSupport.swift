import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

/// A byte source that hands out at most `step` bytes per read: exercises every chunk
/// boundary of a parser's buffering.
struct TrickleSource: ByteSource {
    var bytes: [UInt8]
    var step: Int
    var offset = 0

    init(_ text: String, step: Int) {
        self.bytes = Array(text.utf8)
        self.step = step
    }

    init(bytes: [UInt8], step: Int) {
        self.bytes = bytes
        self.step = step
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(step, buffer.count, bytes.count - offset)
        if n <= 0 { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + n])) }
        offset += n
        return n
    }
}

func iri(_ s: String) -> Term { .iri(s) }

/// Parses `text` with `format` and returns the quads (errors propagate).
func parse(_ text: String, _ format: RDFFormat, base: String? = nil) throws -> [Quad] {
    try RDFParser(format: format, baseIRI: base).quads(in: text)
}

/// The error `text` raises, or nil when it parses.
func parseError(_ text: String, _ format: RDFFormat, base: String? = nil, fileName: String? = nil) -> RDFParseError? {
    var source = MemoryByteSource(Array(text.utf8))
    do {
        try RDFParser(format: format, baseIRI: base).parse(source: &source, fileName: fileName) { _ in }
        return nil
    } catch let error as RDFParseError {
        return error
    } catch {
        return RDFParseError(fileName: nil, line: 0, column: 0, message: "unexpected error type: \(error)")
    }
}

/// Parses in recovery mode; returns the quads delivered and the errors reported.
func parseRecovering(_ text: String, _ format: RDFFormat, base: String? = nil) throws -> ([Quad], [RDFParseError]) {
    var quads: [Quad] = []
    var errors: [RDFParseError] = []
    var source = MemoryByteSource(Array(text.utf8))
    try RDFParser(format: format, baseIRI: base).parse(source: &source, onError: { errors.append($0) }) { quads.append($0) }
    return (quads, errors)
}
