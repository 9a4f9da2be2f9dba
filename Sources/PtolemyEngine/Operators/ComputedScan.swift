/// Emits rows computed on first demand, in batches (spatial selections, path results).
final class ComputedScan: PhysicalOperator {
    let width: Int
    let stats: OperatorStats
    var children: [any PhysicalOperator] { [] }
    let explainName: String
    let summary: String
    var explainDetails: String { summary }
    private let produce: () throws -> Batch
    private var rows: Batch?
    private var position = 0

    init(width: Int, name: String = "IndexScan", summary: String, estimatedRows: Double, produce: @escaping () throws -> Batch) {
        self.width = width
        explainName = name
        self.summary = summary
        self.produce = produce
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    func next() throws -> Batch? {
        if rows == nil { rows = try produce() }
        let all = rows!
        guard position < all.count else { return nil }
        let end = min(position + Batch.capacity, all.count)
        defer { position = end }
        if width == 0 { return stats.record(Batch(columns: [], rowCount: end - position)) }
        return stats.record(Batch(columns: all.columns.map { Array($0[position..<end]) }))
    }
}
