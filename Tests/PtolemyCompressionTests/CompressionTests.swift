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
}
