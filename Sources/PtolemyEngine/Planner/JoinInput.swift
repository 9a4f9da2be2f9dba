import PtolemySPARQL
import PtolemyStorage

/// One input of a basic graph pattern's join order: a triple pattern, or a spatial
/// selection that the index answers. The ``BGPPlanner`` orders inputs through this
/// interface only.
protocol JoinInput {
    /// The variables the input binds.
    var variables: Set<Variable> { get }
    /// How the input reads in EXPLAIN.
    var label: String { get }
    /// Estimated rows when the variables in `bound` are fixed to one value each.
    func estimatedRows(bound: Set<Variable>) -> Double
    /// Estimated distinct values of `v` among the rows.
    func distinctValues(_ v: Variable) -> Double
    /// How many values `v` could take before the input's own selection (nil: as many as
    /// ``distinctValues(_:)``): for
    /// `?poi ex:category "cafe"`, every subject of `ex:category`. Joins of such
    /// value-selected inputs are estimated as independent selections of that domain,
    /// not as one set of values contained in the other.
    func domainSize(_ v: Variable) -> Double?
    /// The read orders worth considering for a first scan.
    var leafOrders: [SortOrder] { get }
    /// Whether the input can be read on its own (false: only probed, e.g. a spatial index probe).
    var scannable: Bool { get }
    /// The variable the rows come sorted by in `order`, if any.
    func sortedVariable(order: SortOrder) -> Variable?
    /// Whether one value of `v` can be looked up directly (a bind join).
    func canProbe(with v: Variable) -> Bool
    /// The read order of a lookup by `v` (for EXPLAIN and merge bookkeeping).
    func probeOrder(for v: Variable) -> SortOrder
    /// The cost of one lookup.
    func probeCost(for v: Variable) -> Double
    /// A scan of all rows.
    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable])
    /// The columns a lookup by `v` returns.
    func probeVariables(binding v: Variable) -> [Variable]
    /// The lookup: calls back with each row for one value of `v`, in
    /// ``probeVariables(binding:)`` layout (the buffer is valid during the call only).
    func makeProbe(context: QueryContext, binding v: Variable) -> Probe
}

/// A bind join's lookup: for a value, each matching row's columns.
typealias Probe = (TermID, (UnsafeBufferPointer<UInt64>) throws -> Void) throws -> Void

extension JoinInput {
    func domainSize(_ v: Variable) -> Double? { nil }
    func estimatedRows() -> Double { estimatedRows(bound: []) }
    var scannable: Bool { true }
}

extension PatternScan: JoinInput {
    var label: String { pattern.description }

    var leafOrders: [SortOrder] {
        if subject == nil && object == nil && keys.count == 1 && !(keys.first?.isClassPartition ?? false) {
            return [.subjectObject, .objectSubject]
        }
        return [.subjectObject]
    }

    func probeOrder(for v: Variable) -> SortOrder { pattern.subject.variable == v ? .subjectObject : .objectSubject }

    func probeCost(for v: Variable) -> Double { CostFactors.probe }

    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        makeScan(context: context, bindings: [:], order: order, estimatedRows: estimatedRows)
    }
}
