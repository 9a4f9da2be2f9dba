import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// A bind join into a SERVICE: the left side's bindings of the variables it shares with
/// the remote pattern go to the endpoint as VALUES blocks, and the answers are joined
/// back onto the left rows that carry those bindings.
///
/// The left side is read in windows; each window's distinct binding tuples are sent once,
/// in requests of up to ``ServiceLimits/bindingsPerRequest`` tuples (fewer when the text
/// would exceed the endpoint's query length, and split again when the endpoint refuses
/// one as too long), with up to ``ServiceLimits/concurrentRequests`` requests in flight;
/// answers are joined in the order the requests were made, so output order is
/// deterministic. Each VALUES row carries its number, so every answer row names the tuple
/// it extends. With several endpoints (one pattern that several federation members hold)
/// each tuple goes to each of them and the answers are united; with a variable endpoint
/// (`SERVICE ?e`) the endpoint is part of the tuple and requests are grouped per endpoint.
/// As a left join (OPTIONAL) a left row no answer matches is kept unextended once the
/// window's requests are done; as a semi-join (anti-join) a left row passes, unextended,
/// when some answer matches it (none does): `FILTER (NOT) EXISTS { SERVICE … }` for a
/// whole window of rows in a few requests instead of one per row. Under SILENT a failed
/// request gives its rows the empty solution (they pass unchanged).
final class ServiceJoin: PhysicalOperator {
    /// How answers combine with the left rows.
    enum Mode {
        case inner, optional, semi, anti
    }

    /// Where requests go.
    enum Endpoint {
        /// Each of these endpoints (the answers are united).
        case fixed([String])
        /// The value of this left column, per row.
        case column(Int, Variable)
    }

    let width: Int
    let stats: OperatorStats
    var children: [any PhysicalOperator] { [left] }
    var explainName: String {
        switch mode {
        case .inner: return "ServiceBindJoin"
        case .optional: return "ServiceBindLeftJoin"
        case .semi: return "ServiceSemiJoin"
        case .anti: return "ServiceAntiJoin"
        }
    }
    var explainDetails: String {
        switch endpoint {
        case .fixed(let iris): return calls.summary(endpoint: iris.map { "<\($0)>" }.joined(separator: " + "))
        case .column(_, let v): return calls.summary(endpoint: v.description)
        }
    }

    let left: any PhysicalOperator
    let endpoint: Endpoint
    let pattern: Algebra
    /// The remote pattern's variables, in the answer column order.
    let patternVariables: [Variable]
    let required: Set<Variable>
    /// Left columns sent as bindings, and their variables.
    let bindingColumns: [Int]
    let bindingVariables: [Variable]
    let indexVariable: Variable
    let silent: Bool
    let mode: Mode
    let filter: RowPredicate?
    let layout: JoinLayout
    let requester: ServiceRequester
    let context: QueryContext
    let calls = ServiceCallStats()
    private let reservation: MemoryReservation

    // The current window of left rows and its distinct tuples.
    private var window = Batch(width: 0)
    private var leftDone = false
    /// The binding tuple of each tuple number (endpoint last, when it varies).
    private var windowKeys: [[UInt64]] = []
    private var tupleRowStart: [Int] = []
    private var tupleRows: [Int32] = []
    private var matched: [Bool] = []
    /// Requests of the window not started yet, and those in flight (oldest first).
    private var queued: [PlannedRequest] = []
    private var queuedPosition = 0
    private var inFlight: [StartedRequest] = []
    /// The answer being joined now.
    private var current: StartedRequest?
    /// Joined rows not yet returned.
    private var output: Batch
    private var outputPosition = 0
    private var firstStart: ContinuousClock.Instant?

    struct PlannedRequest {
        /// The endpoint; nil for tuples that get the empty solution (SILENT with an unusable endpoint).
        let endpoint: String?
        /// Window tuple numbers; the request numbers them 0..<count.
        let tuples: [Int32]
        let algebra: Algebra
        let text: String
    }

