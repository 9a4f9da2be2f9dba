import Foundation
import PtolemyEngine

/// The hand-over between a query running on a worker thread and the HTTP response that
/// streams its output: a bounded queue of byte chunks.
///
/// The worker blocks in ``send(_:)`` while the queue is full, so a slow client slows the
/// query down instead of letting its result pile up in memory (back-pressure). While it
/// waits it keeps checking its ``QueryControl``, so a timeout or a cancellation still
/// ends a query whose client has stopped reading. When the response side goes away
/// (``close()``), a blocked or later ``send(_:)`` throws and the query unwinds.
final class ChunkPipe: @unchecked Sendable {
    // Invariant: every stored property below is read and written under `condition`.
    enum Event: Sendable {
        case chunk([UInt8])
        case end
        case failure(any Error)
    }

    private let condition = NSCondition()
    private var queue: [Event] = []
    private var head = 0
    private var waiting: CheckedContinuation<Event, Never>?
    private var closed = false
    private var ended = false
    let capacity: Int
    let control: QueryControl

    init(capacity: Int = 4, control: QueryControl) {
        self.capacity = capacity
        self.control = control
    }

    // MARK: worker side

    /// Queues a chunk, waiting while `capacity` chunks are queued.
    /// - Throws: ``QueryEvaluationError/cancelled`` when the response side has gone, or the
    ///   control's error (timeout, cancellation) while waiting.
    func send(_ chunk: [UInt8]) throws {
        guard !chunk.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while !closed && queue.count - head >= capacity {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            if !closed && queue.count - head >= capacity {
                condition.unlock()
                defer { condition.lock() }
                try control.check()
            }
        }
        if closed { throw QueryEvaluationError.cancelled }
        deliver(.chunk(chunk))
    }

    /// The output is complete.
    func finish() { end(with: .end) }

    /// The query failed; the response reports `error` (or, when it has started, breaks off).
    func fail(_ error: any Error) { end(with: .failure(error)) }

    private func end(with event: Event) {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return }
        ended = true
        if !closed { deliver(event) }
    }

    /// Called with the lock held.
    private func deliver(_ event: Event) {
        if let waiting {
            self.waiting = nil
            waiting.resume(returning: event)
        } else {
            queue.append(event)
        }
    }

    // MARK: response side

    /// The next event, waiting for the worker when none is queued.
    func next() async -> Event {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Event, Never>) in
                condition.lock()
                defer { condition.unlock() }
                if let event = popLocked() {
                    continuation.resume(returning: event)
                } else if closed {
                    continuation.resume(returning: .failure(QueryEvaluationError.cancelled))
                } else {
                    waiting = continuation
                }
            }
        } onCancel: {
            close()
        }
    }

    /// The next event if one is queued now.
    func poll() -> Event? {
        condition.lock()
        defer { condition.unlock() }
        return popLocked()
    }

    private func popLocked() -> Event? {
        guard head < queue.count else { return nil }
        let event = queue[head]
        head += 1
        if head > 32 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return event
    }

    /// The response side is gone: the worker's next send throws, and the query is cancelled.
    func close() {
        condition.lock()
        closed = true
        queue.removeAll()
        head = 0
        let waiting = self.waiting
        self.waiting = nil
        condition.broadcast()
        condition.unlock()
        control.cancel()
        waiting?.resume(returning: .failure(QueryEvaluationError.cancelled))
    }
}
