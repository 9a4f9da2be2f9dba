/// Changes committed since the last compaction: new terms, added and deleted rows,
/// created and dropped graphs. Held in memory, made durable by the write-ahead log,
/// folded into segments by compaction.
///
/// A value type: a snapshot holds one delta and never sees later commits (copy-on-write
/// keeps unchanged partitions' arrays shared).
///
/// Invariants: for each partition, added rows are not in the partition's segment and
/// deleted rows are; the two sort orders hold the same rows.
public struct StoreDelta: Sendable {
    public internal(set) var terms: DeltaTerms
    var partitions: [PartitionKey: PartitionDelta] = [:]
    /// Named graphs created or dropped (explicitly, or by their first quad).
    var graphsCreated: Set<UInt64> = []
    var graphsDropped: Set<UInt64> = []

    init(baseSeq: UInt64) { terms = DeltaTerms(baseSeq: baseSeq) }

    public var isEmpty: Bool {
        terms.keys.isEmpty && partitions.isEmpty && graphsCreated.isEmpty && graphsDropped.isEmpty
    }

    /// Rows added and deleted in all, for the compaction trigger.
    public var changedRows: Int { partitions.values.reduce(0) { $0 + $1.addedSO.count + $1.deletedSO.count } }

    func partition(_ key: PartitionKey) -> PartitionDelta? { partitions[key] }
}

/// Terms first seen by updates, numbered from `baseSeq` in arrival order.
public struct DeltaTerms: Sendable {
    public let baseSeq: UInt64
    var keys: [[UInt8]] = []
    var index: [[UInt8]: UInt64] = [:]

    init(baseSeq: UInt64) { self.baseSeq = baseSeq }

    /// The next free sequence number.
    public var nextSeq: UInt64 { baseSeq + UInt64(keys.count) }

    func id(forKey key: [UInt8]) -> TermID? { index[key].map(TermID.init(rawValue:)) }

    func key(for id: TermID) -> [UInt8]? {
        let seq = id.payload
        guard seq >= baseSeq, seq < nextSeq else { return nil }
        return keys[Int(seq - baseSeq)]
    }

    /// The ID of `key`, numbering it when new.
    mutating func intern(_ key: [UInt8]) -> TermID {
        if let id = index[key] { return TermID(rawValue: id) }
        let tag = TermID.Tag(rawValue: key[0]) ?? .typedLiteral
        let id = TermID(tag: tag, payload: nextSeq)
        keys.append(key)
        index[key] = id.rawValue
        return id
    }

    /// Re-creates a term with the number it had (WAL replay).
    mutating func restore(_ key: [UInt8], id: TermID) throws {
        guard id.payload == nextSeq else {
            throw StorageError.corruption(file: "write-ahead log", message: "term numbers are out of sequence")
        }
        keys.append(key)
        index[key] = id.rawValue
    }
}

/// One partition's delta, each list sorted and free of duplicates.
struct PartitionDelta: Sendable {
    var addedSO: [Row] = []
    var addedOS: [Row] = []
    var deletedSO: [Row] = []
    var deletedOS: [Row] = []

    var isEmpty: Bool { addedSO.isEmpty && deletedSO.isEmpty }

    func added(_ order: SortOrder) -> [Row] { order == .subjectObject ? addedSO : addedOS }
    func deleted(_ order: SortOrder) -> [Row] { order == .subjectObject ? deletedSO : deletedOS }
}

extension Array where Element == Row {
    /// The index of the first row not less than `row`.
    func lowerBound(_ row: Row) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < row { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    func containsSorted(_ row: Row) -> Bool {
        let i = lowerBound(row)
        return i < count && self[i] == row
    }

    /// Inserts `row` keeping the order; false when it was there.
    mutating func insertSorted(_ row: Row) -> Bool {
        let i = lowerBound(row)
        if i < count && self[i] == row { return false }
        insert(row, at: i)
        return true
    }

    /// Removes `row`; false when it was not there.
    mutating func removeSorted(_ row: Row) -> Bool {
        let i = lowerBound(row)
        guard i < count && self[i] == row else { return false }
        remove(at: i)
        return true
    }
}