    final class StartedRequest {
        let plan: PlannedRequest
        var response: (any ServiceResponse)?
        var solutions: RemoteSolutions?
        /// Failed under SILENT (or never sent): its rows pass unchanged.
        var failed = false
        /// Sent again as two smaller requests: nothing to join here.
        var resent = false
        /// The whole answer, read at once (SILENT).
        var buffered: (rows: Batch, tuples: [Int32])?

        init(plan: PlannedRequest) { self.plan = plan }
    }

    init(left: any PhysicalOperator, endpoint: Endpoint, pattern: Algebra, patternVariables: [Variable],
         bindingColumns: [Int], bindingVariables: [Variable], silent: Bool, mode: Mode, filter: RowPredicate?,
         layout: JoinLayout, requester: ServiceRequester, estimatedRows: Double) {
        self.left = left
        self.endpoint = endpoint
        self.pattern = pattern
        self.patternVariables = patternVariables
        // A semi-join asks for the bindings back only, which UNDEF may leave unbound.
        required = mode == .semi || mode == .anti ? [] : pattern.certainlyBoundVariables.intersection(patternVariables)
        self.bindingColumns = bindingColumns
        self.bindingVariables = bindingVariables
        indexVariable = ServiceQueryText.indexVariable(avoiding: pattern)
        self.silent = silent
        self.mode = mode
        self.filter = filter
        self.layout = layout
        self.requester = requester
        context = requester.context
        width = layout.outputs.count
        output = Batch(width: layout.outputs.count)
        stats = OperatorStats(estimatedRows: estimatedRows)
        reservation = MemoryReservation(control: requester.context.control, operatorName: "SERVICE bind join")
    }

    deinit {
        current?.response?.cancel()
        for r in inFlight { r.response?.cancel() }
    }

    func next() throws -> Batch? {
        while output.count - outputPosition < Batch.capacity {
            try context.control.check()
            if try !step() { break }
        }
        let available = output.count - outputPosition
        guard available > 0 else { return stats.record(nil) }
        let end = outputPosition + min(available, Batch.capacity)
        var batch = Batch(width: width, capacity: end - outputPosition)
        if width == 0 {
            batch.rowCountWithoutColumns = end - outputPosition
        } else {
            for c in 0..<width { batch.columns[c].append(contentsOf: output.columns[c][outputPosition..<end]) }
        }
        outputPosition = end
        if outputPosition == output.count {
            output = Batch(width: width)
            outputPosition = 0
        }
        return stats.record(batch)
    }

    /// Does one unit of work; false when there is nothing left to do.
    private func step() throws -> Bool {
        if let request = current {
            if try join(request) { return true }
            current = nil
            if request.failed { passUnchanged(request) }
            return true
        }
        try startRequests()
        if !inFlight.isEmpty {
            let request = inFlight.removeFirst()
            try startRequests()
            try open(request)
            current = request
            return true
        }
        if queuedPosition < queued.count { return true }
        // The window is done.
        switch mode {
        case .inner: break
        case .optional, .anti: emitRows(matched: false)
        case .semi: emitRows(matched: true)
        }
        if leftDone { return false }
        try readWindow()
        return true
    }

    // MARK: - windows

