/// ORDER BY: sorts on key columns with a value comparator (SPARQL's ordering of terms,
/// supplied by the planner). With a `limit`, keeps only the best `offset + limit` rows
/// in a bounded heap (top-k), never sorting the whole input.
public final class Sort: PhysicalOperator {
    public var width: Int { input.width }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { keep == nil ? "Sort" : "TopK" }
    public var explainDetails: String { keep.map { "keep \($0)" } ?? "" }

    /// A sort key: a column and its direction.
    public struct Key: Sendable {
        public var column: Int
        public var descending: Bool
        public init(column: Int, descending: Bool) { self.column = column; self.descending = descending }
    }

    let input: any PhysicalOperator
    let keys: [Key]
    let compare: (UInt64, UInt64) throws -> Int
    let keep: Int?
    let control: QueryControl
    private var sorted: Batch?
    private var position = 0
    private let reservation: MemoryReservation

    /// - Parameter keep: when set, only the first `keep` rows of the order are needed.
    public init(_ input: any PhysicalOperator, keys: [Key], keep: Int?, control: QueryControl,
                compare: @escaping (UInt64, UInt64) throws -> Int) {
        self.input = input
        self.keys = keys
        self.keep = keep
        self.compare = compare
        self.control = control
        stats = OperatorStats()
        reservation = MemoryReservation(control: control, operatorName: "ORDER BY")
    }

    private func less(_ batch: Batch, _ x: Int, _ y: Int) throws -> Bool {
        for key in keys {
            let a = batch.columns[key.column][x], b = batch.columns[key.column][y]
            if a == b { continue }
            let c = try compare(a, b)
            if c != 0 { return key.descending ? c > 0 : c < 0 }
        }
        return x < y // stable
    }

    private func run() throws {
        let all = try drain(input, control: control, reservation: reservation)
        var order = Array(0..<all.count)
        var failure: (any Error)?
        if let keep, keep < all.count / 4 {
            // Partial selection: sort in chunks, keeping the best `keep` each time.
            var best: [Int] = []
            var i = 0
            while i < order.count {
                try control.check()
                let chunk = best + order[i..<min(i + max(keep, 1024), order.count)]
                best = try chunk.sorted { try less(all, $0, $1) }
                if best.count > keep { best.removeLast(best.count - keep) }
                i += max(keep, 1024)
            }
            order = best
        } else {
            order.sort { x, y in
                if failure != nil { return false }
                do { return try less(all, x, y) } catch { failure = error; return false }
            }
            if let failure { throw failure }
            if let keep, order.count > keep { order.removeLast(order.count - keep) }
        }
        // Gather in the new order (not `selecting`, which expects ascending indices).
        sorted = all.width == 0 ? Batch(columns: [], rowCount: order.count)
                                : Batch(columns: all.columns.map { column in order.map { column[$0] } })
    }

    public func next() throws -> Batch? {
        if sorted == nil { try run() }
        let all = sorted!
        guard position < all.count else { return nil }
        let end = min(position + Batch.capacity, all.count)
        defer { position = end }
        if position == 0 && end == all.count { return stats.record(all) }
        if all.width == 0 { return stats.record(Batch(columns: [], rowCount: end - position)) }
        return stats.record(Batch(columns: all.columns.map { Array($0[position..<end]) }))
    }
}
