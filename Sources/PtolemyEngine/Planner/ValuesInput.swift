import PtolemyStorage
import PtolemySPARQL

/// Inline data (a VALUES block whose cells are all bound) as an input of a join order.
///
/// A small table is the cheapest place to start a join: the planner can read it first and
/// probe the triple patterns with its values. That is the shape of every bind-join request
/// a federation engine sends (`{ VALUES (?x) { … } { ?x :p ?o } }`), so an endpoint that
/// planned the block apart from the pattern would scan the whole partition per request.
struct ValuesInput: JoinInput {
    /// Column i holds `columns[i]`.
    let columns: [Variable]
    let table: Batch
    let variables: Set<Variable>
    private let distinctCounts: [Variable: Double]

    init(columns: [Variable], table: Batch) {
        self.columns = columns
        self.table = table
        variables = Set(columns)
        var counts: [Variable: Double] = [:]
        for (c, v) in columns.enumerated() { counts[v] = Double(Set(table.columns[c]).count) }
        distinctCounts = counts
    }

    var label: String { "VALUES (\(columns.map(\.description).joined(separator: " "))) \(table.count) rows" }

    func estimatedRows(bound: Set<Variable>) -> Double {
        var rows = Double(table.count)
        for v in bound where variables.contains(v) { rows /= max(distinctCounts[v] ?? 1, 1) }
        return rows
    }

    func distinctValues(_ v: Variable) -> Double { distinctCounts[v] ?? 0 }

    var leafOrders: [SortOrder] { [.subjectObject] }

    func sortedVariable(order: SortOrder) -> Variable? { nil }

    // A table on the probed side is better joined by hashing: the planner then starts from
    // it or hashes it, never probes it row by row.
    func canProbe(with v: Variable) -> Bool { false }

    func probeOrder(for v: Variable) -> SortOrder { .subjectObject }

    func probeCost(for v: Variable) -> Double { .infinity }

    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        (ValuesTable(table), columns)
    }

    func probeVariables(binding v: Variable) -> [Variable] { columns.filter { $0 != v } }

    func makeProbe(context: QueryContext, binding v: Variable) -> Probe {
        preconditionFailure("a VALUES input is never probed (canProbe is false)")
    }
}
