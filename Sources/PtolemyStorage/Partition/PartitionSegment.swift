import PtolemyCompression
import Synchronization

/// The min/max of a chunk's columns: lets scans skip chunks without decoding them.
public struct ChunkZone: Sendable {
    public var minA: UInt64, maxA: UInt64
    public var minB: UInt64, maxB: UInt64
    public var rows: Int
    /// The index of the chunk's first row within its sort order.
    public var firstRow: Int
    var block: BlockRef
}

/// One partition's immutable file: its rows in subject order and in object order,
/// cut into compressed column chunks with zone maps, and its statistics.
///
/// A per-class `rdf:type` partition stores only the subject order: its object is the
/// class itself, so the object order is the same row sequence (see ``chunk(_:_:)``).
public final class PartitionSegment: Sendable {
    /// Rows per chunk: small enough that a point lookup decodes little, large enough to compress well.
    public static let rowsPerChunk = 8192

    public let key: PartitionKey
    public let statistics: PartitionStatistics
    public let fileNumber: UInt32
    let reader: StoreFileReader
    let zones: [[ChunkZone]]
    let cache: BlockCache<ColumnChunk>
    /// Whole sort orders decoded into memory ("pinned"), when the store's budget allows:
    /// point lookups then binary-search one array, with no chunk cache in between.
    private let pinned = Mutex<[DecodedOrder?]>([nil, nil])
    let pinBudget: PinBudget?

    public var path: String { reader.path }
    public var fileSize: UInt64 { reader.size }
    public var rowCount: Int { Int(statistics.rows) }

    public init(path: String, fileNumber: UInt32, expectedSize: UInt64?, cache: BlockCache<ColumnChunk>,
                pinBudget: PinBudget? = nil) throws {
        reader = try StoreFileReader(path: path, kind: .partition, expectedSize: expectedSize)
        self.fileNumber = fileNumber
        self.cache = cache
        self.pinBudget = pinBudget
        var r = ByteReader(reader.index, source: path)
        key = PartitionKey(predicate: TermID(rawValue: try r.u64()), typeClass: TermID(rawValue: try r.u64()))
        statistics = try PartitionStatistics.read(from: &r)
        let orderCount = try r.int()
        guard orderCount == (key.isClassPartition ? 1 : 2) else {
            throw StorageError.corruption(file: path, message: "unexpected number of sort orders")
        }
        var zones: [[ChunkZone]] = []
        for _ in 0..<orderCount {
            let chunks = try r.int()
            guard chunks <= 1 << 26 else { throw StorageError.corruption(file: path, message: "implausible chunk count") }
            var list: [ChunkZone] = []
            list.reserveCapacity(chunks)
            var firstRow = 0
            for _ in 0..<chunks {
                let block = try BlockRef.read(from: &r)
                let rows = try r.int()
                let zone = ChunkZone(minA: try r.u64(), maxA: try r.u64(), minB: try r.u64(), maxB: try r.u64(),
                                     rows: rows, firstRow: firstRow, block: block)
                firstRow += rows
                list.append(zone)
            }
            guard firstRow == Int(statistics.rows) else {
                throw StorageError.corruption(file: path, message: "chunk row counts do not add up to the partition's rows")
            }
            zones.append(list)
        }
        self.zones = zones
    }

    /// The zone maps of one sort order.
    public func zones(_ order: SortOrder) -> [ChunkZone] {
        key.isClassPartition ? zones[0] : zones[order.rawValue]
    }

    /// The decoded chunk `index` of `order` (cached).
    ///
    /// For a class partition asked for object order, the chunk's columns are swapped
    /// so that `a` is the object (the class) and `b` the subject.
    public func chunk(_ order: SortOrder, _ index: Int) throws -> ColumnChunk {
        let stored = key.isClassPartition ? 0 : order.rawValue
        let chunk = try cache.value(for: .init(file: fileNumber, block: UInt32(stored << 31 | index))) {
            let zone = zones[stored][index]
            let bytes = try reader.readCompressedBlock(zone.block)
            let chunk = try ColumnChunk.decode(bytes, source: reader.path)
            guard chunk.count == zone.rows else {
                throw StorageError.corruption(file: reader.path, message: "chunk \(index) holds \(chunk.count) rows, its index says \(zone.rows)")
            }
            return (chunk, chunk.byteSize)
        }
        if key.isClassPartition && order == .objectSubject {
            return ColumnChunk(a: chunk.b, b: chunk.a, g: chunk.g)
        }
        return chunk
    }

