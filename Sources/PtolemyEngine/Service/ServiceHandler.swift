import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// Sends SERVICE requests to remote SPARQL endpoints.
///
/// The engine plans and joins; a handler only moves queries out and solutions in. It is
/// implemented by the federation module (over HTTP) and injected into the
/// ``QueryEngine`` by the server or the CLI, so the engine never imports network code.
/// Methods are called from query threads, several at once.
public protocol ServiceHandler: Sendable {
    /// Throws ``QueryEvaluationError/service(endpoint:message:)`` when `endpoint` may not be
    /// called (not on the allowlist, not HTTP): checked when a query is planned, so a
    /// refused endpoint fails the query before any request leaves.
    func authorize(endpoint: String) throws

    /// How requests to `endpoint` are to be shaped now (the handler may adapt them to what
    /// the endpoint has shown it accepts).
    func limits(for endpoint: String) -> ServiceLimits

    /// Sends `request` and returns at once; the answer streams in while the caller goes on,
    /// so that several requests can be in flight.
    func start(_ request: ServiceRequest, control: QueryControl) throws -> any ServiceResponse

    /// The estimated number of solutions of `pattern` at `endpoint`, when the handler has
    /// statistics about it (federation members); nil otherwise.
    func estimatedRows(endpoint: String, pattern: Algebra) -> Double?
}

extension ServiceHandler {
    public func estimatedRows(endpoint: String, pattern: Algebra) -> Double? { nil }
}

/// One SELECT request to a remote endpoint.
public struct ServiceRequest: Sendable {
    /// The endpoint as the query names it.
    public var endpoint: String
    /// The query text.
    public var query: String
    /// Whether the SERVICE is SILENT (a handler may log its failures less loudly).
    public var silent: Bool
    /// How many bindings the request carries (0 for a plain request), for logs and metrics.
    public var bindings: Int

    public init(endpoint: String, query: String, silent: Bool, bindings: Int = 0) {
        self.endpoint = endpoint
        self.query = query
        self.silent = silent
        self.bindings = bindings
    }
}

/// How bind joins shape their requests to one endpoint.
public struct ServiceLimits: Sendable, Equatable {
    /// The most bindings one request's VALUES block carries.
    public var bindingsPerRequest: Int
    /// The most requests in flight to the endpoint from one operator.
    public var concurrentRequests: Int
    /// The longest query text the endpoint accepts; longer batches are split.
    public var maxQueryBytes: Int

    public init(bindingsPerRequest: Int = 100, concurrentRequests: Int = 4, maxQueryBytes: Int = 512 << 10) {
        self.bindingsPerRequest = max(1, bindingsPerRequest)
        self.concurrentRequests = max(1, concurrentRequests)
        self.maxQueryBytes = max(1024, maxQueryBytes)
    }
}

/// The streaming answer to one ``ServiceRequest``. Used by one query thread at a time.
public protocol ServiceResponse: AnyObject {
    /// The result's variables; blocks until the head of the answer has arrived.
    /// Throws ``QueryEvaluationError/service(endpoint:message:)`` for a failed request.
    func variables() throws -> [String]
    /// The next solution, one term per variable of ``variables()`` (nil: unbound), or nil at
    /// the end; blocks while the answer streams in.
    func next() throws -> [Term?]?
    /// Aborts the request; later calls throw.
    func cancel()
    /// Bytes of the answer received so far.
    var bytesReceived: Int { get }
}

/// Thrown by a ``ServiceResponse`` when the endpoint refused a request for its length
/// (HTTP 413 or 414). A bind join then sends the bindings in smaller requests.
public struct ServiceRequestTooLong: Error, Sendable, CustomStringConvertible {
    public let endpoint: String
    /// The length of the refused query text, in bytes.
    public let bytes: Int

    public init(endpoint: String, bytes: Int) {
        self.endpoint = endpoint
        self.bytes = bytes
    }

    public var description: String { "SERVICE <\(endpoint)> failed: the endpoint refused a query of \(bytes) bytes as too long" }
}

/// Spreads a query over the members of a federation (transparent federation): the parts
/// of its patterns that members hold become SERVICE calls to them, the rest stays local,
/// so that the answers are those of one store holding the union of the data.
public protocol QueryDistributor: Sendable {
    /// Whether some member's data uses `iri` (as a predicate or a class).
    func membersUse(_ iri: String) -> Bool
    /// `algebra` with its basic graph patterns spread over the local store and the members.
    func distribute(_ algebra: Algebra, snapshot: StoreSnapshot) throws -> Algebra
}
