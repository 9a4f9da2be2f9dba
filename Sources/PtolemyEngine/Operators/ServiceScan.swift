import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// `SERVICE <endpoint> { pattern }` evaluated on its own: one request for the whole
/// pattern, its answer streamed in batches as it arrives.
///
/// Under SILENT the answer is read completely before anything is passed on, so that a
/// request failing half-way yields the empty solution rather than half an answer.
final class ServiceScan: PhysicalOperator {
    let width: Int
    let stats: OperatorStats
    var children: [any PhysicalOperator] { [] }
    var explainName: String { silent ? "ServiceSilent" : "Service" }
    var explainDetails: String { calls.summary(endpoint: "<\(endpoint)>") }

    let endpoint: String
    let pattern: Algebra
    let variables: [Variable]
    let required: Set<Variable>
    let silent: Bool
    let requester: ServiceRequester
    let context: QueryContext
    let calls = ServiceCallStats()
    private var solutions: RemoteSolutions?
    /// The request, sent when the operator is made so that the SERVICE calls of a query
    /// (the two sides of a spatial join, say) are answered at the same time.
    private var prefetched: Result<any ServiceResponse, any Error>?
    private var started = false
    private var finished = false
    private var startTime = ContinuousClock.now
    private let reservation: MemoryReservation

    init(endpoint: String, pattern: Algebra, variables: [Variable], silent: Bool, requester: ServiceRequester,
         estimatedRows: Double) {
        self.endpoint = endpoint
        self.pattern = pattern
        self.variables = variables
        required = pattern.certainlyBoundVariables.intersection(variables)
        self.silent = silent
        self.requester = requester
        context = requester.context
        width = variables.count
        stats = OperatorStats(estimatedRows: estimatedRows)
        reservation = MemoryReservation(control: context.control, operatorName: "SERVICE <\(endpoint)>")
        startTime = ContinuousClock.now
        calls.requests += 1
        let text = requester.needsText(endpoint) ? ServiceQueryText.text(pattern, variables: variables) : ""
        if requester.needsText(endpoint) {
            prefetched = Result { try requester.start(endpoint: endpoint, algebra: pattern, variables: variables, text: text,
                                                      silent: silent, bindings: 0) }
        }
    }

    deinit {
        solutions?.response.cancel()
        if case .success(let response) = prefetched { response.cancel() }
    }

    func next() throws -> Batch? {
        guard !finished else { return nil }
        try context.control.check()
        if !started {
            started = true
            if silent { return stats.record(try readSilently()) }
            solutions = try open()
        }
        guard let reader = solutions else { finished = true; return nil }
        var out = Batch(width: width)
        var row = [UInt64](repeating: 0, count: width)
        while out.count < Batch.capacity {
            guard try reader.next(into: &row, context: context) else {
                finish(reader)
                solutions = nil
                break
            }
            append(row, to: &out)
        }
        return stats.record(out.count > 0 ? out : nil)
    }

    private func open() throws -> RemoteSolutions {
        // The local store's requests are plans over the query's own snapshot: made when read.
        let response = try prefetched.map { try $0.get() }
            ?? requester.start(endpoint: endpoint, algebra: pattern, variables: variables, text: "", silent: silent, bindings: 0)
        prefetched = nil
        do {
            return try RemoteSolutions(response: response, endpoint: endpoint, columns: variables, required: required)
        } catch {
            response.cancel()
            throw error
        }
    }

    private func finish(_ reader: RemoteSolutions) {
        calls.bytes += reader.response.bytesReceived
        calls.solutions += reader.rows
        calls.nanoseconds += UInt64((ContinuousClock.now - startTime).nanoseconds)
    }

    private func append(_ row: [UInt64], to out: inout Batch) {
        if width == 0 { out.appendEmptyRow() } else { row.withUnsafeBufferPointer { out.append($0) } }
    }

    /// The whole answer, or the empty solution when the request fails.
    private func readSilently() throws -> Batch? {
        finished = true
        var all = Batch(width: width)
        do {
            let reader = try open()
            var row = [UInt64](repeating: 0, count: width)
            while try reader.next(into: &row, context: context) {
                try reservation.reserve(max(width, 1) * 8)
                append(row, to: &all)
                if all.count % Batch.capacity == 0 { try context.control.check() }
            }
            finish(reader)
            return all.count > 0 ? all : nil
        } catch let error as QueryEvaluationError where error.isSilenceable {
            calls.failedRequests += 1
            calls.nanoseconds += UInt64((ContinuousClock.now - startTime).nanoseconds)
            var unit = Batch(width: width, capacity: 1)
            append([UInt64](repeating: 0, count: width), to: &unit)
            return unit
        }
    }
}

extension Duration {
    /// The duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