    /// Indices of the chunks of `order` whose `a` range meets `range`.
    public func chunkIndices(_ order: SortOrder, a range: ClosedRange<UInt64>) -> Range<Int> {
        let list = zones(order)
        if key.isClassPartition && order == .objectSubject {
            return range.contains(key.typeClass.rawValue) ? 0..<list.count : 0..<0
        }
        // Zones are sorted by a: binary search the first chunk whose maxA >= lower bound.
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].maxA < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < list.count && list[end].minA <= range.upperBound { end += 1 }
        return lo..<end
    }

    /// The rows of one stored order as whole columns, decoding and pinning them on first
    /// use when the store's pin budget has room; nil otherwise (use the chunks).
    /// Class partitions have only the subject order (ask for `.subjectObject`).
    public func decodedOrder(_ order: SortOrder) throws -> DecodedOrder? {
        let stored = key.isClassPartition ? 0 : order.rawValue
        if let hit = pinned.withLock({ $0[stored] }) { return hit }
        guard let pinBudget, pinBudget.reserve(rowCount * 24) else { return nil }
        var a: [UInt64] = [], b: [UInt64] = [], g: [UInt64] = []
        a.reserveCapacity(rowCount); b.reserveCapacity(rowCount); g.reserveCapacity(rowCount)
        for zone in zones[stored] {
            let bytes = try reader.readCompressedBlock(zone.block)
            let chunk = try ColumnChunk.decode(bytes, source: reader.path)
            a.append(contentsOf: chunk.a); b.append(contentsOf: chunk.b); g.append(contentsOf: chunk.g)
        }
        let decoded = DecodedOrder(a: a, b: b, g: g)
        return pinned.withLock { slot in
            if let existing = slot[stored] {
                pinBudget.release(rowCount * 24)
                return existing
            }
            slot[stored] = decoded
            return decoded
        }
    }

    deinit {
        let held = pinned.withLock { $0.compactMap { $0 }.count }
        pinBudget?.release(held * rowCount * 24)
    }

    /// Reads every block, checking every checksum.
    public func verify() throws {
        for list in zones {
            for zone in list { _ = try reader.readBlock(zone.block) }
        }
    }
}

/// Writes a partition file: rows arrive sorted, first in subject order, then (unless
/// it is a class partition) in object order. Consecutive duplicate rows are dropped.
public final class PartitionWriter {
    private let file: StoreFileWriter
    public let key: PartitionKey
    private var order: SortOrder?
    private var zones: [[ChunkZone]] = [[], []]
    private var a: [UInt64] = [], b: [UInt64] = [], g: [UInt64] = []
    private var last: (UInt64, UInt64, UInt64)?
    private var statistics = PartitionStatistics()
    private var graphs = Set<UInt64>()
    private var runA: UInt64 = 0
    private var runLength: UInt64 = 0
    private var orderRows: UInt64 = 0
    private var histogramNext: UInt64 = 0
    private var cumulative: UInt64 = 0

    public init(path: String, key: PartitionKey) throws {
        file = try StoreFileWriter(path: path, kind: .partition)
        self.key = key
        a.reserveCapacity(PartitionSegment.rowsPerChunk)
        b.reserveCapacity(PartitionSegment.rowsPerChunk)
        g.reserveCapacity(PartitionSegment.rowsPerChunk)
    }

    /// Starts the rows of `order` (subject order first).
    public func begin(_ order: SortOrder) throws {
        try endOrder()
        self.order = order
        last = nil
        runLength = 0
        orderRows = 0
        cumulative = 0
        if order == .objectSubject {
            histogramNext = max(statistics.rows / UInt64(PartitionStatistics.histogramBuckets), 1)
        }
    }

    /// Appends a row of the current order: `a` is the sort column.
    @inline(__always)
    public func append(a va: UInt64, b vb: UInt64, g vg: UInt64) throws {
        if let last, last == (va, vb, vg) { return }
        assert(last.map { ($0.0, $0.1, $0.2) <= (va, vb, vg) } ?? true, "rows must arrive sorted")
        if last == nil || last!.0 != va { closeRun(newA: va) }
        runLength += 1
        last = (va, vb, vg)
        a.append(va); b.append(vb); g.append(vg)
        orderRows += 1
        if order == .subjectObject { graphs.insert(vg) }
        if a.count == PartitionSegment.rowsPerChunk { try flushChunk() }
    }

    private func closeRun(newA: UInt64) {
        defer { runA = newA; runLength = 0 }
        guard runLength > 0, let order else { return }
        switch order {
        case .subjectObject:
            statistics.distinctSubjects += 1
            statistics.maxSubjectFrequency = max(statistics.maxSubjectFrequency, runLength)
        case .objectSubject:
            statistics.distinctObjects += 1
            statistics.maxObjectFrequency = max(statistics.maxObjectFrequency, runLength)
            recordTopObject(TermID(rawValue: runA), runLength)
            cumulative += runLength
            if cumulative >= histogramNext {
                statistics.objectHistogram.append((TermID(rawValue: runA), cumulative))
                let bucket = max(statistics.rows / UInt64(PartitionStatistics.histogramBuckets), 1)
                histogramNext = (cumulative / bucket + 1) * bucket
            }
        }
    }

    private func recordTopObject(_ id: TermID, _ count: UInt64) {
        var top = statistics.topObjects
        if top.count == PartitionStatistics.topObjectCount, let smallest = top.last, smallest.1 >= count { return }
        let position = top.firstIndex { $0.1 < count } ?? top.count
        top.insert((id, count), at: position)
        if top.count > PartitionStatistics.topObjectCount { top.removeLast() }
        statistics.topObjects = top
    }

