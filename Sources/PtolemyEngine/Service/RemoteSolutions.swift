import Foundation
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// Reads one remote answer as rows of term IDs in the operator's column order.
///
/// Terms become IDs of the query (the store's own when it holds the term, so that remote
/// and local values join by ID equality); blank nodes get fresh labels, one per label of
/// the answer, since a result's blank nodes are scoped to it.
final class RemoteSolutions {
    let response: any ServiceResponse
    let endpoint: String
    /// Per column of the answer: the output column it fills (nil: not wanted).
    private let targets: [Int?]
    /// Output columns the pattern always binds: an answer without them is malformed.
    private let required: [Int]
    let width: Int
    private var blanks: [String: UInt64] = [:]
    /// Per answer column, the last term and its ID: columns often repeat a value row after
    /// row (a code, a class, the binding a row extends), and comparing is cheaper than interning.
    private var last: [(term: Term, id: UInt64)?]
    private(set) var rows = 0

    /// - Parameters:
    ///   - columns: the variables the operator wants, in its column order.
    ///   - required: those of them every solution must bind.
    init(response: any ServiceResponse, endpoint: String, columns: [Variable], required: Set<Variable>) throws {
        self.response = response
        self.endpoint = endpoint
        let names = try response.variables()
        var targets: [Int?] = []
        for name in names {
            targets.append(columns.firstIndex { $0.name == name && $0.isProjectable })
        }
        self.targets = targets
        last = [(term: Term, id: UInt64)?](repeating: nil, count: targets.count)
        self.required = columns.indices.filter { required.contains(columns[$0]) }
        width = columns.count
        for c in self.required where !targets.contains(c) {
            throw QueryEvaluationError.service(endpoint: endpoint,
                                               message: "the answer has no variable \(columns[c]), which the pattern binds")
        }
    }

    /// Fills `row` (of ``width`` IDs, 0 for unbound) with the next solution; false at the end.
    func next(into row: inout [UInt64], context: QueryContext) throws -> Bool {
        guard let solution = try response.next() else { return false }
        for i in row.indices { row[i] = 0 }
        for (i, term) in solution.enumerated() {
            guard let term, i < targets.count, let c = targets[i] else { continue }
            if let (previous, id) = last[i], previous == term, !term.isBlank {
                row[c] = id
                continue
            }
            let id = id(of: term, context: context)
            last[i] = (term, id)
            row[c] = id
        }
        for c in required where row[c] == 0 {
            throw QueryEvaluationError.service(
                endpoint: endpoint, message: "solution \(rows + 1) of the answer leaves a variable unbound that the pattern always binds")
        }
        rows += 1
        return true
    }

    private func id(of term: Term, context: QueryContext) -> UInt64 {
        if case .blank(let label) = term {
            if let id = blanks[label] { return id }
            let id = context.intern(context.freshBlankNode()).rawValue
            blanks[label] = id
            return id
        }
        return context.intern(term).rawValue
    }
}

/// What the requests of one SERVICE operator cost, for EXPLAIN.
final class ServiceCallStats {
    var requests = 0
    var failedRequests = 0
    var bindingsSent = 0
    var bytes = 0
    var solutions = 0
    /// Time from the first request's start to the last answer's end (requests overlap).
    var nanoseconds: UInt64 = 0
    var batchSize = 0

    /// - Parameter endpoint: how the endpoint reads (`<iri>`, or the variable holding it).
    func summary(endpoint: String) -> String {
        var parts = [endpoint, "\(requests) request\(requests == 1 ? "" : "s")"]
        if bindingsSent > 0 { parts.append("\(bindingsSent) bindings in batches of up to \(batchSize)") }
        if failedRequests > 0 { parts.append("\(failedRequests) failed") }
        parts.append("\(solutions) solutions")
        parts.append(Self.bytes(bytes))
        parts.append(String(format: "%.1f ms", Double(nanoseconds) / 1e6))
        return parts.joined(separator: ", ")
    }

    static func bytes(_ n: Int) -> String {
        if n < 10_000 { return "\(n) B" }
        if n < 10_000_000 { return "\(n / 1000) kB" }
        return "\(n / 1_000_000) MB"
    }
}
