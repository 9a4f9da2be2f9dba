/// Joins by building a hash table on the right input and probing it with the left.
///
/// Requires the join columns to be bound on both sides (inside basic graph patterns
/// they always are); the planner uses ``NestedLoopJoin`` otherwise. With `optional`,
/// it is a left outer join (OPTIONAL) whose matches must also pass `filter`.
/// - Complexity: O(|left| + |right|) expected; the right side is held in memory,
///   charged to the query's budget.
public final class HashJoin: PhysicalOperator {
    public let width: Int
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [left, right] }
    public var explainName: String { optional ? "HashLeftJoin" : "HashJoin" }
    public var explainDetails: String { "on \(layout.shared.count) column\(layout.shared.count == 1 ? "" : "s")" }

    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let layout: JoinLayout
    let control: QueryControl
    let optional: Bool
    let filter: RowPredicate?
    private var built = false
    private var table: Batch = Batch(width: 0)
    private var heads: [UInt64: Int32] = [:]
    private var chain: [Int32] = []
    private let reservation: MemoryReservation
    private var pending: Batch?
    private var pendingRow = 0

    public init(left: any PhysicalOperator, right: any PhysicalOperator, layout: JoinLayout, control: QueryControl,
                optional: Bool = false, filter: RowPredicate? = nil, estimatedRows: Double = .nan) {
        precondition(!layout.shared.isEmpty, "a hash join needs a join column")
        self.left = left
        self.right = right
        self.layout = layout
        self.control = control
        self.optional = optional
        self.filter = filter
        width = layout.outputs.count
        stats = OperatorStats(estimatedRows: estimatedRows)
        reservation = MemoryReservation(control: control, operatorName: "hash join")
    }

    @inline(__always)
    private func key(_ batch: Batch, _ row: Int, right: Bool) -> UInt64 {
        if layout.shared.count == 1 {
            return batch.columns[right ? layout.shared[0].1 : layout.shared[0].0][row]
        }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for pair in layout.shared {
            h = (h ^ batch.columns[right ? pair.1 : pair.0][row]) &* 0x100_0000_01B3
        }
        return h
    }

    private func build() throws {
        table = try drain(right, control: control, reservation: reservation)
        try reservation.reserve(table.count * 24)
        chain = [Int32](repeating: -1, count: table.count)
        heads.reserveCapacity(table.count)
        for r in 0..<table.count {
            let k = key(table, r, right: true)
            if let head = heads[k] { chain[r] = head }
            heads[k] = Int32(r)
        }
        built = true
    }

    public func next() throws -> Batch? {
        if !built { try build() }
        var out = Batch(width: width)
        while out.count < Batch.capacity {
            if pending == nil || pendingRow >= pending!.count {
                try control.check()
                guard let b = try left.next() else { break }
                pending = b
                pendingRow = 0
            }
            let batch = pending!
            // Resume mid-batch so output batches stay bounded.
            while pendingRow < batch.count && out.count < Batch.capacity {
                let l = pendingRow
                pendingRow += 1
                var matched = false
                var r = heads[key(batch, l, right: false)] ?? -1
                while r >= 0 {
                    let ri = Int(r)
                    if layout.compatible(left: batch, l, right: table, ri) {
                        if let filter {
                            var candidate = Batch(width: width, capacity: 1)
                            layout.append(left: batch, l, right: table, ri, to: &candidate)
                            if try filter(candidate, 0) {
                                out.append(rowOf: candidate, 0)
                                matched = true
                            }
                        } else {
                            layout.append(left: batch, l, right: table, ri, to: &out)
                            matched = true
                        }
                    }
                    r = chain[ri]
                }
                if optional && !matched { layout.appendLeftOnly(left: batch, l, to: &out) }
            }
        }
        return stats.record(out.count > 0 ? out : nil)
    }
}
