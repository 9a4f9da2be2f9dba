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
    let probe: (TermID) throws -> Batch
    let layout: JoinLayout
    let control: QueryControl
    let optional: Bool
    let filter: RowPredicate?
    let probeDescription: String
    private var pending: Batch?
    private var pendingRow = 0
    private var cache: [UInt64: Batch] = [:]

    /// - Parameters:
    ///   - position: which position of the probe pattern the left value binds (subject or object).
    ///   - probe: the right pattern's rows with that position bound to a value.
    ///   - layout: right columns are the probe scan's output columns.
    public init(left: any PhysicalOperator, leftKey: Int, position: QuadPosition, probeDescription: String,
                probe: @escaping (TermID) throws -> Batch, layout: JoinLayout, control: QueryControl,
                optional: Bool = false, filter: RowPredicate? = nil, estimatedRows: Double = .nan) {
        self.left = left
        self.leftKey = leftKey
        self.position = position
        self.probe = probe
        self.layout = layout
        self.control = control
        self.optional = optional
        self.filter = filter
        self.probeDescription = probeDescription
        width = layout.outputs.count
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    private func matches(for value: UInt64) throws -> Batch {
        if let hit = cache[value] { return hit }
        let all = try probe(TermID(rawValue: value))
        // Left inputs often repeat a value in neighbouring rows; a small cache avoids re-probing.
        if cache.count > 4096 { cache.removeAll(keepingCapacity: true) }
        cache[value] = all
        return all
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
                    let right = try matches(for: value)
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
