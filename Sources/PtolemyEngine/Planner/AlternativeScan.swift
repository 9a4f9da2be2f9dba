import PtolemyStorage
import PtolemySPARQL

/// One triple pattern with alternatives (`?f geo:hasGeometry ?g` matched through
/// `geo:hasDefaultGeometry` too, under RDFS entailment) as an input of a join order: its
/// distinct solutions over all alternatives.
///
/// Planned apart, the alternatives would be a union beside the basic graph pattern, and
/// the patterns they link (a feature's class and its geometry's literal) would no longer
/// form one chain the planner can order, probe or join spatially. As one input they can
/// be scanned or probed like any pattern.
final class AlternativeScan: JoinInput {
    let branches: [PatternScan]
    /// Output columns.
    let columns: [Variable]
    let variables: Set<Variable>

    init(branches: [PatternScan], columns: [Variable]) {
        self.branches = branches
        self.columns = columns
        variables = Set(columns)
    }

    var label: String { branches.map(\.label).joined(separator: " | ") }

    func estimatedRows(bound: Set<Variable>) -> Double { branches.reduce(0) { $0 + $1.estimatedRows(bound: bound) } }

    func distinctValues(_ v: Variable) -> Double { branches.reduce(0) { $0 + $1.distinctValues(v) } }

    var leafOrders: [SortOrder] { [.subjectObject] }

    func sortedVariable(order: SortOrder) -> Variable? { nil }

    func canProbe(with v: Variable) -> Bool { branches.allSatisfy { $0.canProbe(with: v) } }

    func probeOrder(for v: Variable) -> SortOrder { branches[0].probeOrder(for: v) }

    func probeCost(for v: Variable) -> Double { branches.reduce(0) { $0 + $1.probeCost(for: v) } }

    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        let parts: [any PhysicalOperator] = branches.map { branch in
            let (op, vs) = branch.makeScan(context: context, order: .subjectObject, estimatedRows: .nan)
            return Project(op, columns: columns.map { vs.firstIndex(of: $0) })
        }
        let union = parts.dropFirst().reduce(parts[0]) { Union(left: $0, right: $1) }
        return (Distinct(union, control: context.control), columns)
    }

    func probeVariables(binding v: Variable) -> [Variable] { columns.filter { $0 != v } }

    func makeProbe(context: QueryContext, binding v: Variable) -> Probe {
        let wanted = probeVariables(binding: v)
        let probes = branches.map { branch -> (Probe, [Int?]) in
            let vs = branch.probeVariables(binding: v)
            return (branch.makeProbe(context: context, binding: v), wanted.map { vs.firstIndex(of: $0) })
        }
        return { value, emit in
            var seen = Set<[UInt64]>()
            var row = [UInt64](repeating: 0, count: wanted.count)
            for (probe, mapping) in probes {
                try probe(value) { columns in
                    for (i, c) in mapping.enumerated() { row[i] = c.map { columns[$0] } ?? 0 }
                    if seen.insert(row).inserted { try row.withUnsafeBufferPointer { try emit($0) } }
                }
            }
        }
    }
}
