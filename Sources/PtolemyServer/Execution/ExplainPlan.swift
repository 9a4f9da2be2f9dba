import Foundation
import PtolemyEngine

/// The executed plan of a query as a JSON tree, for the `explain` parameter and the web
/// UI: each operator with its details, the rows the planner estimated and the rows it
/// actually produced.
struct ExplainPlan: Encodable {
    struct Node: Encodable {
        let name: String
        let details: String
        /// nil when the planner had no estimate.
        let estimatedRows: Double?
        let actualRows: Int
        let batches: Int
        /// Time spent in the operator and its children, when the engine measured it.
        let milliseconds: Double?
        let children: [Node]

        init(_ op: any PhysicalOperator) {
            let stats = op.stats
            name = op.explainName
            details = op.explainDetails
            estimatedRows = stats.estimatedRows.isFinite ? stats.estimatedRows : nil
            actualRows = stats.actualRows
            batches = stats.batches
            milliseconds = stats.nanoseconds > 0 ? Double(stats.nanoseconds) / 1e6 : nil
            children = op.children.map(Node.init)
        }
    }

    let plan: Node
    /// The rows (or triples) the query produced.
    let rows: Int
    let milliseconds: Double
    /// The same plan as indented text (what `ptolemy query --explain` prints).
    let text: String

    init(prepared: PreparedQuery, rows: Int, elapsed: Duration) {
        plan = Node(prepared.root)
        self.rows = rows
        milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        text = prepared.explain()
    }

    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8)) + [UInt8(ascii: "\n")]
    }
}
