/// Joins two inputs that both come sorted on their join column (subject-order scans in a
/// star, for instance) by walking them side by side; equal keys give the cross product
/// of their runs. Output stays sorted on the join column, so merge joins chain.
/// - Complexity: O(|left| + |right| + |output|), memory O(longest run).
public final class MergeJoin: PhysicalOperator {
    public let width: Int
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [left.op, right.op] }
    public var explainName: String { "MergeJoin" }

    let layout: JoinLayout
    let control: QueryControl
    private var left: Cursor
    private var right: Cursor
    private let leftKey: Int, rightKey: Int
    // A run of equal keys on each side, being combined.
    private var leftRun = Batch(width: 0), rightRun = Batch(width: 0)
    private var runL = 0, runR = 0
    private var inRun = false

    /// A row-at-a-time view over a batch stream.
    struct Cursor {
        let op: any PhysicalOperator
        var batch: Batch?
        var row = 0
        var done = false

        init(_ op: any PhysicalOperator) { self.op = op }

        mutating func current(_ column: Int) throws -> UInt64? {
            while !done {
                if let b = batch, row < b.count { return b.columns[column][row] }
                batch = try op.next()
                row = 0
                if batch == nil { done = true }
            }
            return nil
        }

        /// Whether the current row's key differs from the next row's (a run of one),
        /// looking no further than the current batch (at its end, assume a longer run).
        func isSingle(_ column: Int) throws -> Bool {
            guard let b = batch, row < b.count else { return false }
            return row + 1 < b.count && b.columns[column][row + 1] != b.columns[column][row]
        }

        /// Moves every row with key `k` into `run` (which is reset).
        mutating func takeRun(_ column: Int, key k: UInt64, into run: inout Batch) throws {
            run = Batch(width: op.width, capacity: 16)
            while let v = try current(column), v == k {
                run.append(rowOf: batch!, row)
                row += 1
            }
        }
    }

    public init(left: any PhysicalOperator, leftKey: Int, right: any PhysicalOperator, rightKey: Int,
                layout: JoinLayout, control: QueryControl, estimatedRows: Double = .nan) {
        self.left = Cursor(left)
        self.right = Cursor(right)
        self.leftKey = leftKey
        self.rightKey = rightKey
        self.layout = layout
        self.control = control
        width = layout.outputs.count
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    public func next() throws -> Batch? {
        try control.check()
        var out = Batch(width: width)
        while out.count < Batch.capacity {
            if inRun {
                while runL < leftRun.count && out.count < Batch.capacity {
                    if layout.compatible(left: leftRun, runL, right: rightRun, runR) {
                        layout.append(left: leftRun, runL, right: rightRun, runR, to: &out)
                    }
                    runR += 1
                    if runR == rightRun.count { runR = 0; runL += 1 }
                }
                if runL < leftRun.count { break }
                inRun = false
            }
            guard var l = try left.current(leftKey), var r = try right.current(rightKey) else { break }
            // Skip ahead on whichever side is behind.
            while l != r {
                if l < r {
                    left.row += 1
                    guard let nl = try left.current(leftKey) else { return stats.record(out.count > 0 ? out : nil) }
                    l = nl
                } else {
                    right.row += 1
                    guard let nr = try right.current(rightKey) else { return stats.record(out.count > 0 ? out : nil) }
                    r = nr
                }
            }
            // One row on each side (key joins, the usual case in stars): combine in place.
            if try left.isSingle(leftKey), try right.isSingle(rightKey) {
                if layout.compatible(left: left.batch!, left.row, right: right.batch!, right.row) {
                    layout.append(left: left.batch!, left.row, right: right.batch!, right.row, to: &out)
                }
                left.row += 1
                right.row += 1
                continue
            }
            try left.takeRun(leftKey, key: l, into: &leftRun)
            try right.takeRun(rightKey, key: r, into: &rightRun)
            runL = 0
            runR = 0
            inRun = true
        }
        return stats.record(out.count > 0 ? out : nil)
    }
}
