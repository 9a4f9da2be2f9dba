import Foundation
import PtolemyCompression
import PtolemyGeo

/// A geometry literal as the store keeps it: parsed once at load into WKB, with its CRS
/// and bounding box.
public struct StoredGeometry: Sendable {
    public let id: TermID
    /// The CRS IRI of the literal.
    public let crsIRI: String
    /// ISO WKB in the literal's own CRS and axis order: a slice of its block's bytes,
    /// so the geometries of a block share one buffer (copying one is a retain of an
    /// object the reader has just touched, not of one scattered allocation per literal).
    public let wkb: ArraySlice<UInt8>
    /// The extent in the literal's CRS.
    public let boundingBox: BoundingBox

    /// A geometry not read from a segment: a literal a query brought (from a SERVICE
    /// answer, say), parsed for the same access paths.
    public init(id: TermID, crsIRI: String, wkb: ArraySlice<UInt8>, boundingBox: BoundingBox) {
        self.id = id
        self.crsIRI = crsIRI
        self.wkb = wkb
        self.boundingBox = boundingBox
    }
}

/// The geometry literals one load (or compaction) first brought into the store: each
/// parsed once into WKB plus bounding box, and a persisted quad-tree over their extents
/// in CRS84 that serves every spatial access path (relation properties, topological
/// FILTERs, distance filters, spatial joins).
///
/// Partitioning geometry by the load that introduced the literal (like dictionary
/// segments) means a load never rewrites the geometry of earlier loads; a query probes
/// each segment's tree. Literals that fail to parse are listed as invalid and never
/// indexed (GeoSPARQL functions raise errors on them, so no spatial relation holds);
/// literals whose CRS cannot be mapped to CRS84 are kept unindexed and always offered as
/// candidates, for exact refinement.
public final class GeometrySegment: Sendable {
    static let entriesPerBlock = 256

    public let fileNumber: UInt32
    let reader: StoreFileReader
    /// First ID of each block, ascending.
    let blockFirstIDs: [UInt64]
    let blocks: [BlockRef]
    let blockCounts: [Int]
    let crsTable: [String]
    /// The index over indexed geometries' CRS84 extents.
    public let quadTree: QuadTree
    /// Geometry literals that did not parse, sorted.
    public let invalid: [UInt64]
    /// Parsed literals that could not be placed in CRS84 (always candidates).
    public let unindexed: [UInt64]
    public let count: Int
    let cache: BlockCache<[StoredGeometry]>

    public var path: String { reader.path }

    init(path: String, fileNumber: UInt32, expectedSize: UInt64?, cache: BlockCache<[StoredGeometry]>) throws {
        reader = try StoreFileReader(path: path, kind: .geometry, expectedSize: expectedSize)
        self.fileNumber = fileNumber
        self.cache = cache
        var r = ByteReader(reader.index, source: path)
        count = try r.int()
        let blockCount = try r.int()
        var firstIDs: [UInt64] = [], refs: [BlockRef] = [], counts: [Int] = []
        for _ in 0..<blockCount {
            firstIDs.append(try r.u64())
            refs.append(try BlockRef.read(from: &r))
            counts.append(try r.int())
        }
        guard counts.reduce(0, +) == count else {
            throw StorageError.corruption(file: path, message: "geometry block counts do not add up")
        }
        blockFirstIDs = firstIDs
        blocks = refs
        blockCounts = counts
        var crs: [String] = []
        for _ in 0..<(try r.int()) { crs.append(try r.string()) }
        crsTable = crs
        var invalid: [UInt64] = []
        for _ in 0..<(try r.int()) { invalid.append(try r.u64()) }
        self.invalid = invalid
        var unindexed: [UInt64] = []
        for _ in 0..<(try r.int()) { unindexed.append(try r.u64()) }
        self.unindexed = unindexed
        let treeRef = try BlockRef.read(from: &r)
        do {
            quadTree = try QuadTree(serialized: try reader.readCompressedBlock(treeRef))
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.corruption(file: path, message: "spatial index: \(error)")
        }
        treeBlock = treeRef
    }

    let treeBlock: BlockRef

    /// Whether this segment holds the literal `id` (parsed or invalid).
    public func contains(_ id: TermID) -> Bool {
        guard let first = blockFirstIDs.first, id.rawValue >= first else { return invalid.contains(id.rawValue) }
        return (try? geometry(id)) != nil || invalid.contains(id.rawValue)
    }

    private func block(_ i: Int) throws -> [StoredGeometry] {
        try cache.value(for: .init(file: fileNumber, block: UInt32(i))) {
            let bytes = try reader.readCompressedBlock(blocks[i])
            var r = ByteReader(bytes, source: reader.path)
            var entries: [(id: UInt64, crs: Int, box: BoundingBox, wkb: Range<Int>)] = []
            entries.reserveCapacity(blockCounts[i])
            var id = blockFirstIDs[i]
            for n in 0..<blockCounts[i] {
                if n > 0 { id += try r.varint() }
                let crs = try r.int()
                guard crs < crsTable.count else { throw StorageError.corruption(file: reader.path, message: "bad CRS index") }
                let box = BoundingBox(minX: try r.f64(), minY: try r.f64(), maxX: try r.f64(), maxY: try r.f64())
                let wkb = try r.blob()
                entries.append((id, crs, box, wkb.indices))
            }
            // The WKB stays in the decompressed block: every entry's bytes are a slice of it.
            let out = entries.map { entry in
                StoredGeometry(id: TermID(rawValue: entry.id), crsIRI: crsTable[entry.crs], wkb: bytes[entry.wkb], boundingBox: entry.box)
            }
            return (out, bytes.count + out.count * MemoryLayout<StoredGeometry>.stride)
        }
    }

