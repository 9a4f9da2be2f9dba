/// The unit operators pass to each other: up to ``Batch/capacity`` solutions, column by
/// column. Each column holds raw ``TermID`` values; 0 means unbound.
///
/// Columns are positions fixed by the plan (the planner maps variables to them), so
/// operators never look variables up by name.
public struct Batch: Sendable {
    /// Rows per batch: large enough to amortise per-batch work (cancellation checks,
    /// dynamic dispatch), small enough to stay in cache (DuckDB uses 2048, QLever blocks).
    public static let capacity = 4096

    public var columns: [[UInt64]]

    @inlinable public var count: Int { columns.first?.count ?? rowCountWithoutColumns }
    /// Row count of a batch with no columns (e.g. the single empty solution of `{}`).
    public var rowCountWithoutColumns: Int

    public init(width: Int, capacity: Int = Batch.capacity) {
        columns = (0..<width).map { _ in
            var c: [UInt64] = []
            c.reserveCapacity(capacity)
            return c
        }
        rowCountWithoutColumns = 0
    }

    public init(columns: [[UInt64]], rowCount: Int? = nil) {
        self.columns = columns
        rowCountWithoutColumns = rowCount ?? 0
    }

    @inlinable public var width: Int { columns.count }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// Appends one row from `values` (width must match).
    @inlinable
    public mutating func append(_ values: UnsafeBufferPointer<UInt64>) {
        for c in 0..<columns.count { columns[c].append(values[c]) }
        if columns.isEmpty { rowCountWithoutColumns += 1 }
    }

    /// Appends row `row` of `other` (same width).
    @inlinable
    public mutating func append(rowOf other: Batch, _ row: Int) {
        for c in 0..<columns.count { columns[c].append(other.columns[c][row]) }
        if columns.isEmpty { rowCountWithoutColumns += 1 }
    }

    /// Appends an empty-width row (for zero-column batches).
    public mutating func appendEmptyRow() { rowCountWithoutColumns += 1 }

    /// Keeps only the rows whose indices are listed, which must be ascending and distinct
    /// (so that keeping as many rows as there are means keeping them all).
    public func selecting(_ rows: [Int32]) -> Batch {
        if rows.count == count { return self }
        var out = Batch(columns: columns.map { column in rows.map { column[Int($0)] } })
        out.rowCountWithoutColumns = columns.isEmpty ? rows.count : 0
        return out
    }

    @inlinable
    public subscript(column: Int, row: Int) -> UInt64 { columns[column][row] }
}
