import Foundation
import HTTPTypes
import Hummingbird
import PtolemyStorage

/// `/health` (is the server up, and how much does it hold) and `/metrics` (Prometheus).
struct HealthEndpoint: Sendable {
    let core: EndpointCore
    let started = ContinuousClock.now

    private struct Status: Encodable {
        let status: String
        let quads: UInt64
        let namedGraphs: Int
        let runningQueries: Int
        let openConnections: Int
        let readOnly: Bool
        let uptimeSeconds: Int64
    }

    /// 200 while serving, 503 once a shutdown has begun (so a load balancer stops sending).
    func health(head: Bool) -> Response {
        let snapshot = core.store.snapshot
        let draining = core.queries.isDraining
        let status = Status(status: draining ? "shutting-down" : "ok", quads: snapshot.quadCount, namedGraphs: snapshot.graphs.count,
                            runningQueries: core.queries.count, openConnections: core.connections.count,
                            readOnly: core.configuration.readOnly, uptimeSeconds: (ContinuousClock.now - started).components.seconds)
        let bytes = Array((try? JSONEncoder().encode(status)) ?? Data()) + [UInt8(ascii: "\n")]
        return Response(status: draining ? .serviceUnavailable : .ok,
                        headers: [.contentType: "application/json", .contentLength: String(bytes.count), .cacheControl: "no-store"],
                        body: head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func metrics() -> Response {
        let snapshot = core.store.snapshot
        core.metrics.store(quads: snapshot.quadCount, graphs: snapshot.graphs.count)
        core.metrics.running(core.queries.count)
        let bytes = core.metrics.exposition()
        return Response(status: .ok,
                        headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: String(bytes.count)],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