    private func flushChunk() throws {
        guard let order, !a.isEmpty else { return }
        var w = ByteWriter(capacity: a.count * 6)
        ColumnChunk.encode(a: a[...], b: b[...], g: g[...], into: &w)
        let block = try file.writeBlock(Zstd.compress(w.bytes, level: 3))
        var minB = UInt64.max, maxB: UInt64 = 0
        for v in b { minB = min(minB, v); maxB = max(maxB, v) }
        let list = zones[order.rawValue]
        let firstRow = (list.last?.firstRow ?? 0) + (list.last?.rows ?? 0)
        zones[order.rawValue].append(ChunkZone(minA: a.first!, maxA: a.last!, minB: minB, maxB: maxB,
                                               rows: a.count, firstRow: firstRow, block: block))
        a.removeAll(keepingCapacity: true)
        b.removeAll(keepingCapacity: true)
        g.removeAll(keepingCapacity: true)
    }

    private func endOrder() throws {
        guard let order else { return }
        closeRun(newA: 0)
        try flushChunk()
        switch order {
        case .subjectObject:
            statistics.rows = orderRows
            statistics.distinctGraphs = UInt64(graphs.count)
        case .objectSubject:
            if orderRows != statistics.rows {
                throw StorageError.refused("partition \(key): object order has \(orderRows) rows, subject order \(statistics.rows)")
            }
            if let lastBucket = statistics.objectHistogram.last, lastBucket.cumulativeRows < cumulative {
                statistics.objectHistogram.append((TermID(rawValue: last!.0), cumulative))
            }
        }
        self.order = nil
    }

    /// Finishes the file and returns its size and statistics.
    public func finish() throws -> (size: UInt64, statistics: PartitionStatistics) {
        try endOrder()
        if key.isClassPartition {
            statistics.distinctObjects = statistics.rows > 0 ? 1 : 0
            statistics.maxObjectFrequency = statistics.rows
            statistics.topObjects = statistics.rows > 0 ? [(key.typeClass, statistics.rows)] : []
            statistics.objectHistogram = statistics.rows > 0 ? [(key.typeClass, statistics.rows)] : []
        }
        var index = ByteWriter()
        index.u64(key.predicate.rawValue)
        index.u64(key.typeClass.rawValue)
        statistics.write(to: &index)
        let orders = key.isClassPartition ? 1 : 2
        index.varint(UInt64(orders))
        for o in 0..<orders {
            index.varint(UInt64(zones[o].count))
            for zone in zones[o] {
                zone.block.write(to: &index)
                index.varint(UInt64(zone.rows))
                index.u64(zone.minA); index.u64(zone.maxA); index.u64(zone.minB); index.u64(zone.maxB)
            }
        }
        let size = try file.finish(index: index.bytes)
        return (size, statistics)
    }

    public func abandon() { file.abandon() }
    public var path: String { file.path }
}

extension PartitionSegment {
    /// Whether the segment holds the row (given in subject order: a = subject, b = object).
    public func contains(subject: UInt64, object: UInt64, graph: UInt64) throws -> Bool {
        let target = Row(a: subject, b: object, g: graph)
        for i in chunkIndices(.subjectObject, a: subject...subject) {
            let c = try chunk(.subjectObject, i)
            // Binary search for the first row >= target.
            var lo = 0, hi = c.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Row(a: c.a[mid], b: c.b[mid], g: c.g[mid]) < target { lo = mid + 1 } else { hi = mid }
            }
            if lo < c.count && c.a[lo] == subject && c.b[lo] == object && c.g[lo] == graph { return true }
        }
        return false
    }
}

/// One sort order of a partition, decoded: `a` is the sort column.
public final class DecodedOrder: Sendable {
    public let a: [UInt64]
    public let b: [UInt64]
    public let g: [UInt64]

    init(a: [UInt64], b: [UInt64], g: [UInt64]) {
        self.a = a
        self.b = b
        self.g = g
    }

    /// The rows whose sort column equals `value`.
    @inline(__always)
    public func range(of value: UInt64) -> Range<Int> {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < a.count && a[end] == value { end += 1 }
        return lo..<end
    }

    /// The rows whose sort column lies in `range`.
    public func range(in range: ClosedRange<UInt64>) -> Range<Int> {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var end = lo, top = a.count
        while end < top {
            let mid = (end + top) / 2
            if a[mid] <= range.upperBound { end = mid + 1 } else { top = mid }
        }
        return lo..<end
    }
}

/// How many bytes of decoded partitions a store may keep pinned in memory.
public final class PinBudget: Sendable {
    private let used = Atomic<Int>(0)
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    /// Takes `bytes` from the budget; false when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        let total = used.add(bytes, ordering: .relaxed).newValue
        if total > limit {
            used.subtract(bytes, ordering: .relaxed)
            return false
        }
        return true
    }

    func release(_ bytes: Int) { used.subtract(bytes, ordering: .relaxed) }

    /// Bytes pinned now.
    public var pinnedBytes: Int { used.load(ordering: .relaxed) }
}
