import HTTPTypes
import Hummingbird
import NIOCore

/// Turns the output of a job in a ``ChunkPipe`` into an HTTP response.
///
/// The status is decided by the first chunk: a job that fails before it has written
/// anything (a timeout, an unknown graph, a result over the row limit in its first chunk)
/// is answered with its error status and JSON body. A job that finishes within its first
/// chunks is answered with a `Content-Length`. Otherwise the response streams, chunk by
/// chunk, as the job produces them; a failure after that point can only break the
/// response off, which HTTP clients report as an incomplete body.
enum ResultStream {
    /// The most a response collects before it decides to stream.
    static let maximumBuffered = 4 * QueryJob.chunkSize

    static func respond(_ pipe: ChunkPipe, status: HTTPResponse.Status = .ok, headers: HTTPFields,
                        exchange: ExchangeRecord) async -> Response {
        var collected: [UInt8]
        switch await pipe.next() {
        case .failure(let error):
            return failure(error, exchange: exchange)
        case .end:
            collected = []
        case .chunk(let bytes):
            collected = bytes
            var complete = false
            while !complete {
                // What the job has already queued is taken at once, up to a bound: a fast
                // job must not turn a large result into one buffered body.
                guard collected.count < Self.maximumBuffered, let event = pipe.poll() else {
                    // Still running: stream the rest.
                    let handle = PipeHandle(pipe)
                    let first = collected
                    return Response(status: status, headers: headers, body: ResponseBody { writer in
                        try await handle.stream(first: first, to: &writer)
                    })
                }
                switch event {
                case .chunk(let more): collected += more
                case .end: complete = true
                case .failure(let error): return failure(error, exchange: exchange)
                }
            }
        }
        var fields = headers
        fields[.contentLength] = String(collected.count)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: collected)))
    }

    private static func failure(_ error: any Error, exchange: ExchangeRecord) -> Response {
        let protocolError = ProtocolError.evaluation(error)
        exchange.update { $0.error = protocolError.kind }
        return protocolError.response()
    }
}

/// The response side of a pipe while its body streams. Dropping it (the response was
/// written, or abandoned) closes the pipe, so a job can never stay blocked on a response
/// that will not read any more.
final class PipeHandle: Sendable {
    let pipe: ChunkPipe

    init(_ pipe: ChunkPipe) { self.pipe = pipe }

    deinit { pipe.close() }

    func stream(first: [UInt8], to writer: inout any ResponseBodyWriter) async throws {
        do {
            if !first.isEmpty { try await writer.write(ByteBuffer(bytes: first)) }
            while true {
                switch await pipe.next() {
                case .chunk(let bytes):
                    try await writer.write(ByteBuffer(bytes: bytes))
                case .end:
                    try await writer.finish(nil)
                    return
                case .failure(let error):
                    throw error
                }
            }
        } catch {
            // The client went away (a write failed) or the job failed mid-stream.
            pipe.close()
            throw error
        }
    }
}
