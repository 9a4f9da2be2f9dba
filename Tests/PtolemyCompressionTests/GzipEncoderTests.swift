import Testing
@testable import PtolemyCompression

@Suite struct GzipEncoderTests {
    /// Reads a gzip stream back with the library's own decoder.
    func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var source = try GzipByteSource(source: MemoryByteSource(bytes), path: "test")
        return try source.readAll()
    }

    @Test func streamedPiecesDecodeToTheInput() throws {
        let input = Array((0..<300_000).map { UInt8(truncatingIfNeeded: ($0 * 31) % 97) })
        let encoder = try GzipEncoder()
        var out: [UInt8] = []
        var offset = 0
        for size in [1, 10, 1000, 65_536, 100_000] where offset < input.count {
            let end = min(offset + size, input.count)
            out += try encoder.compress(Array(input[offset..<end]))
            offset = end
        }
        out += try encoder.compress(Array(input[offset...]))
        out += try encoder.finish()
        #expect(out.prefix(2) == [0x1F, 0x8B])
        #expect(out.count < input.count / 4)
        #expect(try gunzip(out) == input)
    }

    @Test func syncFlushMakesEverythingDecodableSoFar() throws {
        let encoder = try GzipEncoder()
        let first = try encoder.compress(Array("hello, ".utf8), flush: true)
        // A sync flush ends on an empty stored block: 00 00 FF FF.
        #expect(first.suffix(4) == [0x00, 0x00, 0xFF, 0xFF])
        let rest = try encoder.compress(Array("world".utf8)) + encoder.finish()
        #expect(try gunzip(first + rest) == Array("hello, world".utf8))
    }

    @Test func emptyInputIsAValidStream() throws {
        let encoder = try GzipEncoder()
        #expect(try gunzip(try encoder.finish()) == [])
    }
}
