import Testing
@testable import PtolemyGeo

@Suite struct QuadTreeSerializationTests {
    @Test func roundTripsExactly() throws {
        let entries = randomEntries(20_000, seed: 71) + [QuadTree.Entry(id: .max, box: BoundingBox(x: -0.0, y: 0))]
        var tree = QuadTree(bulk: entries)
        for entry in entries.prefix(1000) { tree.remove(entry) }
        let bytes = tree.serialized()
        let copy = try QuadTree(serialized: bytes)
        #expect(copy.count == tree.count)
        #expect(copy.nodeCount == tree.nodeCount)
        #expect(copy.bounds == tree.bounds)
        #expect(copy.leafCapacity == tree.leafCapacity)
        #expect(Set(copy.entries) == Set(tree.entries))
        for window in randomWindows(100, seed: 72) {
            #expect(sortedIDs(copy, window) == sortedIDs(tree, window))
        }
        // Serialization is deterministic, and the copy can be modified.
        #expect(copy.serialized() == bytes)
        var mutable = copy
        mutable.insert(id: 5, box: BoundingBox(x: 500, y: 500))
        #expect(mutable.ids(intersecting: BoundingBox(x: 500, y: 500)) == [5])
        // Compact: points take about 19 bytes, boxes about 35.
        #expect(bytes.count < tree.count * 30)
    }

    @Test func emptyTreeRoundTrips() throws {
        let bytes = QuadTree().serialized()
        #expect(try QuadTree(serialized: bytes).isEmpty)
    }

    @Test func refusesEveryTruncation() throws {
        let bytes = QuadTree(bulk: randomEntries(300, seed: 81)).serialized()
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: GeoError.self) { try QuadTree(serialized: Array(bytes.prefix(length))) }
        }
        #expect(throws: GeoError.self) { try QuadTree(serialized: bytes + [0]) }
    }

    @Test func refusesFlippedBytes() throws {
        let bytes = QuadTree(bulk: randomEntries(300, seed: 82)).serialized()
        for position in stride(from: 0, to: bytes.count, by: 3) {
            var damaged = bytes
            damaged[position] ^= 0x10
            do {
                _ = try QuadTree(serialized: damaged)
                Issue.record("accepted a flipped byte at \(position)")
            } catch let error as GeoError {
                #expect(error.kind == .corruptIndex)
            }
        }
    }

    /// Structural damage behind a valid checksum: the validator, not the CRC, must catch it.
    @Test func validatesStructureBehindAValidChecksum() throws {
        let tree = QuadTree(bulk: randomEntries(500, seed: 83))
        let bytes = tree.serialized()
        func resealed(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            resealedTree(bytes, edit)
        }
        func resealedTree(_ bytes: [UInt8], _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var body = Array(bytes.dropLast(4))
            edit(&body)
            var writer = ByteWriter()
            writer.append(CRC32.checksum(body))
            return body + writer.bytes
        }
        func expectRefused(_ message: String, in source: [UInt8]? = nil, _ edit: (inout [UInt8]) -> Void) {
            do {
                _ = try QuadTree(serialized: resealedTree(source ?? bytes, edit))
                Issue.record("accepted: \(message)")
            } catch let error as GeoError {
                #expect(error.kind == .corruptIndex)
                #expect(error.message.contains(message), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
        expectRefused("entries") { $0[40] &+= 1 }                        // entry count
        expectRefused("node count") { $0[48] &+= 1 }                     // node count not 1 mod 4
        expectRefused("version") { $0[4] = 9 }
        expectRefused("root cell") { body in                              // NaN root side
            withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { body.replaceSubrange(24..<32, with: $0) }
        }
        expectRefused("flags") { $0[52] = 7 }                             // root node flags
        // Two points and leaves of one: the root splits, and the last node written
        // (the north-east quadrant) holds the point (10, 10), whose Y ends the data.
        let small = QuadTree(bulk: [QuadTree.Entry(id: 1, box: BoundingBox(x: 0, y: 0)), QuadTree.Entry(id: 2, box: BoundingBox(x: 10, y: 10))],
                             leafCapacity: 1).serialized()
        #expect(try QuadTree(serialized: small).count == 2)
        expectRefused("outside its node", in: small) { body in
            withUnsafeBytes(of: (1e9 as Double).bitPattern.littleEndian) { body.replaceSubrange((body.count - 8)..<body.count, with: $0) }
        }
        expectRefused("invalid box", in: small) { body in
            withUnsafeBytes(of: Double.infinity.bitPattern.littleEndian) { body.replaceSubrange((body.count - 8)..<body.count, with: $0) }
        }
        #expect(throws: GeoError.self) { try QuadTree(serialized: Array("not a tree at all, really not".utf8) + [UInt8](repeating: 0, count: 40)) }
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        // The CRC-32 check value of "123456789" is 0xCBF43926.
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        // Slicing-by-8 agrees with the bytewise definition on every length.
        for length in [1, 7, 8, 9, 15, 16, 17, 999, 1000] {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in long.prefix(length) {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            #expect(CRC32.checksum(Array(long.prefix(length))) == ~crc)
        }
    }
}
