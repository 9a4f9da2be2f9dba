import PtolemySPARQL

/// A planned subtree: its operator, which variable each output column holds, and what
/// the planner knows about its rows.
struct Plan {
    var op: any PhysicalOperator
    /// Column i holds `variables[i]`.
    var variables: [Variable]
    /// Variables bound in every row (inside BGPs, all of them; OPTIONAL and UNION
    /// make some possibly unbound).
    var certainlyBound: Set<Variable>
    /// The variable the rows come sorted by (raw ID order), if any.
    var sortedOn: Variable?
    var estimatedRows: Double
    /// Estimated distinct values per variable.
    var distinct: [Variable: Double]

    func column(of v: Variable) -> Int? { variables.firstIndex(of: v) }

    var variableSet: Set<Variable> { Set(variables) }
}

/// A solution view over one row of a batch, for the expression evaluator.
struct BatchRow: SolutionView {
    let batch: Batch
    let row: Int
    let columns: [Variable: Int]
    var solutionIndex: Int

    @inline(__always)
    func value(of variable: Variable) -> TermID? {
        guard let c = columns[variable] else { return nil }
        let v = batch.columns[c][row]
        return v == 0 ? nil : TermID(rawValue: v)
    }
}

import PtolemyStorage

/// An operator with no rows (a pattern with a constant the store has never seen).
final class EmptyOperator: PhysicalOperator {
    let width: Int
    let stats = OperatorStats(estimatedRows: 0)
    var children: [any PhysicalOperator] { [] }
    var explainName: String { "Empty" }
    let reason: String
    var explainDetails: String { reason }

    init(width: Int, reason: String) {
        self.width = width
        self.reason = reason
    }

    func next() throws -> Batch? { nil }
}
