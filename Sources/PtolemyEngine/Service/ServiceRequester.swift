import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// How the SERVICE operators of one query reach endpoints: remote ones through the
/// ``ServiceHandler``, the local store (``LocalStoreEndpoint``) in process.
struct ServiceRequester {
    let handler: (any ServiceHandler)?
    let context: QueryContext
    /// Plans a pattern on the query's snapshot (the local store's requests).
    let planLocal: (Algebra) throws -> Plan

    /// The local store takes big batches one at a time: a request is a plan, not a round trip.
    static let localLimits = ServiceLimits(bindingsPerRequest: 2000, concurrentRequests: 1, maxQueryBytes: Int.max)

    func limits(for endpoint: String) -> ServiceLimits {
        if endpoint == LocalStoreEndpoint.iri { return Self.localLimits }
        return handler?.limits(for: endpoint) ?? ServiceLimits()
    }

    func authorize(_ endpoint: String) throws {
        if endpoint == LocalStoreEndpoint.iri { return }
        guard let handler else {
            throw QueryEvaluationError.service(endpoint: endpoint, message: "federation is off (no SERVICE handler)")
        }
        try handler.authorize(endpoint: endpoint)
    }

    /// Whether requests to `endpoint` need their text (remote endpoints do).
    func needsText(_ endpoint: String) -> Bool { endpoint != LocalStoreEndpoint.iri }

    /// Starts the request for `algebra` (projected on `variables`), whose text is `text`
    /// for remote endpoints.
    func start(endpoint: String, algebra: Algebra, variables: [Variable], text: String, silent: Bool, bindings: Int)
        throws -> any ServiceResponse {
        if endpoint == LocalStoreEndpoint.iri {
            return LocalStoreResponse(plan: try planLocal(.project(algebra, variables)), variables: variables, context: context)
        }
        guard let handler else {
            throw QueryEvaluationError.service(endpoint: endpoint, message: "federation is off (no SERVICE handler)")
        }
        return try handler.start(ServiceRequest(endpoint: endpoint, query: text, silent: silent, bindings: bindings),
                                 control: context.control)
    }

    func estimatedRows(endpoint: String, pattern: Algebra) -> Double? {
        if endpoint == LocalStoreEndpoint.iri { return nil }
        return handler?.estimatedRows(endpoint: endpoint, pattern: pattern)
    }
}
