import Testing
import Foundation
import PtolemyRDF
@testable import PtolemyStorage

@Suite struct StoreFileTests {
    func writeDictionary(_ keys: [[UInt8]], at path: String, baseSeq: UInt64 = 1) throws -> UInt64 {
        let writer = try DictionarySegmentWriter(path: path, baseSeq: baseSeq)
        for k in keys { try k.withUnsafeBytes { _ = try writer.append($0) } }
        return try writer.finish()
    }

    @Test func dictionarySegmentLooksUpBothWays() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let keys = (0..<1000).map { TermKey.encode(.iri("http://example.org/resource/\(String(format: "%05d", $0))")) }.sorted { $0.lexicographicallyPrecedes($1) }
        let size = try writeDictionary(keys, at: dir.file("d.dict"), baseSeq: 100)
        let segment = try DictionarySegment(path: dir.file("d.dict"), fileNumber: 1, expectedSize: size, cache: BlockCache(budget: 1 << 20))
        #expect(segment.count == 1000)
        for (i, key) in keys.enumerated() {
            #expect(try segment.seq(of: key) == 100 + UInt64(i))
            #expect(try segment.key(seq: 100 + UInt64(i)) == key)
        }
        #expect(try segment.seq(of: TermKey.encode(.iri("http://example.org/resource/x"))) == nil)
        #expect(try segment.seq(of: TermKey.encode(.iri("http://a"))) == nil)
    }

    @Test func truncatedFileIsRefusedByName() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("d.dict")
        let size = try writeDictionary([TermKey.encode(.iri("http://a")), TermKey.encode(.iri("http://b"))], at: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 5).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try DictionarySegment(path: path, fileNumber: 1, expectedSize: size, cache: BlockCache(budget: 1 << 20))
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("truncated")
        }
        // Without the manifest's size, the footer check still catches it.
        #expect(throws: StorageError.self) {
            _ = try DictionarySegment(path: path, fileNumber: 1, expectedSize: nil, cache: BlockCache(budget: 1 << 20))
        }
    }

    @Test func flippedByteIsCaughtByTheBlockChecksum() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("p.part")
        let writer = try PartitionWriter(path: path, key: PartitionKey(predicate: TermID(tag: .iri, payload: 5)))
        try writer.begin(.subjectObject)
        for i in 0..<20_000 { try writer.append(a: UInt64(i), b: UInt64(i * 3), g: 0) }
        try writer.begin(.objectSubject)
        for i in 0..<20_000 { try writer.append(a: UInt64(i * 3), b: UInt64(i), g: 0) }
        let (size, _) = try writer.finish()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[40] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let segment = try PartitionSegment(path: path, fileNumber: 1, expectedSize: size, cache: BlockCache(budget: 1 << 20))
        #expect { _ = try segment.chunk(.subjectObject, 0) } throws: { "\($0)".contains("checksum") && "\($0)".contains(path) }
        #expect(throws: StorageError.self) { try segment.verify() }
    }

    @Test func partitionRoundTripsWithStatistics() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("p.part")
        let key = PartitionKey(predicate: TermID(tag: .iri, payload: 9))
        var rows: [(UInt64, UInt64, UInt64)] = []
        for s in 0..<3000 { for o in 0..<(s % 4 + 1) { rows.append((UInt64(s) + (1 << 60), UInt64(o * 1000 + s % 7), s % 10 == 0 ? 77 : 0)) } }
        rows.sort { $0 < $1 }
        let writer = try PartitionWriter(path: path, key: key)
        try writer.begin(.subjectObject)
        for r in rows { try writer.append(a: r.0, b: r.1, g: r.2) }
        try writer.append(a: rows.last!.0, b: rows.last!.1, g: rows.last!.2) // duplicate: dropped
        try writer.begin(.objectSubject)
        for r in rows.map({ ($0.1, $0.0, $0.2) }).sorted(by: { $0 < $1 }) { try writer.append(a: r.0, b: r.1, g: r.2) }
        let (size, stats) = try writer.finish()
        #expect(stats.rows == UInt64(rows.count))
        #expect(stats.distinctSubjects == 3000)
        #expect(stats.distinctObjects == UInt64(Set(rows.map(\.1)).count))
        #expect(stats.distinctGraphs == 2)
        #expect(stats.maxSubjectFrequency == 4)
        #expect(stats.topObjects.count == PartitionStatistics.topObjectCount)
        #expect(stats.objectHistogram.last?.cumulativeRows == UInt64(rows.count))
        let segment = try PartitionSegment(path: path, fileNumber: 2, expectedSize: size, cache: BlockCache(budget: 1 << 22))
        #expect(segment.statistics == stats)
        var read: [(UInt64, UInt64, UInt64)] = []
        for i in segment.zones(.subjectObject).indices {
            let c = try segment.chunk(.subjectObject, i)
            for r in 0..<c.count { read.append((c.a[r], c.b[r], c.g[r])) }
        }
        #expect(read.count == rows.count)
        #expect(zip(read, rows).allSatisfy { $0 == $1 })
        // Zone maps narrow a subject lookup to one chunk.
        let target = rows[5000].0
        let range = segment.chunkIndices(.subjectObject, a: target...target)
        #expect(range.count == 1)
    }
}
