import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// The store a query runs on, addressed like a remote endpoint.
///
/// A federated query reads a triple pattern from every source that holds it; when this
/// store is one of them, its part goes through the same bind join as the members' parts,
/// evaluated in this process (no HTTP, no text): the SERVICE operators recognise
/// ``iri`` and plan the request's pattern against the query's own snapshot.
public enum LocalStoreEndpoint {
    /// The endpoint IRI that stands for the local store.
    public static let iri = "urn:ptolemy:local-store"
}

/// The answer of a request to ``LocalStoreEndpoint``: the solutions of a pattern planned
/// on the query's snapshot, as terms.
final class LocalStoreResponse: ServiceResponse {
    private let plan: Plan
    private let context: QueryContext
    private let columns: [Int?]
    private var batch: Batch?
    private var row = 0
    private var decoded: [[Term?]] = []

    init(plan: Plan, variables: [Variable], context: QueryContext) {
        self.plan = plan
        self.context = context
        columns = variables.map { plan.column(of: $0) }
        names = variables.map(\.name)
    }

    private let names: [String]

    func variables() throws -> [String] { names }

    func next() throws -> [Term?]? {
        while batch == nil || row >= batch!.count {
            guard let next = try plan.op.next() else { return nil }
            batch = next
            row = 0
            decoded = try columns.map { c in
                guard let c else { return [Term?](repeating: nil, count: next.count) }
                return try context.decode(column: next.columns[c][0..<next.count])
            }
        }
        defer { row += 1 }
        return decoded.map { $0[row] }
    }

    func cancel() {}

    var bytesReceived: Int { 0 }
}