    private func readWindow() throws {
        reservation.releaseAll()
        window = Batch(width: left.width)
        var tupleOfRow: [Int32] = []
        var index: [[UInt64]: Int32] = [:]
        var keys: [[UInt64]] = []
        let limits = firstEndpointLimits()
        let tupleTarget = max(limits.bindingsPerRequest * limits.concurrentRequests * 2, 1000)
        var key = [UInt64](repeating: 0, count: bindingColumns.count + (endpointColumn == nil ? 0 : 1))
        while keys.count < tupleTarget && window.count < 1 << 17 {
            guard let batch = try left.next() else { leftDone = true; break }
            try reservation.reserve(batch.count * (max(batch.width, 1) * 8 + 4))
            for r in 0..<batch.count {
                for (k, c) in bindingColumns.enumerated() { key[k] = batch.columns[c][r] }
                if let e = endpointColumn { key[bindingColumns.count] = batch.columns[e][r] }
                let tuple: Int32
                if let t = index[key] {
                    tuple = t
                } else {
                    tuple = Int32(keys.count)
                    index[key] = tuple
                    keys.append(key)
                }
                tupleOfRow.append(tuple)
            }
            if window.width == 0 {
                window.rowCountWithoutColumns += batch.count
            } else {
                for c in 0..<window.width { window.columns[c].append(contentsOf: batch.columns[c]) }
            }
        }
        // Rows of each tuple, by counting sort.
        tupleRowStart = [Int](repeating: 0, count: keys.count + 1)
        for t in tupleOfRow { tupleRowStart[Int(t) + 1] += 1 }
        for t in 0..<keys.count { tupleRowStart[t + 1] += tupleRowStart[t] }
        var fill = tupleRowStart
        tupleRows = [Int32](repeating: 0, count: tupleOfRow.count)
        for (row, t) in tupleOfRow.enumerated() {
            tupleRows[fill[Int(t)]] = Int32(row)
            fill[Int(t)] += 1
        }
        matched = [Bool](repeating: false, count: mode == .inner ? 0 : window.count)
        windowKeys = keys
        queued = try planRequests()
        queuedPosition = 0
    }

    private var endpointColumn: Int? {
        if case .column(let c, _) = endpoint { return c }
        return nil
    }

    private func firstEndpointLimits() -> ServiceLimits {
        if case .fixed(let iris) = endpoint, let first = iris.first { return requester.limits(for: first) }
        return ServiceLimits()
    }

    /// Groups the window's tuples per endpoint and cuts them into requests.
    private func planRequests() throws -> [PlannedRequest] {
        var byEndpoint: [(String, [Int32])] = []
        var unusable: [Int32] = []
        switch endpoint {
        case .fixed(let iris):
            let all = (0..<Int32(windowKeys.count)).map { $0 }
            byEndpoint = iris.map { ($0, all) }
        case .column(_, let variable):
            var groups: [UInt64: Int] = [:]
            for (t, key) in windowKeys.enumerated() {
                let id = key[bindingColumns.count]
                if let g = groups[id] { byEndpoint[g].1.append(Int32(t)); continue }
                guard id != 0, case .iri(let iri) = try context.decode(TermID(rawValue: id)) else {
                    // Not an endpoint: an error, which SILENT turns into the empty solution.
                    if silent { unusable.append(Int32(t)); continue }
                    throw QueryEvaluationError.service(endpoint: variable.description,
                                                       message: "the endpoint variable is \(id == 0 ? "unbound" : "not an IRI") in a solution")
                }
                do { try requester.authorize(iri) } catch let error as QueryEvaluationError where silent && error.isSilenceable {
                    unusable.append(Int32(t))
                    continue
                }
                groups[id] = byEndpoint.count
                byEndpoint.append((iri, [Int32(t)]))
            }
        }
        var requests: [PlannedRequest] = []
        if !unusable.isEmpty { requests.append(PlannedRequest(endpoint: nil, tuples: unusable, algebra: .empty, text: "")) }
        for (iri, tuples) in byEndpoint {
            let limits = requester.limits(for: iri)
            calls.batchSize = max(calls.batchSize, limits.bindingsPerRequest)
            var start = 0
            while start < tuples.count {
                var count = min(limits.bindingsPerRequest, tuples.count - start)
                while true {
                    let request = try plan(Array(tuples[start..<start + count]), endpoint: iri)
                    if request.text.utf8.count <= limits.maxQueryBytes || count == 1 {
                        requests.append(request)
                        break
                    }
                    count = max(1, count / 2)
                }
                start += count
            }
        }
        return requests
    }

