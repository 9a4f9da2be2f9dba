import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PtolemyCompression

/// Compresses responses with gzip when the client's `Accept-Encoding` allows it.
///
/// A body of known length is compressed at once and keeps a `Content-Length`; a streamed
/// body is compressed chunk by chunk as it goes out (each chunk flushed, so a client
/// reading a long result sees rows as they come). Small bodies, and media types that
/// gain nothing, are left alone.
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Bodies shorter than this are sent as they are: the header costs more than it saves.
    static var minimumLength: Int { 1024 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        guard request.method != .head, Self.acceptsGzip(request.headers[.acceptEncoding]),
              response.headers[.contentEncoding] == nil, Self.isCompressible(response.headers[.contentType]),
              response.status != .noContent, response.status != .notModified
        else { return response }
        if let length = response.body.contentLength, length < Self.minimumLength { return response }
        var compressed = response
        compressed.headers[.contentEncoding] = "gzip"
        compressed.headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        if response.body.contentLength != nil {
            let sink = CollectedBody()
            try await response.body.write(CollectingWriter(sink: sink))
            let encoder = try GzipEncoder(level: 6)
            let bytes = try sink.buffer.withUnsafeReadableBytes { try encoder.compress($0) } + encoder.finish()
            compressed.headers[.contentLength] = String(bytes.count)
            compressed.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        } else {
            compressed.headers[.contentLength] = nil
            let body = response.body
            compressed.body = ResponseBody { writer in
                try await body.write(GzipBodyWriter(parent: writer, encoder: try GzipEncoder(level: 5)))
            }
        }
        return compressed
    }

    /// Whether `Accept-Encoding` (RFC 9110 section 12.5.3) allows gzip.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double?, any: Double?
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first else { continue }
            var q = 1.0
            for p in parts.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 1 }
            if coding == "gzip" || coding == "x-gzip" { gzip = q } else if coding == "*" { any = q }
        }
        return (gzip ?? any ?? 0) > 0
    }

    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
            || type.hasPrefix("application/n-triples") || type.hasPrefix("application/n-quads") || type.hasPrefix("application/trig")
    }
}

/// Where ``CollectingWriter`` puts a body.
final class CollectedBody: @unchecked Sendable {
    // Invariant: used by one task (the middleware's) at a time.
    var buffer = ByteBuffer()
}

/// A body writer that keeps what is written.
struct CollectingWriter: ResponseBodyWriter {
    let sink: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        sink.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// A body writer that gzips what passes through it.
struct GzipBodyWriter: ResponseBodyWriter {
    var parent: any ResponseBodyWriter
    let encoder: GzipEncoder

    mutating func write(_ buffer: ByteBuffer) async throws {
        let bytes = try buffer.withUnsafeReadableBytes { try encoder.compress($0, flush: true) }
        if !bytes.isEmpty { try await parent.write(ByteBuffer(bytes: bytes)) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        var parent = self.parent
        try await parent.write(ByteBuffer(bytes: try encoder.finish()))
        try await parent.finish(trailingHeaders)
    }
}
