/// Accumulates one aggregate over the rows of one group.
public protocol GroupAccumulator {
    /// Adds row `row` of `batch`.
    mutating func add(_ batch: Batch, _ row: Int) throws
    /// The aggregate's value as a term ID; 0 when it is an error (unbound).
    func finish() throws -> UInt64
}

/// GROUP BY with aggregates: one output row per group with the key columns, then one
/// column per aggregate. Without key columns there is exactly one group, even for an
/// empty input (SPARQL 18.5: aggregates over no rows, e.g. COUNT = 0).
public final class GroupAggregate: PhysicalOperator {
    public var width: Int { keyColumns.count + factories.count }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { "GroupAggregate" }
    public var explainDetails: String { "\(keyColumns.count) key\(keyColumns.count == 1 ? "" : "s"), \(factories.count) aggregate\(factories.count == 1 ? "" : "s")" }

    let input: any PhysicalOperator
    let keyColumns: [Int]
    let factories: [() -> any GroupAccumulator]
    let control: QueryControl
    private var output: Batch?
    private var position = 0
    private let reservation: MemoryReservation

    public init(_ input: any PhysicalOperator, keyColumns: [Int], aggregates: [() -> any GroupAccumulator],
                control: QueryControl, estimatedRows: Double = .nan) {
        self.input = input
        self.keyColumns = keyColumns
        self.factories = aggregates
        self.control = control
        stats = OperatorStats(estimatedRows: estimatedRows)
        reservation = MemoryReservation(control: control, operatorName: "GROUP BY")
    }

    private func run() throws {
        var groups: [[UInt64]: Int] = [:]
        // One key column (the common case) hashes a plain integer instead of an array.
        var singleKeyGroups: [UInt64: Int] = [:]
        let singleKey = keyColumns.count == 1 ? keyColumns[0] : nil
        var keys: [[UInt64]] = []
        var accumulators: [[any GroupAccumulator]] = []
        var key = [UInt64](repeating: 0, count: keyColumns.count)
        if keyColumns.isEmpty {
            keys.append([])
            accumulators.append(factories.map { $0() })
            groups[[]] = 0
        }
        while let batch = try input.next() {
            try control.check()
            for r in 0..<batch.count {
                let g: Int
                if let singleKey {
                    let k = batch.columns[singleKey][r]
                    if let existing = singleKeyGroups[k] {
                        g = existing
                    } else {
                        g = keys.count
                        singleKeyGroups[k] = g
                        keys.append([k])
                        accumulators.append(factories.map { $0() })
                        try reservation.reserve(factories.count * 64 + 64)
                    }
                    for a in 0..<factories.count { try accumulators[g][a].add(batch, r) }
                    continue
                }
                for (i, c) in keyColumns.enumerated() { key[i] = batch.columns[c][r] }
                if let existing = groups[key] {
                    g = existing
                } else {
                    g = keys.count
                    groups[key] = g
                    keys.append(key)
                    accumulators.append(factories.map { $0() })
                    try reservation.reserve(key.count * 8 + factories.count * 64 + 64)
                }
                for a in 0..<factories.count { try accumulators[g][a].add(batch, r) }
            }
        }
        var out = Batch(width: width, capacity: keys.count)
        for (g, k) in keys.enumerated() {
            for (i, v) in k.enumerated() { out.columns[i].append(v) }
            for a in 0..<factories.count { out.columns[keyColumns.count + a].append(try accumulators[g][a].finish()) }
            if width == 0 { out.rowCountWithoutColumns += 1 }
        }
        output = out
    }

    public func next() throws -> Batch? {
        if output == nil { try run() }
        let all = output!
        guard position < all.count else { return nil }
        let end = min(position + Batch.capacity, all.count)
        defer { position = end }
        if all.width == 0 { return stats.record(Batch(columns: [], rowCount: end - position)) }
        return stats.record(Batch(columns: all.columns.map { Array($0[position..<end]) }))
    }
}
