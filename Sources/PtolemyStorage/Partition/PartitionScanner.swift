/// Streams a partition's rows in one sort order, as column chunks: the file's rows minus
/// the delta's deletions, merged with the delta's additions, optionally restricted to a
/// range of the sort column (`a`).
///
/// Without a delta, whole cached chunks are handed out (sliced only at the range's
/// ends), so a scan costs no copying.
public struct PartitionScanner {
    let segment: PartitionSegment?
    let added: [Row]
    let deleted: [Row]
    let order: SortOrder
    let range: ClosedRange<UInt64>?
    private var chunkIndices: Range<Int>
    private var nextChunk: Int
    /// When the segment's order is pinned in memory: its columns and the rows left to hand out.
    private var decoded: DecodedOrder?
    private var decodedRows: Range<Int> = 0..<0
    private let swapped: Bool
    // Merge state (delta present).
    private var current: ColumnChunk?
    private var row = 0
    private var addedIndex: Int
    private let addedEnd: Int
    private var deletedIndex = 0

    init(segment: PartitionSegment?, delta: PartitionDelta?, key: PartitionKey, order: SortOrder, range: ClosedRange<UInt64>?) {
        self.segment = segment
        self.order = order
        self.range = range
        // Class partitions keep only the subject order; object order is the same rows swapped.
        let storedOrder = key.isClassPartition ? .subjectObject : order
        var added = delta?.added(storedOrder) ?? []
        var deleted = delta?.deleted(storedOrder) ?? []
        if key.isClassPartition && order == .objectSubject {
            added = added.map { Row(a: $0.b, b: $0.a, g: $0.g) }
            deleted = deleted.map { Row(a: $0.b, b: $0.a, g: $0.g) }
        }
        self.added = added
        self.deleted = deleted
        swapped = key.isClassPartition && order == .objectSubject
        if let segment {
            chunkIndices = range.map { segment.chunkIndices(order, a: $0) } ?? segment.zones(order).indices
            // A pinned order serves the scan directly (class partitions: only unswapped).
            if !swapped, let d = try? segment.decodedOrder(storedOrder) {
                decoded = d
                decodedRows = range.map { d.range(in: $0) } ?? 0..<d.a.count
            }
        } else {
            chunkIndices = 0..<0
        }
        nextChunk = chunkIndices.lowerBound
        if let range {
            addedIndex = added.lowerBound(Row(a: range.lowerBound, b: 0, g: 0))
            addedEnd = range.upperBound == UInt64.max ? added.count : added.lowerBound(Row(a: range.upperBound + 1, b: 0, g: 0))
            deletedIndex = deleted.lowerBound(Row(a: range.lowerBound, b: 0, g: 0))
        } else {
            addedIndex = 0
            addedEnd = added.count
        }
    }

    /// The next chunk of rows, or nil at the end.
    public mutating func next() throws -> ColumnChunk? {
        if added.isEmpty && deleted.isEmpty {
            return try nextSegmentChunk()
        }
        return try nextMerged()
    }

    private mutating func nextSegmentChunk() throws -> ColumnChunk? {
        if let decoded {
            guard !decodedRows.isEmpty else { return nil }
            let end = min(decodedRows.lowerBound + PartitionSegment.rowsPerChunk, decodedRows.upperBound)
            let slice = decodedRows.lowerBound..<end
            decodedRows = end..<decodedRows.upperBound
            return ColumnChunk(a: Array(decoded.a[slice]), b: Array(decoded.b[slice]), g: Array(decoded.g[slice]))
        }
        guard let segment else { return nil }
        while nextChunk < chunkIndices.upperBound {
            let chunk = try segment.chunk(order, nextChunk)
            nextChunk += 1
            guard let range else { return chunk }
            let lo = chunk.a.first! >= range.lowerBound ? 0 : lowerBound(chunk.a, range.lowerBound)
            let hi = chunk.a.last! <= range.upperBound ? chunk.count : upperBound(chunk.a, range.upperBound)
            if lo == 0 && hi == chunk.count { return chunk }
            if lo < hi { return ColumnChunk(a: Array(chunk.a[lo..<hi]), b: Array(chunk.b[lo..<hi]), g: Array(chunk.g[lo..<hi])) }
        }
        return nil
    }

    /// Pulls the next segment row within range (skipping deleted ones).
    private mutating func nextSegmentRow() throws -> Row? {
        while true {
            if current == nil || row >= current!.count {
                guard let chunk = try nextSegmentChunk() else { return nil }
                current = chunk
                row = 0
            }
            let c = current!
            let r = Row(a: c.a[row], b: c.b[row], g: c.g[row])
            row += 1
            while deletedIndex < deleted.count && deleted[deletedIndex] < r { deletedIndex += 1 }
            if deletedIndex < deleted.count && deleted[deletedIndex] == r { continue }
            return r
        }
    }

    private var pendingSegmentRow: Row?
    private var segmentDone = false

    private mutating func nextMerged() throws -> ColumnChunk? {
        var out = ColumnChunk()
        let limit = PartitionSegment.rowsPerChunk
        out.a.reserveCapacity(limit); out.b.reserveCapacity(limit); out.g.reserveCapacity(limit)
        while out.count < limit {
            if pendingSegmentRow == nil && !segmentDone {
                pendingSegmentRow = try nextSegmentRow()
                if pendingSegmentRow == nil { segmentDone = true }
            }
            let fromDelta = addedIndex < addedEnd ? added[addedIndex] : nil
            let r: Row
            switch (pendingSegmentRow, fromDelta) {
            case (nil, nil): return out.count > 0 ? out : nil
            case (let s?, nil): r = s; pendingSegmentRow = nil
            case (nil, let d?): r = d; addedIndex += 1
            case (let s?, let d?):
                if d < s { r = d; addedIndex += 1 } else { r = s; pendingSegmentRow = nil }
            }
            out.a.append(r.a); out.b.append(r.b); out.g.append(r.g)
        }
        return out
    }

    private func lowerBound(_ values: [UInt64], _ v: UInt64) -> Int {
        var lo = 0, hi = values.count
        while lo < hi { let mid = (lo + hi) / 2; if values[mid] < v { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    private func upperBound(_ values: [UInt64], _ v: UInt64) -> Int {
        var lo = 0, hi = values.count
        while lo < hi { let mid = (lo + hi) / 2; if values[mid] <= v { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}
