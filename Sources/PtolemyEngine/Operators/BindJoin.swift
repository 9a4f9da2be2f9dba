import PtolemyStorage

/// An index nested-loop join ("bind join"): for each distinct value of the join column in
/// a left batch, one zone-map lookup in the right pattern's partition with that value
/// bound, combined with the left rows holding it.
///
/// The best plan when the left side is small and the right pattern large: cost grows
/// with the left side, not with the partition.
public final class BindJoin: PhysicalOperator {
    public let width: Int
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [left] }
    public var explainName: String { optional ? "BindLeftJoin" : "BindJoin" }
    public var explainDetails: String { "probe \(probeDescription) with \(position == .subject ? "subject" : "object") bound" }

    let left: any PhysicalOperator
    let leftKey: Int
    let position: QuadPosition
    let probe: (TermID, (UnsafeBufferPointer<UInt64>) throws -> Void) throws -> Void
    let layout: JoinLayout
    let control: QueryControl
    let optional: Bool
    let filter: RowPredicate?
    /// What the probe reads, for EXPLAIN (built only when asked: planning a point query
    /// should not format every pattern).
    let describeProbe: () -> String
    /// What the probe reads (the pattern, as EXPLAIN shows it).
    public var probeDescription: String { describeProbe() }
    /// Columns a probe returns (the right side's width).
    let rightWidth: Int
    private var pending: Batch?
    private var pendingRow = 0
    /// The rows of the last probed value (left inputs often repeat a value in a row).
    private var lastValue: UInt64 = 0
    private var lastRows = Batch(width: 0)

    /// - Parameters:
    ///   - position: which position of the probe pattern the left value binds (subject or object).
    ///   - probe: the right pattern's rows with that position bound to a value.
    ///   - layout: right columns are the probe scan's output columns.
    public init(left: any PhysicalOperator, leftKey: Int, position: QuadPosition, probeDescription: @escaping @autoclosure () -> String,
                rightWidth: Int, probe: @escaping (TermID, (UnsafeBufferPointer<UInt64>) throws -> Void) throws -> Void, layout: JoinLayout, control: QueryControl,
                optional: Bool = false, filter: RowPredicate? = nil, estimatedRows: Double = .nan) {
        self.left = left
        self.leftKey = leftKey
        self.position = position
        self.probe = probe
        self.layout = layout
        self.control = control
        self.optional = optional
        self.filter = filter
        describeProbe = probeDescription
        width = layout.outputs.count
        self.rightWidth = rightWidth
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    private func matches(for value: UInt64, width rightWidth: Int) throws -> Batch {
        if value == lastValue { return lastRows }
        var rows = Batch(width: rightWidth, capacity: 2)
        try probe(TermID(rawValue: value)) { columns in
            if rightWidth == 0 { rows.rowCountWithoutColumns += 1 } else { rows.append(columns) }
        }
        lastValue = value
        lastRows = rows
        return rows
    }

    public func next() throws -> Batch? {
        var out = Batch(width: width)
        while out.count < Batch.capacity {
            if pending == nil || pendingRow >= pending!.count {
                try control.check()
                guard let b = try left.next() else { break }
                pending = b
                pendingRow = 0
            }
            let batch = pending!
            while pendingRow < batch.count && out.count < Batch.capacity {
                let l = pendingRow
                pendingRow += 1
                let value = batch.columns[leftKey][l]
                var matched = false
                if value != 0 {
                    let right = try matches(for: value, width: rightWidth)
                    for r in 0..<right.count where layout.compatible(left: batch, l, right: right, r) {
                        if let filter {
                            var candidate = Batch(width: width, capacity: 1)
                            layout.append(left: batch, l, right: right, r, to: &candidate)
                            guard try filter(candidate, 0) else { continue }
                            out.append(rowOf: candidate, 0)
                        } else {
                            layout.append(left: batch, l, right: right, r, to: &out)
                        }
                        matched = true
                    }
                }
                if optional && !matched { layout.appendLeftOnly(left: batch, l, to: &out) }
            }
        }
        return stats.record(out.count > 0 ? out : nil)
    }
}
