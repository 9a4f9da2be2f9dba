import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PtolemyCompression
import PtolemyEngine

/// Carries one HTTP answer from the client's event loop to the query thread that reads it.
///
/// The event loop appends body parts as they arrive; the reader blocks until there is
/// something to read. When more than ``highWater`` bytes wait unread, the next part is
/// acknowledged only once the reader has caught up, which stops reading from the socket:
/// a slow query never buffers a large answer. The reader wakes up regularly to notice a
/// cancelled query, and then cancels the request.
final class ResponseStream: HTTPClientResponseDelegate, @unchecked Sendable {
    typealias Response = Void

    /// Unread bytes beyond which the socket is no longer read.
    static let highWater = 4 << 20

    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var head: HTTPResponseHead?
    private var chunks = CircularBuffer<ByteBuffer>()
    private var unread = 0
    private var received = 0
    private var finished = false
    private var failure: (any Error)?
    private var resume: EventLoopPromise<Void>?
    private let maxBytes: Int

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    // MARK: event loop side

    func didReceiveHead(task: HTTPClient.Task<Void>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        condition.lock()
        self.head = head
        condition.broadcast()
        condition.unlock()
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Void>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        // Decompression can hand over empty parts; the reader must never see one (it
        // would read as the end of the answer).
        guard buffer.readableBytes > 0 else { return task.eventLoop.makeSucceededVoidFuture() }
        condition.lock()
        received += buffer.readableBytes
        if received > maxBytes {
            failure = ResponseTooLarge(limit: maxBytes)
            finished = true
            condition.broadcast()
            condition.unlock()
            // Cancelling reports the failure back through didReceiveError on this thread:
            // not under the lock.
            task.cancel()
            return task.eventLoop.makeSucceededVoidFuture()
        }
        chunks.append(buffer)
        unread += buffer.readableBytes
        condition.broadcast()
        defer { condition.unlock() }
        if unread > Self.highWater {
            let promise = task.eventLoop.makePromise(of: Void.self)
            resume = promise
            return promise.futureResult
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveError(task: HTTPClient.Task<Void>, _ error: any Error) {
        condition.lock()
        if failure == nil { failure = error }
        finished = true
        let pending = resume
        resume = nil
        condition.broadcast()
        condition.unlock()
        pending?.succeed()
    }

    func didFinishRequest(task: HTTPClient.Task<Void>) throws {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    // MARK: reader side

    /// Bytes received so far.
    var bytesReceived: Int {
        condition.lock()
        defer { condition.unlock() }
        return received
    }

    /// Blocks until the head of the answer has arrived.
    func waitForHead(control: QueryControl, cancel: () -> Void) throws -> HTTPResponseHead {
        condition.lock()
        while head == nil {
            if let failure {
                condition.unlock()
                throw failure
            }
            if let stop = waitABit(control: control) {
                condition.unlock()
                cancel()
                throw stop
            }
        }
        let result = head!
        condition.unlock()
        return result
    }

    /// Reads up to `buffer.count` bytes of the body, blocking until some are there; 0 at its end.
    func read(into buffer: UnsafeMutableRawBufferPointer, control: QueryControl, cancel: () -> Void) throws -> Int {
        condition.lock()
        var copied = 0
        while copied == 0 {
            if var first = chunks.first, first.readableBytes > 0, buffer.count > 0 {
                let n = min(first.readableBytes, buffer.count)
                first.withUnsafeReadableBytes {
                    UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]).copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n]))
                }
                first.moveReaderIndex(forwardBy: n)
                if first.readableBytes == 0 { chunks.removeFirst() } else { chunks[chunks.startIndex] = first }
                unread -= n
                copied = n
                break
            }
            if let failure {
                condition.unlock()
                throw failure
            }
            if finished { break }
            if let stop = waitABit(control: control) {
                condition.unlock()
                cancel()
                throw stop
            }
        }
        var pending: EventLoopPromise<Void>?
        if unread <= Self.highWater / 2, let resume {
            pending = resume
            self.resume = nil
        }
        condition.unlock()
        pending?.succeed()
        return copied
    }

    /// Up to `limit` bytes of the body (for error messages), waiting for the end at most briefly.
    func prefix(_ limit: Int, control: QueryControl, cancel: () -> Void) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: limit)
        while out.count < limit {
            let n = (try? buffer.withUnsafeMutableBytes {
                try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<(limit - out.count)]), control: control, cancel: cancel)
            }) ?? 0
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// Waits on the condition for a short while (the lock held); the error to stop with
    /// when the query has been cancelled or has run out of time.
    private func waitABit(control: QueryControl) -> (any Error)? {
        _ = condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        do {
            try control.check()
            return nil
        } catch {
            return error
        }
    }
}

/// An answer over ``EndpointPolicy/maxResponseBytes``.
struct ResponseTooLarge: Error, CustomStringConvertible {
    let limit: Int
    var description: String { "the answer exceeds the limit of \(limit >> 20) MiB" }
}

/// The body of an answer as a ``ByteSource`` for the results readers.
struct ResponseBody: ByteSource {
    let stream: ResponseStream
    let control: QueryControl
    let cancel: () -> Void

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try stream.read(into: buffer, control: control, cancel: cancel)
    }
}