    private func plan(_ tuples: [Int32], endpoint: String) throws -> PlannedRequest {
        var rows: [(index: Int, values: [Term?])] = []
        rows.reserveCapacity(tuples.count)
        for (i, t) in tuples.enumerated() {
            var values: [Term?] = []
            for k in bindingColumns.indices {
                let id = windowKeys[Int(t)][k]
                // A blank node cannot be named to another store: send UNDEF, and let
                // compatibility reject whatever the endpoint binds there.
                if id == 0 { values.append(nil); continue }
                let term = try context.decode(TermID(rawValue: id))
                if case .blank = term { values.append(nil) } else { values.append(term) }
            }
            rows.append((i, values))
        }
        let algebra = ServiceQueryText.withBindings(pattern, index: indexVariable, bindingVariables: bindingVariables, rows: rows,
                                                    insideFilters: mode == .semi || mode == .anti)
        let text = requester.needsText(endpoint) ? ServiceQueryText.text(algebra, variables: patternVariables + [indexVariable]) : ""
        return PlannedRequest(endpoint: endpoint, tuples: tuples, algebra: algebra, text: text)
    }

    // MARK: - requests

    private func startRequests() throws {
        while inFlight.count + (current == nil ? 0 : 1) < concurrency && queuedPosition < queued.count {
            let plan = queued[queuedPosition]
            queuedPosition += 1
            let request = StartedRequest(plan: plan)
            if let endpoint = plan.endpoint {
                if firstStart == nil { firstStart = ContinuousClock.now }
                calls.requests += 1
                calls.bindingsSent += plan.tuples.count
                do {
                    request.response = try requester.start(endpoint: endpoint, algebra: plan.algebra,
                                                           variables: patternVariables + [indexVariable], text: plan.text,
                                                           silent: silent, bindings: plan.tuples.count)
                } catch let error as QueryEvaluationError where silent && error.isSilenceable {
                    request.failed = true
                    calls.failedRequests += 1
                }
            } else {
                request.failed = true
            }
            inFlight.append(request)
        }
    }

    private var concurrency: Int {
        guard queuedPosition < queued.count, let endpoint = queued[queuedPosition].endpoint else { return 1 }
        return requester.limits(for: endpoint).concurrentRequests
    }

    /// Prepares a request's answer for joining (under SILENT, reads all of it first).
    /// Waiting for the answer's head happens here, not when the request is sent, so the
    /// requests in flight are answered in parallel.
    private func open(_ request: StartedRequest) throws {
        guard !request.failed, let response = request.response else { return }
        do {
            request.solutions = try RemoteSolutions(response: response, endpoint: request.plan.endpoint ?? "",
                                                    columns: patternVariables + [indexVariable], required: required)
        } catch let error as ServiceRequestTooLong {
            try resend(request, error)
            return
        } catch let error as QueryEvaluationError where silent && error.isSilenceable {
            request.failed = true
            calls.failedRequests += 1
            return
        }
        guard silent, let solutions = request.solutions else { return }
        var rows = Batch(width: patternVariables.count)
        var tuples: [Int32] = []
        var row = [UInt64](repeating: 0, count: patternVariables.count + 1)
        do {
            while try solutions.next(into: &row, context: context) {
                try reservation.reserve(row.count * 8)
                tuples.append(try tuple(of: row, request))
                row.withUnsafeBufferPointer { rows.append(UnsafeBufferPointer(rebasing: $0.dropLast())) }
            }
            request.buffered = (rows, tuples)
        } catch let error as QueryEvaluationError where error.isSilenceable {
            request.failed = true
            calls.failedRequests += 1
        }
        finishStats(request)
    }

    /// Queues a request the endpoint found too long again as two halves (the handler has
    /// lowered the endpoint's limit for the requests planned after it).
    private func resend(_ request: StartedRequest, _ error: ServiceRequestTooLong) throws {
        let tuples = request.plan.tuples
        guard tuples.count > 1, let endpoint = request.plan.endpoint else {
            throw QueryEvaluationError.service(endpoint: error.endpoint, message: error.description)
        }
        let half = tuples.count / 2
        queued.insert(contentsOf: [try plan(Array(tuples[..<half]), endpoint: endpoint),
                                   try plan(Array(tuples[half...]), endpoint: endpoint)], at: queuedPosition)
        request.response = nil
        request.resent = true
    }

