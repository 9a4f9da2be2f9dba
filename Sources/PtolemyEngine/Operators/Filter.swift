/// Keeps the rows a predicate accepts (FILTER; expression errors count as false,
/// which the predicate closure handles).
public final class Filter: PhysicalOperator {
    public var width: Int { input.width }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { "Filter" }
    public var explainDetails: String { summary }

    let input: any PhysicalOperator
    let predicate: RowPredicate
    let control: QueryControl
    let summary: String

    public init(_ input: any PhysicalOperator, summary: String, control: QueryControl, estimatedRows: Double = .nan,
                predicate: @escaping RowPredicate) {
        self.input = input
        self.predicate = predicate
        self.control = control
        self.summary = summary
        stats = OperatorStats(estimatedRows: estimatedRows)
    }

    public func next() throws -> Batch? {
        while let batch = try input.next() {
            try control.check()
            var keep: [Int32] = []
            keep.reserveCapacity(batch.count)
            for r in 0..<batch.count where try predicate(batch, r) { keep.append(Int32(r)) }
            if !keep.isEmpty { return stats.record(batch.selecting(keep)) }
        }
        return nil
    }
}

/// Reorders, drops or duplicates columns (projection and layout changes). Never copies rows.
public final class Project: PhysicalOperator {
    public var width: Int { columns.count }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { "Project" }
    public var explainDetails: String { names }

    let input: any PhysicalOperator
    /// Input column per output column; nil gives an always-unbound column.
    let columns: [Int?]
    let names: String

    public init(_ input: any PhysicalOperator, columns: [Int?], names: String = "") {
        self.input = input
        self.columns = columns
        self.names = names
        stats = OperatorStats()
    }

    public func next() throws -> Batch? {
        guard let batch = try input.next() else { return nil }
        let n = batch.count
        var out = Batch(columns: columns.map { c in c.map { batch.columns[$0] } ?? [UInt64](repeating: 0, count: n) })
        if columns.isEmpty { out.rowCountWithoutColumns = n }
        return stats.record(out)
    }
}

/// Adds a column computed per row (BIND, SELECT expressions, sort and group keys);
/// 0 when the expression fails (the variable stays unbound).
public final class Extend: PhysicalOperator {
    public var width: Int { input.width + 1 }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { "Extend" }
    public var explainDetails: String { summary }

    let input: any PhysicalOperator
    /// Computes the value for (batch, row in batch, solution number).
    let compute: (Batch, Int, Int) throws -> UInt64
    let control: QueryControl
    let summary: String
    /// Solutions numbered from here: stacked Extends over the same input share the
    /// numbering, so that BNODE(label) names one node per solution across them.
    let solutionBase: Int
    private var rowsSeen = 0

    public init(_ input: any PhysicalOperator, summary: String, control: QueryControl, solutionBase: Int = 0,
                compute: @escaping (Batch, Int, Int) throws -> UInt64) {
        self.input = input
        self.compute = compute
        self.control = control
        self.summary = summary
        self.solutionBase = solutionBase
        stats = OperatorStats()
    }

    public func next() throws -> Batch? {
        guard var batch = try input.next() else { return nil }
        try control.check()
        var column: [UInt64] = []
        column.reserveCapacity(batch.count)
        for r in 0..<batch.count { column.append(try compute(batch, r, solutionBase + rowsSeen + r)) }
        rowsSeen += batch.count
        batch.columns.append(column)
        return stats.record(batch)
    }
}

/// OFFSET and LIMIT. Stops pulling from its input once the limit is reached.
public final class Slice: PhysicalOperator {
    public var width: Int { input.width }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { "Slice" }
    public var explainDetails: String { "offset \(offset)" + (limit.map { ", limit \($0)" } ?? "") }

    let input: any PhysicalOperator
    let offset: Int
    let limit: Int?
    private var skipped = 0
    private var emitted = 0

    public init(_ input: any PhysicalOperator, offset: Int, limit: Int?) {
        self.input = input
        self.offset = offset
        self.limit = limit
        stats = OperatorStats()
    }

    public func next() throws -> Batch? {
        if let limit, emitted >= limit { return nil }
        while let batch = try input.next() {
            var start = 0
            if skipped < offset {
                let skip = min(offset - skipped, batch.count)
                skipped += skip
                start = skip
                if start == batch.count { continue }
            }
            var end = batch.count
            if let limit { end = min(end, start + (limit - emitted)) }
            emitted += end - start
            if start == 0 && end == batch.count { return stats.record(batch) }
            return stats.record(batch.selecting((start..<end).map(Int32.init)))
        }
        return nil
    }
}

/// Removes duplicate rows (DISTINCT; REDUCED uses it too).
/// - Complexity: O(n) expected; keeps every distinct row seen, charged to the budget.
public final class Distinct: PhysicalOperator {
    public var width: Int { input.width }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [input] }
    public var explainName: String { "Distinct" }

    let input: any PhysicalOperator
    let control: QueryControl
    private var seen = Set<[UInt64]>()
    private var seenEmpty = false
    private let reservation: MemoryReservation

    public init(_ input: any PhysicalOperator, control: QueryControl) {
        self.input = input
        self.control = control
        stats = OperatorStats()
        reservation = MemoryReservation(control: control, operatorName: "DISTINCT")
    }

    public func next() throws -> Batch? {
        while let batch = try input.next() {
            try control.check()
            if batch.width == 0 {
                if seenEmpty { continue }
                seenEmpty = true
                return stats.record(Batch(columns: [], rowCount: 1))
            }
            var keep: [Int32] = []
            var row = [UInt64](repeating: 0, count: batch.width)
            for r in 0..<batch.count {
                for c in 0..<batch.width { row[c] = batch.columns[c][r] }
                if seen.insert(row).inserted {
                    keep.append(Int32(r))
                    try reservation.reserve(batch.width * 8 + 48)
                }
            }
            if !keep.isEmpty { return stats.record(batch.selecting(keep)) }
        }
        return nil
    }
}

/// Concatenates two inputs mapped onto one layout (UNION).
public final class Union: PhysicalOperator {
    public let width: Int
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [left, right] }
    public var explainName: String { "Union" }

    let left: any PhysicalOperator
    let right: any PhysicalOperator
    private var leftDone = false

    /// Both inputs must already have the output layout (the planner adds `Project`s).
    public init(left: any PhysicalOperator, right: any PhysicalOperator) {
        precondition(left.width == right.width)
        self.left = left
        self.right = right
        width = left.width
        stats = OperatorStats()
    }

    public func next() throws -> Batch? {
        if !leftDone {
            if let b = try left.next() { return stats.record(b) }
            leftDone = true
        }
        return stats.record(try right.next())
    }
}

/// A constant table (VALUES, the empty pattern's single solution).
public final class ValuesTable: PhysicalOperator {
    public var width: Int { table.width }
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [] }
    public var explainName: String { "Values" }
    public var explainDetails: String { "\(table.count) row\(table.count == 1 ? "" : "s")" }

    let table: Batch
    private var done = false

    public init(_ table: Batch) {
        self.table = table
        stats = OperatorStats(estimatedRows: Double(table.count))
    }

    public func next() throws -> Batch? {
        guard !done else { return nil }
        done = true
        return stats.record(table.count > 0 ? table : nil)
    }
}
