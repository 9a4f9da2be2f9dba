import Testing
import Foundation
@testable import PtolemyCompression

@Suite struct CompressionTests {
    @Test func zstdRoundTrips() throws {
        let input = Array((0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let compressed = Zstd.compress(input)
        #expect(compressed.count < input.count / 10)
        #expect(try Zstd.decompress(compressed) == input)
        #expect(try Zstd.decompress(Zstd.compress([UInt8]())) == [])
    }

    @Test func zstdRefusesDamagedFrames() {
        let compressed = Zstd.compress(Array(repeating: 7, count: 5000))
        #expect(throws: CompressionError.self) { try Zstd.decompress(Array(compressed.dropLast(3))) }
        #expect(throws: CompressionError.self) { try Zstd.decompress([1, 2, 3, 4, 5, 6, 7, 8, 9]) }
    }

    @Test func crc32MatchesKnownValue() {
        // The standard check value of CRC-32 for "123456789".
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        let a = CRC32.checksum(Array("12345".utf8))
        #expect(CRC32.checksum(Array("6789".utf8), seed: a) == 0xCBF4_3926)
    }

    @Test(arguments: ["gzip", "zstd"])
    func compressedFilesStream(tool: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-compression-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(repeating: "<http://ex/s> <http://ex/p> \"o\" .\n", count: 20_000)
        let plain = dir.appendingPathComponent("data.nt")
        try text.write(to: plain, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = tool == "gzip" ? ["gzip", "-k", plain.path] : ["zstd", "-q", "-k", plain.path]
        try process.run()
        process.waitUntilExit()
        let compressedPath = plain.path + (tool == "gzip" ? ".gz" : ".zst")
        var source = try InputFile.open(compressedPath)
        #expect(try source.readAll() == Array(text.utf8))
        var plainSource = try InputFile.open(plain.path)
        #expect(try plainSource.readAll() == Array(text.utf8))
    }

    @Test func truncatedGzipIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("x.txt")
        try Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7919 % 256) }).write(to: plain)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", plain.path]
        try process.run()
        process.waitUntilExit()
        let gz = try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz"))
        try gz.prefix(gz.count / 2).write(to: URL(fileURLWithPath: plain.path + ".gz"))
        var source = try InputFile.open(plain.path + ".gz")
        #expect(throws: CompressionError.self) { _ = try source.readAll() }
    }

    /// 2 000 lines of `<http://ex/s> <http://ex/p> "o" .` as an xz stream (CRC-64 check),
    /// made with Python's lzma module.
    static let xzLines: [UInt8] = [
        0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04, 0xE6, 0xD6, 0xB4, 0x46, 0x02, 0x00, 0x21, 0x01,
        0x16, 0x00, 0x00, 0x00, 0x74, 0x2F, 0xE5, 0xA3, 0xE1, 0x09, 0x9F, 0x00, 0x66, 0x5D, 0x00, 0x1E,
        0x1A, 0x0A, 0x98, 0x70, 0x1D, 0x04, 0xA9, 0xEE, 0x45, 0x78, 0x09, 0xBA, 0x0C, 0x99, 0x68, 0x88,
        0xD0, 0x1B, 0x44, 0x4A, 0xE9, 0xD4, 0x66, 0x26, 0x88, 0x23, 0x06, 0x8D, 0x58, 0xDD, 0x3F, 0x73,
        0x9B, 0xB2, 0x55, 0x57, 0x1E, 0xA6, 0x56, 0x2F, 0xF5, 0x5D, 0x01, 0x42, 0x50, 0xF7, 0xF6, 0x19,
        0xB6, 0x24, 0xC1, 0x87, 0xF0, 0xCD, 0xD7, 0x3F, 0x77, 0xBB, 0xBE, 0xFF, 0x35, 0x33, 0x33, 0xC2,
        0xCD, 0x89, 0xFB, 0x75, 0xDD, 0x18, 0x50, 0x65, 0x7B, 0xF5, 0x3F, 0x22, 0x7C, 0x58, 0xDA, 0x6E,
        0x30, 0xD3, 0xCE, 0x4F, 0xC0, 0x5F, 0x1D, 0x98, 0x3A, 0xF1, 0x29, 0xDA, 0x3B, 0xEF, 0x3F, 0x26,
        0x56, 0xC5, 0x69, 0xC7, 0x00, 0x00, 0x00, 0x00, 0x1A, 0x5A, 0xF0, 0x13, 0xE6, 0xC9, 0x70, 0xB8,
        0x00, 0x01, 0x82, 0x01, 0xA0, 0x93, 0x04, 0x00, 0x16, 0x92, 0x1F, 0x7B, 0xB1, 0xC4, 0x67, 0xFB,
        0x02, 0x00, 0x00, 0x00, 0x00, 0x04, 0x59, 0x5A,
    ]
    static let xzText = String(repeating: "<http://ex/s> <http://ex/p> \"o\" .\n", count: 2000)

    @Test func xzFilesStreamAndConcatenatedStreamsFollowEachOther() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-xz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("data.nt.xz").path
        try Data(Self.xzLines).write(to: URL(fileURLWithPath: path))
        var source = try InputFile.open(path)
        #expect(try source.readAll() == Array(Self.xzText.utf8))
        // Two streams back to back read as their concatenation (as `xz -d` does).
        try Data(Self.xzLines + Self.xzLines).write(to: URL(fileURLWithPath: path))
        var twice = try InputFile.open(path)
        #expect(try twice.readAll() == Array((Self.xzText + Self.xzText).utf8))
    }

    @Test func damagedXzIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-xz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("data.nt.xz").path
        try Data(Self.xzLines.prefix(Self.xzLines.count - 20)).write(to: URL(fileURLWithPath: path))
        var truncated = try InputFile.open(path)
        #expect(throws: CompressionError.self) { _ = try truncated.readAll() }
        var flipped = Self.xzLines
        flipped[60] ^= 0xFF
        try Data(flipped).write(to: URL(fileURLWithPath: path))
        var corrupt = try InputFile.open(path)
        #expect(throws: CompressionError.self) { _ = try corrupt.readAll() }
    }
}
