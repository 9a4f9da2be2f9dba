import Foundation
import PtolemyCompression

/// One immutable dictionary file: term keys in byte order, numbered consecutively
/// from `baseSeq`.
///
/// Keys are front-coded in blocks of ``keysPerBlock`` and each block is zstd-compressed;
/// the index keeps every block's first key in memory for binary search.
/// - Complexity: key → seq and seq → key cost one binary search over blocks and one
///   block decode (cached), O(log B + keysPerBlock).
public final class DictionarySegment: Sendable {
    public static let keysPerBlock = 128

    public let baseSeq: UInt64
    public let count: UInt64
    public let fileNumber: UInt32
    let reader: StoreFileReader
    let blocks: [BlockRef]
    let firstKeys: [[UInt8]]
    let cache: BlockCache<DecodedKeyBlock>
    /// For segments written from update deltas, whose numbers were handed out in arrival
    /// order rather than key order: the number (minus base) of the key at each position,
    /// and the inverse. Empty for bulk-loaded segments, where position == number - base.
    let seqAtPosition: [UInt32]
    let positionOfSeq: [UInt32]

    public var path: String { reader.path }

    /// Opens a dictionary file.
    public init(path: String, fileNumber: UInt32, expectedSize: UInt64?, cache: BlockCache<DecodedKeyBlock>) throws {
        reader = try StoreFileReader(path: path, kind: .dictionary, expectedSize: expectedSize)
        self.fileNumber = fileNumber
        self.cache = cache
        var r = ByteReader(reader.index, source: path)
        baseSeq = try r.u64()
        count = try r.u64()
        let perBlock = try r.int()
        guard perBlock == DictionarySegment.keysPerBlock else {
            throw StorageError.corruption(file: path, message: "unexpected dictionary block size \(perBlock)")
        }
        let blockCount = try r.int()
        guard UInt64(blockCount) == (count + UInt64(perBlock) - 1) / UInt64(perBlock) else {
            throw StorageError.corruption(file: path, message: "dictionary index is inconsistent")
        }
        var blocks: [BlockRef] = []
        var firstKeys: [[UInt8]] = []
        blocks.reserveCapacity(blockCount)
        firstKeys.reserveCapacity(blockCount)
        for _ in 0..<blockCount {
            blocks.append(try BlockRef.read(from: &r))
            firstKeys.append(Array(try r.blob()))
        }
        self.blocks = blocks
        self.firstKeys = firstKeys
        let permuted = try r.u8()
        if permuted == 1 {
            var seqAt = [UInt32](repeating: 0, count: Int(count))
            var positionOf = [UInt32](repeating: UInt32.max, count: Int(count))
            for position in 0..<Int(count) {
                let s = try r.u32()
                guard s < UInt32(count), positionOf[Int(s)] == UInt32.max else {
                    throw StorageError.corruption(file: path, message: "dictionary numbering is not a permutation")
                }
                seqAt[position] = s
                positionOf[Int(s)] = UInt32(position)
            }
            seqAtPosition = seqAt
            positionOfSeq = positionOf
        } else {
            seqAtPosition = []
            positionOfSeq = []
        }
    }

    @inline(__always)
    func position(ofSeq seq: UInt64) -> Int {
        let i = Int(seq - baseSeq)
        return positionOfSeq.isEmpty ? i : Int(positionOfSeq[i])
    }

    /// Whether `seq` belongs to this segment.
    @inlinable public func contains(seq: UInt64) -> Bool { seq >= baseSeq && seq < baseSeq + count }

    func block(_ i: Int) throws -> DecodedKeyBlock {
        try cache.value(for: .init(file: fileNumber, block: UInt32(i))) {
            let bytes = try reader.readCompressedBlock(blocks[i])
            let expected = i == blocks.count - 1 ? Int(count) - i * DictionarySegment.keysPerBlock : DictionarySegment.keysPerBlock
            let decoded = try DecodedKeyBlock(frontCoded: bytes, count: expected, source: reader.path)
            return (decoded, decoded.bytes.count + decoded.offsets.count * 4 + 64)
        }
    }

    /// The key numbered `seq`.
    public func key(seq: UInt64) throws -> [UInt8] {
        precondition(contains(seq: seq))
        let index = position(ofSeq: seq)
        let b = try block(index / DictionarySegment.keysPerBlock)
        return b.key(index % DictionarySegment.keysPerBlock)
    }

    /// Runs `body` on the key numbered `seq` without copying it.
    public func withKey<R>(seq: UInt64, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let index = position(ofSeq: seq)
        let b = try block(index / DictionarySegment.keysPerBlock)
        return try b.withKey(index % DictionarySegment.keysPerBlock, body)
    }

    /// The number of `key`, when this segment holds it.
    public func seq(of key: [UInt8]) throws -> UInt64? {
        // The last block whose first key is <= key.
        var lo = 0, hi = firstKeys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if firstKeys[mid].lexicographicallyPrecedes(key) || firstKeys[mid] == key { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let blockIndex = lo - 1
        let b = try block(blockIndex)
        guard let i = b.find(key) else { return nil }
        let position = blockIndex * DictionarySegment.keysPerBlock + i
        return baseSeq + UInt64(seqAtPosition.isEmpty ? position : Int(seqAtPosition[position]))
    }

    /// All block references (for verification).
    public var blockRefs: [BlockRef] { blocks }
}

/// A decoded block of keys: their bytes back to back, and where each starts.
public struct DecodedKeyBlock: Sendable {
    let bytes: [UInt8]
    let offsets: [Int32]

