/// The general join: every left row against every right row, with SPARQL compatibility
/// (unbound values match anything). Used when join columns may be unbound, for cross
/// products, and for OPTIONAL/MINUS in their general forms.
/// - Complexity: O(|left| × |right|); the right side is held in memory.
public final class NestedLoopJoin: PhysicalOperator {
    public enum Mode: Sendable { case inner, optional, minus }

    public let width: Int
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [left, right] }
    public var explainName: String {
        switch mode {
        case .inner: return layout.shared.isEmpty ? "CrossProduct" : "NestedLoopJoin"
        case .optional: return "NestedLoopLeftJoin"
        case .minus: return "Minus"
        }
    }

    let left: any PhysicalOperator
    let right: any PhysicalOperator
    let layout: JoinLayout
    let control: QueryControl
    let mode: Mode
    let filter: RowPredicate?
    private var table: Batch?
    private let reservation: MemoryReservation
    private var pending: Batch?
    private var pendingRow = 0
    private var resumeRight = 0
    private var matchedCurrent = false

    public init(left: any PhysicalOperator, right: any PhysicalOperator, layout: JoinLayout, mode: Mode,
                control: QueryControl, filter: RowPredicate? = nil, estimatedRows: Double = .nan) {
        self.left = left
        self.right = right
        self.layout = layout
        self.mode = mode
        self.control = control
        self.filter = filter
        width = layout.outputs.count
        stats = OperatorStats(estimatedRows: estimatedRows)
        reservation = MemoryReservation(control: control, operatorName: "nested-loop join")
    }

    public func next() throws -> Batch? {
        if table == nil { table = try drain(right, control: control, reservation: reservation) }
        let table = self.table!
        var out = Batch(width: width)
        while out.count < Batch.capacity {
            if pending == nil || pendingRow >= pending!.count {
                try control.check()
                guard let b = try left.next() else { break }
                pending = b
                pendingRow = 0
                resumeRight = 0
                matchedCurrent = false
            }
            let batch = pending!
            let l = pendingRow
            var r = resumeRight
            var budget = Batch.capacity * 64 // bound the work per call so cancellation stays responsive
            while r < table.count && out.count < Batch.capacity && budget > 0 {
                budget -= 1
                defer { r += 1 }
                guard layout.compatible(left: batch, l, right: table, r) else { continue }
                switch mode {
                case .minus:
                    // MINUS removes a left row compatible with a right row sharing a bound variable.
                    if layout.shared.contains(where: { batch.columns[$0.0][l] != 0 && table.columns[$0.1][r] != 0 }) {
                        matchedCurrent = true
                        r = table.count - 1
                    }
                case .inner, .optional:
                    if let filter {
                        var candidate = Batch(width: width, capacity: 1)
                        layout.append(left: batch, l, right: table, r, to: &candidate)
                        guard try filter(candidate, 0) else { continue }
                        out.append(rowOf: candidate, 0)
                    } else {
                        layout.append(left: batch, l, right: table, r, to: &out)
                    }
                    matchedCurrent = true
                }
            }
            if r < table.count {
                resumeRight = r
                if budget == 0 { try control.check() }
                continue
            }
            if (mode == .optional || mode == .minus) && !matchedCurrent {
                layout.appendLeftOnly(left: batch, l, to: &out)
            }
            pendingRow += 1
            resumeRight = 0
            matchedCurrent = false
        }
        return stats.record(out.count > 0 ? out : nil)
    }
}
