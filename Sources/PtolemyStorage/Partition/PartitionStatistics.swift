/// What the planner knows about a partition without reading its rows.
///
/// Built while the partition is written (both sort orders stream through the writer,
/// so distinct counts and frequencies are exact, not sampled).
public struct PartitionStatistics: Sendable, Equatable {
    /// Number of rows (distinct (subject, object, graph) triples).
    public var rows: UInt64 = 0
    /// Number of distinct subjects.
    public var distinctSubjects: UInt64 = 0
    /// Number of distinct objects.
    public var distinctObjects: UInt64 = 0
    /// Number of distinct graphs (the default graph counts as one).
    public var distinctGraphs: UInt64 = 0
    /// The largest number of rows sharing one subject.
    public var maxSubjectFrequency: UInt64 = 0
    /// The largest number of rows sharing one object.
    public var maxObjectFrequency: UInt64 = 0
    /// The most frequent objects with their row counts, most frequent first.
    public var topObjects: [(TermID, UInt64)] = []
    /// An equi-depth histogram over objects: each bucket's largest object and the
    /// number of rows up to and including it. Inline numbers and dates sort by value
    /// within their tag, so this is a value histogram for them.
    public var objectHistogram: [(upperBound: TermID, cumulativeRows: UInt64)] = []

    public init() {}

    public static let topObjectCount = 16
    public static let histogramBuckets = 32

    /// Estimated rows whose object equals `object`.
    public func estimatedRows(object: TermID) -> Double {
        if let hit = topObjects.first(where: { $0.0 == object }) { return Double(hit.1) }
        guard distinctObjects > 0 else { return 0 }
        // Objects outside the top list share what the top list leaves, evenly.
        let topRows = topObjects.reduce(0) { $0 + $1.1 }
        let rest = max(Double(distinctObjects) - Double(topObjects.count), 1)
        let remaining = Double(rows) - Double(topRows)
        let cap = Double(topObjects.last?.1 ?? maxObjectFrequency)
        return max(min(remaining / rest, cap), remaining > 0 ? 1 : 0)
    }

    /// Estimated rows whose object lies in `range` (by ID order).
    public func estimatedRows(objectIn range: ClosedRange<TermID>) -> Double {
        guard !objectHistogram.isEmpty else { return Double(rows) }
        func rowsBelow(_ id: TermID, inclusive: Bool) -> Double {
            var previousBound: UInt64 = 0
            var previousRows: UInt64 = 0
            for bucket in objectHistogram {
                if inclusive ? id.rawValue < bucket.upperBound.rawValue : id.rawValue <= bucket.upperBound.rawValue {
                    // Linear interpolation inside the bucket.
                    let width = Double(bucket.upperBound.rawValue &- previousBound)
                    let fraction = width > 0 ? Double(id.rawValue &- previousBound) / width : 0
                    return Double(previousRows) + fraction * Double(bucket.cumulativeRows - previousRows)
                }
                previousBound = bucket.upperBound.rawValue
                previousRows = bucket.cumulativeRows
            }
            return Double(rows)
        }
        return max(rowsBelow(range.upperBound, inclusive: true) - rowsBelow(range.lowerBound, inclusive: false), 0)
    }

    /// Estimated rows per subject (for star joins).
    public var averageRowsPerSubject: Double { distinctSubjects == 0 ? 0 : Double(rows) / Double(distinctSubjects) }
    /// Estimated rows per object.
    public var averageRowsPerObject: Double { distinctObjects == 0 ? 0 : Double(rows) / Double(distinctObjects) }

    public static func == (lhs: PartitionStatistics, rhs: PartitionStatistics) -> Bool {
        lhs.rows == rhs.rows && lhs.distinctSubjects == rhs.distinctSubjects && lhs.distinctObjects == rhs.distinctObjects
            && lhs.distinctGraphs == rhs.distinctGraphs && lhs.maxSubjectFrequency == rhs.maxSubjectFrequency
            && lhs.maxObjectFrequency == rhs.maxObjectFrequency
            && lhs.topObjects.map(\.0) == rhs.topObjects.map(\.0) && lhs.topObjects.map(\.1) == rhs.topObjects.map(\.1)
            && lhs.objectHistogram.map(\.upperBound) == rhs.objectHistogram.map(\.upperBound)
            && lhs.objectHistogram.map(\.cumulativeRows) == rhs.objectHistogram.map(\.cumulativeRows)
    }

    func write(to w: inout ByteWriter) {
        w.varint(rows)
        w.varint(distinctSubjects)
        w.varint(distinctObjects)
        w.varint(distinctGraphs)
        w.varint(maxSubjectFrequency)
        w.varint(maxObjectFrequency)
        w.varint(UInt64(topObjects.count))
        for (id, n) in topObjects { w.u64(id.rawValue); w.varint(n) }
        w.varint(UInt64(objectHistogram.count))
        for bucket in objectHistogram { w.u64(bucket.upperBound.rawValue); w.varint(bucket.cumulativeRows) }
    }

    static func read(from r: inout ByteReader) throws -> PartitionStatistics {
        var s = PartitionStatistics()
        s.rows = try r.varint()
        s.distinctSubjects = try r.varint()
        s.distinctObjects = try r.varint()
        s.distinctGraphs = try r.varint()
        s.maxSubjectFrequency = try r.varint()
        s.maxObjectFrequency = try r.varint()
        let top = try r.int()
        guard top <= 1024 else { throw StorageError.corruption(file: r.source, message: "bad statistics") }
        for _ in 0..<top { s.topObjects.append((TermID(rawValue: try r.u64()), try r.varint())) }
        let buckets = try r.int()
        guard buckets <= 4096 else { throw StorageError.corruption(file: r.source, message: "bad statistics") }
        for _ in 0..<buckets { s.objectHistogram.append((TermID(rawValue: try r.u64()), try r.varint())) }
        return s
    }
}