    /// The stored geometry of literal `id`, if this segment parsed it.
    public func geometry(_ id: TermID) throws -> StoredGeometry? {
        var lo = 0, hi = blockFirstIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if blockFirstIDs[mid] <= id.rawValue { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let entries = try block(lo - 1)
        var a = 0, b = entries.count
        while a < b {
            let mid = (a + b) / 2
            if entries[mid].id.rawValue < id.rawValue { a = mid + 1 } else { b = mid }
        }
        return a < entries.count && entries[a].id == id ? entries[a] : nil
    }

    /// Calls `body(i, geometry)` for every `ids[i]` this segment holds whose `found[i]` is
    /// false (and sets it); `ids` must be ascending. The geometry is read in place from
    /// its cached block: a caller that needs only its box or a glance at its WKB copies
    /// nothing.
    public func visit(_ ids: [TermID], found: inout [Bool],
                      _ body: (Int, borrowing StoredGeometry) throws -> Void) throws {
        guard !blockFirstIDs.isEmpty else { return }
        var block = -1
        var entries: [StoredGeometry] = []
        var position = 0
        for (i, id) in ids.enumerated() where !found[i] {
            // The block holding id: the last whose first ID is <= id.
            var target = block
            while target + 1 < blockFirstIDs.count && blockFirstIDs[target + 1] <= id.rawValue { target += 1 }
            guard target >= 0 else { continue }
            if target != block {
                block = target
                entries = try self.block(block)
                position = 0
            }
            try entries.withUnsafeBufferPointer { buffer in
                while position < buffer.count && buffer[position].id.rawValue < id.rawValue { position += 1 }
                if position < buffer.count && buffer[position].id == id {
                    found[i] = true
                    try body(i, buffer[position])
                }
            }
        }
    }

    /// Reads every block and checks every checksum.
    public func verify() throws {
        for ref in blocks { _ = try reader.readBlock(ref) }
        _ = try reader.readBlock(treeBlock)
    }
}

/// Writes a geometry segment: literals in ascending ID order, parsed by the caller.
final class GeometrySegmentWriter {
    private let file: StoreFileWriter
    private var blockBuffer = ByteWriter(capacity: 1 << 16)
    private var inBlock = 0
    private var blockFirstID: UInt64 = 0
    private var previousID: UInt64 = 0
    private var blocks: [(UInt64, BlockRef, Int)] = []
    private var crsTable: [String] = []
    private var crsIndex: [String: Int] = [:]
    private var treeEntries: [QuadTree.Entry] = []
    private(set) var invalid: [UInt64] = []
    private(set) var unindexed: [UInt64] = []
    private(set) var count = 0

    init(path: String) throws {
        file = try StoreFileWriter(path: path, kind: .geometry)
    }

    var path: String { file.path }

    /// Adds a parsed literal; `indexBox` is its CRS84 extent (nil when it has none).
    func append(id: UInt64, literal: GeometryLiteral, indexBox: BoundingBox?) throws {
        precondition(count == 0 || id > previousID, "geometry literals must come in ascending ID order")
        if inBlock == 0 {
            blockFirstID = id
        } else {
            blockBuffer.varint(id - previousID)
        }
        let iri = literal.crs.iri
        let c: Int
        if let known = crsIndex[iri] { c = known } else {
            c = crsTable.count
            crsTable.append(iri)
            crsIndex[iri] = c
        }
        blockBuffer.varint(UInt64(c))
        let box = literal.boundingBox
        blockBuffer.f64(box.minX); blockBuffer.f64(box.minY); blockBuffer.f64(box.maxX); blockBuffer.f64(box.maxY)
        blockBuffer.blob(literal.wkb)
        if let indexBox, !indexBox.isEmpty {
            treeEntries.append(QuadTree.Entry(id: id, box: indexBox))
        } else if !literal.isEmpty {
            unindexed.append(id)
        }
        previousID = id
        inBlock += 1
        count += 1
        if inBlock == GeometrySegment.entriesPerBlock { try flushBlock() }
    }

    /// Records a literal that did not parse.
    func appendInvalid(id: UInt64) { invalid.append(id) }

    private func flushBlock() throws {
        guard inBlock > 0 else { return }
        let ref = try file.writeBlock(Zstd.compress(blockBuffer.bytes, level: 3))
        blocks.append((blockFirstID, ref, inBlock))
        blockBuffer.bytes.removeAll(keepingCapacity: true)
        inBlock = 0
    }

    /// Builds the quad-tree, writes the index and finishes the file.
    func finish() throws -> UInt64 {
        try flushBlock()
        let tree = QuadTree(bulk: treeEntries)
        let treeRef = try file.writeBlock(Zstd.compress(tree.serialized(), level: 3))
        var index = ByteWriter()
        index.varint(UInt64(count))
        index.varint(UInt64(blocks.count))
        for (first, ref, n) in blocks {
            index.u64(first)
            ref.write(to: &index)
            index.varint(UInt64(n))
        }
        index.varint(UInt64(crsTable.count))
        for c in crsTable { index.string(c) }
        index.varint(UInt64(invalid.count))
        for id in invalid.sorted() { index.u64(id) }
        index.varint(UInt64(unindexed.count))
        for id in unindexed { index.u64(id) }
        treeRef.write(to: &index)
        return try file.finish(index: index.bytes)
    }

    func abandon() { file.abandon() }
}
