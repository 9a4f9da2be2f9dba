import Metrics
import PtolemyFederation

/// Per-endpoint figures of the SERVICE requests this server makes, at `/metrics`:
/// `ptolemy_federation_requests_total{endpoint,outcome}`,
/// `ptolemy_federation_request_duration_seconds{endpoint}` (histogram),
/// `ptolemy_federation_response_bytes_total{endpoint}`,
/// `ptolemy_federation_solutions_total{endpoint}` and
/// `ptolemy_federation_errors_total{endpoint}`. Endpoints are only those the policy lets
/// the server call, so the label values stay few.
struct FederationMetrics: FederationObserver {
    init() { _ = ServerMetrics.registry }

    func requestFinished(_ record: ServiceRequestRecord) {
        let endpoint = ("endpoint", record.endpoint)
        let outcome: String
        if record.error == nil {
            outcome = "ok"
        } else if let status = record.status, !(200..<300).contains(status) {
            outcome = "http_\(status)"
        } else {
            outcome = "error"
        }
        Counter(label: "ptolemy_federation_requests_total", dimensions: [endpoint, ("outcome", outcome)]).increment()
        Timer(label: "ptolemy_federation_request_duration_seconds", dimensions: [endpoint])
            .recordNanoseconds(Int64(record.seconds * 1e9))
        Counter(label: "ptolemy_federation_response_bytes_total", dimensions: [endpoint]).increment(by: Int64(record.bytes))
        Counter(label: "ptolemy_federation_solutions_total", dimensions: [endpoint]).increment(by: Int64(record.solutions))
        if record.error != nil { Counter(label: "ptolemy_federation_errors_total", dimensions: [endpoint]).increment() }
    }
}

extension ServerConfiguration {
    /// The SERVICE policy of the configuration.
    public func endpointPolicy() throws -> EndpointPolicy {
        var policy = EndpointPolicy()
        do {
            for prefix in serviceAllow { try policy.allow(prefix) }
            for alias in serviceAliases {
                guard let split = alias.firstIndex(of: "=") else { throw ConfigurationError("service-alias expects IRI=URL, got '\(alias)'") }
                try policy.alias(String(alias[..<split]), to: String(alias[alias.index(after: split)...]))
            }
        } catch let error as FederationConfigurationError {
            throw ConfigurationError(error.description)
        }
        policy.requestTimeout = serviceTimeout
        return policy
    }
}
