import Metrics
import Prometheus

/// The endpoint's metrics, recorded through swift-metrics and exposed by swift-prometheus
/// at `/metrics` in the Prometheus text format.
///
/// swift-metrics has one backend per process, so the Prometheus registry is set up once,
/// the first time a server starts; later servers in the same process (tests) share it.
struct ServerMetrics: Sendable {
    /// The process's Prometheus registry.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Catalogue look-ups take well under a millisecond: start the buckets there.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    init() { _ = Self.registry }

    /// One answered HTTP request.
    func request(endpoint: String, method: String, status: Int, duration: Duration, bytes: Int) {
        let dimensions = [("endpoint", endpoint), ("method", method), ("status", String(status))]
        Counter(label: "ptolemy_http_requests_total", dimensions: dimensions).increment()
        Counter(label: "ptolemy_http_response_bytes_total", dimensions: [("endpoint", endpoint)]).increment(by: Int64(bytes))
        Timer(label: "ptolemy_http_request_duration_seconds", dimensions: [("endpoint", endpoint)])
            .recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A query (or Graph Store read) ended, having produced `rows`.
    func queryFinished(form: String, rows: Int, failed: String?) {
        Counter(label: "ptolemy_queries_total", dimensions: [("form", form), ("outcome", failed ?? "ok")]).increment()
        Counter(label: "ptolemy_result_rows_total").increment(by: Int64(rows))
    }

    func cancelled(_ reason: QueryRegistry.CancelReason) {
        Counter(label: "ptolemy_queries_cancelled_total", dimensions: [("reason", reason.rawValue)]).increment()
    }

    func running(_ count: Int) {
        Gauge(label: "ptolemy_queries_running").record(count)
    }

    /// A committed write (SPARQL Update or Graph Store).
    func write(kind: String, inserted: Int, deleted: Int) {
        Counter(label: "ptolemy_writes_total", dimensions: [("kind", kind)]).increment()
        Counter(label: "ptolemy_quads_inserted_total").increment(by: Int64(inserted))
        Counter(label: "ptolemy_quads_deleted_total").increment(by: Int64(deleted))
    }

    /// The store's size, refreshed at each scrape.
    func store(quads: UInt64, graphs: Int) {
        Gauge(label: "ptolemy_store_quads").record(Int64(clamping: quads))
        Gauge(label: "ptolemy_store_named_graphs").record(graphs)
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] { Self.registry.emitToBuffer() }
}
