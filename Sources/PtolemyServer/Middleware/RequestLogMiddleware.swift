import Foundation
import Hummingbird
import Logging

/// One structured log line and one set of metrics per request, written when the response
/// has been sent: for a streamed result that is when its last chunk went out, so the line
/// holds the rows and the whole duration (and says so when the stream broke off).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = EndpointRequestContext
    let logger: Logger
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            finish(request, context, status: status, start: start, bytes: 0, brokenOff: nil)
            throw error
        }
        // A body of known length is complete: log now and keep Hummingbird's one-write path.
        if let length = response.body.contentLength {
            finish(request, context, status: response.status, start: start, bytes: length, brokenOff: nil)
            return response
        }
        var wrapped = response
        let body = response.body
        let status = response.status
        wrapped.body = ResponseBody { writer in
            let counter = ByteCount()
            do {
                try await body.write(CountingWriter(base: writer, count: counter))
                finish(request, context, status: status, start: start, bytes: counter.value, brokenOff: nil)
            } catch {
                finish(request, context, status: status, start: start, bytes: counter.value, brokenOff: error)
                throw error
            }
        }
        return wrapped
    }

    private func finish(_ request: Request, _ context: Context, status: HTTPResponse.Status, start: ContinuousClock.Instant,
                        bytes: Int, brokenOff: (any Error)?) {
        let duration = ContinuousClock.now - start
        let fields = context.exchange.fields
        let path = request.uri.path
        metrics.request(endpoint: Self.endpoint(path), method: request.method.rawValue, status: status.code, duration: duration,
                        bytes: bytes)
        var metadata: Logger.Metadata = [
            "method": "\(request.method.rawValue)",
            "path": "\(path)",
            "status": "\(status.code)",
            "ms": "\(String(format: "%.2f", Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000))",
        ]
        if let ip = context.remoteAddress?.ipAddress { metadata["client"] = "\(ip)" }
        if let op = fields.operation { metadata["op"] = "\(op)" }
        if let form = fields.form { metadata["form"] = "\(form)" }
        if let hash = fields.textHash { metadata["query_hash"] = "\(hash)" }
        if let rows = fields.rows { metadata["rows"] = "\(rows)" }
        if let error = fields.error { metadata["error"] = "\(error)" }
        if let cancelled = fields.cancelled { metadata["cancelled"] = "\(cancelled)" }
        if let brokenOff { metadata["broken_off"] = "\(brokenOff)" }
        let level: Logger.Level = status.code >= 500 || brokenOff != nil ? .warning : .info
        logger.log(level: level, "request", metadata: metadata)
    }

    /// The metrics label of a path: the endpoint's routes, and "other" for the rest (so
    /// that random paths cannot grow the number of time series).
    static func endpoint(_ path: String) -> String {
        switch path {
        case "/sparql": return "sparql"
        case "/store": return "store"
        case "/metrics": return "metrics"
        case "/health": return "health"
        case "/", "/index.html": return "ui"
        default: return path.hasPrefix("/ui/") ? "ui" : "other"
        }
    }
}

/// The bytes a streamed response body has written so far.
final class ByteCount: @unchecked Sendable {
    // Written by the one task that writes the body, read after it.
    var value = 0
}

/// Passes a response body through, counting its bytes (after compression: what the client receives).
struct CountingWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let count: ByteCount

    mutating func write(_ buffer: ByteBuffer) async throws {
        count.value += buffer.readableBytes
        try await base.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.finish(trailingHeaders)
    }
}
