import Foundation

/// A node of a physical plan: pulls batches from its children and produces batches.
///
/// Operators are classes (plans are trees of existentials: dispatch happens per batch,
/// not per row). `next()` returns nil at the end; after that it keeps returning nil.
public protocol PhysicalOperator: AnyObject {
    /// Number of output columns.
    var width: Int { get }
    /// The next batch of solutions (never an empty batch), or nil at the end.
    func next() throws -> Batch?
    /// Name and details for EXPLAIN.
    var explainName: String { get }
    var explainDetails: String { get }
    var children: [any PhysicalOperator] { get }
    /// What the planner expected and what happened.
    var stats: OperatorStats { get }
}

extension PhysicalOperator {
    public var explainDetails: String { "" }
}

/// Estimated and actual figures of one operator, for EXPLAIN.
public final class OperatorStats: @unchecked Sendable {
    // Invariant: an operator is driven by one thread at a time; its stats with it.
    public var estimatedRows: Double
    public var actualRows = 0
    public var batches = 0
    public var nanoseconds: UInt64 = 0

    public init(estimatedRows: Double = .nan) { self.estimatedRows = estimatedRows }

    @inline(__always)
    func record(_ batch: Batch?) -> Batch? {
        if let batch {
            actualRows += batch.count
            batches += 1
        }
        return batch
    }
}

/// Memory held from a query's budget; given back when the holder goes away.
final class MemoryReservation {
    let control: QueryControl
    let operatorName: String
    private(set) var bytes = 0

    init(control: QueryControl, operatorName: String) {
        self.control = control
        self.operatorName = operatorName
    }

    func reserve(_ n: Int) throws {
        try control.reserve(n, for: operatorName)
        bytes += n
    }

    func releaseAll() {
        control.release(bytes)
        bytes = 0
    }

    deinit { control.release(bytes) }
}

/// Reads every batch of an operator into one batch (for materialising operators),
/// charging its memory to `reservation`.
func drain(_ op: any PhysicalOperator, control: QueryControl, reservation: MemoryReservation) throws -> Batch {
    var all = Batch(width: op.width, capacity: 0)
    while let b = try op.next() {
        try control.check()
        try reservation.reserve(b.count * max(b.width, 1) * 8)
        if all.width == 0 {
            all.rowCountWithoutColumns += b.count
        } else {
            for c in 0..<all.width { all.columns[c].append(contentsOf: b.columns[c]) }
        }
    }
    return all
}
