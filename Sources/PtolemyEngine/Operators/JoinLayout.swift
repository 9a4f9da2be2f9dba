/// Where each output column of a binary operator comes from.
public enum JoinColumn: Sendable, Equatable {
    case left(Int)
    case right(Int)
    /// A variable both sides have: the left value, or the right one when the left is unbound.
    case either(Int, Int)
}

/// The output layout of a join and the columns it matches on.
public struct JoinLayout: Sendable {
    /// Output columns, in order.
    public var outputs: [JoinColumn]
    /// Pairs of (left column, right column) that hold the same variable.
    public var shared: [(Int, Int)]

    public init(outputs: [JoinColumn], shared: [(Int, Int)]) {
        self.outputs = outputs
        self.shared = shared
    }

    /// Appends the combination of two rows to `out`.
    @inline(__always)
    func append(left: Batch, _ l: Int, right: Batch, _ r: Int, to out: inout Batch) {
        for (c, source) in outputs.enumerated() {
            switch source {
            case .left(let i): out.columns[c].append(left.columns[i][l])
            case .right(let i): out.columns[c].append(right.columns[i][r])
            case .either(let i, let j):
                let v = left.columns[i][l]
                out.columns[c].append(v != 0 ? v : right.columns[j][r])
            }
        }
        if outputs.isEmpty { out.rowCountWithoutColumns += 1 }
    }

    /// Appends a left row with the right side unbound (OPTIONAL without a match).
    @inline(__always)
    func appendLeftOnly(left: Batch, _ l: Int, to out: inout Batch) {
        for (c, source) in outputs.enumerated() {
            switch source {
            case .left(let i), .either(let i, _): out.columns[c].append(left.columns[i][l])
            case .right: out.columns[c].append(0)
            }
        }
        if outputs.isEmpty { out.rowCountWithoutColumns += 1 }
    }

    /// SPARQL compatibility: every shared variable is equal or unbound on one side.
    @inline(__always)
    func compatible(left: Batch, _ l: Int, right: Batch, _ r: Int) -> Bool {
        for (i, j) in shared {
            let a = left.columns[i][l], b = right.columns[j][r]
            if a != 0 && b != 0 && a != b { return false }
        }
        return true
    }
}

/// A filter on a combined row (LeftJoin's expression), evaluated by the planner's closure.
public typealias RowPredicate = (Batch, Int) throws -> Bool