    init(frontCoded: [UInt8], count: Int, source: String) throws {
        var r = ByteReader(frontCoded, source: source)
        var bytes: [UInt8] = []
        var offsets: [Int32] = [0]
        bytes.reserveCapacity(frontCoded.count * 3)
        offsets.reserveCapacity(count + 1)
        var previousStart = 0
        for _ in 0..<count {
            let shared = try r.int()
            let suffix = try r.blob()
            let previousLength = bytes.count - previousStart
            guard shared <= previousLength else { throw StorageError.corruption(file: source, message: "bad front coding") }
            let start = bytes.count
            if shared > 0 { bytes.append(contentsOf: bytes[previousStart..<previousStart + shared]) }
            bytes.append(contentsOf: suffix)
            previousStart = start
            offsets.append(Int32(bytes.count))
        }
        guard r.isAtEnd else { throw StorageError.corruption(file: source, message: "trailing bytes in a dictionary block") }
        self.bytes = bytes
        self.offsets = offsets
    }

    func key(_ i: Int) -> [UInt8] { Array(bytes[Int(offsets[i])..<Int(offsets[i + 1])]) }

    func withKey<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(offsets[i])..<Int(offsets[i + 1])])) }
    }

    func find(_ key: [UInt8]) -> Int? {
        var lo = 0, hi = offsets.count - 1
        return bytes.withUnsafeBytes { all in
            key.withUnsafeBytes { k in
                while lo < hi {
                    let mid = (lo + hi) / 2
                    let candidate = UnsafeRawBufferPointer(rebasing: all[Int(offsets[mid])..<Int(offsets[mid + 1])])
                    let c = compareBytes(candidate, k)
                    if c == 0 { return mid }
                    if c < 0 { lo = mid + 1 } else { hi = mid }
                }
                return nil
            }
        }
    }
}

/// Byte-wise comparison (memcmp order, shorter prefix first).
@inlinable
public func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
        let c = memcmp(a.baseAddress!, b.baseAddress!, n)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}

/// Writes a dictionary file from keys given in strictly increasing byte order.
public final class DictionarySegmentWriter {
    private let file: StoreFileWriter
    private let baseSeq: UInt64
    private var count: UInt64 = 0
    private var blockBuffer = ByteWriter(capacity: 1 << 16)
    private var inBlock = 0
    private var previous: [UInt8] = []
    private var blocks: [(BlockRef, [UInt8])] = []
    private var firstKey: [UInt8] = []

    private var explicitSeqs: [UInt32] = []

    public init(path: String, baseSeq: UInt64) throws {
        file = try StoreFileWriter(path: path, kind: .dictionary)
        self.baseSeq = baseSeq
    }

    /// Appends a key (greater than the previous one) that already has a number:
    /// for segments written from update deltas. All keys of such a segment must use
    /// this method and their numbers must cover base..<base+count exactly.
    public func append(_ key: UnsafeRawBufferPointer, seq: UInt64) throws {
        precondition(seq >= baseSeq && seq - baseSeq < UInt64(UInt32.max))
        explicitSeqs.append(UInt32(seq - baseSeq))
        _ = try append(key)
    }

    /// The seq the next key will get.
    public var nextSeq: UInt64 { baseSeq + count }

    /// Appends a key (greater than the previous one) and returns its seq.
    @discardableResult
    public func append(_ key: UnsafeRawBufferPointer) throws -> UInt64 {
        var shared = 0
        let limit = min(previous.count, key.count)
        while shared < limit && previous[shared] == key[shared] { shared += 1 }
        if inBlock == 0 {
            firstKey = Array(key)
            shared = 0
        }
        blockBuffer.varint(UInt64(shared))
        blockBuffer.varint(UInt64(key.count - shared))
        blockBuffer.bytes.append(contentsOf: key[shared...])
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: key)
        inBlock += 1
        count += 1
        if inBlock == DictionarySegment.keysPerBlock { try flushBlock() }
        return baseSeq + count - 1
    }

    private func flushBlock() throws {
        guard inBlock > 0 else { return }
        let ref = try file.writeBlock(Zstd.compress(blockBuffer.bytes, level: 3))
        blocks.append((ref, firstKey))
        blockBuffer.bytes.removeAll(keepingCapacity: true)
        inBlock = 0
    }

    /// Finishes the file; returns its size.
    public func finish() throws -> UInt64 {
        try flushBlock()
        var index = ByteWriter()
        index.u64(baseSeq)
        index.u64(count)
        index.varint(UInt64(DictionarySegment.keysPerBlock))
        index.varint(UInt64(blocks.count))
        for (ref, first) in blocks {
            ref.write(to: &index)
            index.blob(first)
        }
        if explicitSeqs.isEmpty {
            index.u8(0)
        } else {
            precondition(explicitSeqs.count == Int(count), "every key of a renumbered segment needs its number")
            index.u8(1)
            for s in explicitSeqs { index.u32(s) }
        }
        return try file.finish(index: index.bytes)
    }

    public func abandon() { file.abandon() }

    public var path: String { file.path }
    public var keyCount: UInt64 { count }
}