    private func finishStats(_ request: StartedRequest) {
        guard let solutions = request.solutions else { return }
        calls.bytes += solutions.response.bytesReceived
        calls.solutions += solutions.rows
        if let firstStart { calls.nanoseconds = UInt64((ContinuousClock.now - firstStart).nanoseconds) }
        request.solutions = nil
        request.response = nil
    }

    /// The window tuple an answer row extends (from its index column).
    private func tuple(of row: [UInt64], _ request: StartedRequest) throws -> Int32 {
        let id = row[patternVariables.count]
        if id != 0, case .literal(let literal) = try context.decode(TermID(rawValue: id)),
           let i = Int(literal.lexicalForm), i >= 0, i < request.plan.tuples.count {
            return request.plan.tuples[i]
        }
        throw QueryEvaluationError.service(endpoint: request.plan.endpoint ?? "",
                                           message: "an answer row has no valid \(indexVariable) (the number of the VALUES row it extends)")
    }

    /// Joins up to one batch of the request's answer; false when the answer is used up.
    private func join(_ request: StartedRequest) throws -> Bool {
        if request.failed || request.resent { return false }
        if let (rows, tuples) = request.buffered {
            for r in 0..<rows.count { try extend(tuple: tuples[r], with: rows, r) }
            request.buffered = nil
            return true
        }
        guard let solutions = request.solutions else { return false }
        var rows = Batch(width: patternVariables.count)
        var tuples: [Int32] = []
        var row = [UInt64](repeating: 0, count: patternVariables.count + 1)
        while rows.count < Batch.capacity {
            guard try solutions.next(into: &row, context: context) else {
                finishStats(request)
                break
            }
            tuples.append(try tuple(of: row, request))
            row.withUnsafeBufferPointer { rows.append(UnsafeBufferPointer(rebasing: $0.dropLast())) }
        }
        for r in 0..<rows.count { try extend(tuple: tuples[r], with: rows, r) }
        return rows.count > 0 || request.solutions != nil
    }

    /// Joins one answer row with the left rows of its tuple.
    private func extend(tuple: Int32, with rows: Batch, _ r: Int) throws {
        for i in tupleRowStart[Int(tuple)]..<tupleRowStart[Int(tuple) + 1] {
            let l = Int(tupleRows[i])
            guard layout.compatible(left: window, l, right: rows, r) else { continue }
            if mode == .semi || mode == .anti {
                matched[l] = true
                continue
            }
            if let filter {
                var candidate = Batch(width: width, capacity: 1)
                layout.append(left: window, l, right: rows, r, to: &candidate)
                guard try filter(candidate, 0) else { continue }
                output.append(rowOf: candidate, 0)
            } else {
                layout.append(left: window, l, right: rows, r, to: &output)
            }
            if mode == .optional { matched[l] = true }
        }
    }

    /// A failed SILENT request's rows joined with the empty solution: they pass unchanged.
    private func passUnchanged(_ request: StartedRequest) {
        for t in request.plan.tuples {
            for i in tupleRowStart[Int(t)]..<tupleRowStart[Int(t) + 1] {
                let l = Int(tupleRows[i])
                switch mode {
                case .inner: layout.appendLeftOnly(left: window, l, to: &output)
                case .optional: if !matched[l] { matched[l] = true; layout.appendLeftOnly(left: window, l, to: &output) }
                // The empty solution exists: EXISTS holds.
                case .semi, .anti: matched[l] = true
                }
            }
        }
    }

    /// The window's rows that some answer matched (or none did), unextended.
    private func emitRows(matched wanted: Bool) {
        for l in 0..<window.count where matched[l] == wanted {
            layout.appendLeftOnly(left: window, l, to: &output)
        }
        // Emitted once per window.
        for l in 0..<window.count { matched[l] = !wanted }
    }
}
