import Foundation

/// Runs `transform` on a sequence of inputs with several worker threads and hands the
/// outputs to `consume` in input order, on the calling thread.
///
/// The calling thread produces inputs and consumes outputs; at most `2 × workers`
/// inputs are in flight, so memory stays bounded however long the input is. The first
/// error (from any stage) stops the pipeline and is rethrown.
enum OrderedPipeline {
    ///
    /// Each worker first makes its own state with `makeState` (on its thread) and passes it
    /// to every `transform` it runs: workers then share nothing mutable, not even the
    /// reference counts of the objects they read.
    static func run<Input: Sendable, Output: Sendable, State>(
        workers: Int,
        makeState: @escaping @Sendable () throws -> State,
        produce: () throws -> Input?,
        transform: @escaping @Sendable (inout State, Input) throws -> Output,
        consume: (Output) throws -> Void
    ) throws {
        if workers <= 1 {
            var state = try makeState()
            while let input = try produce() { try consume(try transform(&state, input)) }
            return
        }
        let state = PipelineState<Input, Output>()
        let limit = workers * 2
        var threads: [Thread] = []
        for _ in 0..<workers {
            let thread = Thread {
                var workerState: State
                do {
                    workerState = try makeState()
                } catch {
                    // Fail every input this worker would take.
                    while let (sequence, _) = state.take() { state.finish(sequence, .failure(error)) }
                    return
                }
                while let (sequence, input) = state.take() {
                    do {
                        let output = try transform(&workerState, input)
                        state.finish(sequence, .success(output))
                    } catch {
                        state.finish(sequence, .failure(error))
                    }
                }
            }
            thread.stackSize = 8 << 20
            threads.append(thread)
            thread.start()
        }
        defer { state.close() }
        var produced = 0
        var consumed = 0
        var exhausted = false
        do {
            while !exhausted || consumed < produced {
                if !exhausted && produced - consumed < limit {
                    if let input = try produce() {
                        state.put(produced, input)
                        produced += 1
                    } else {
                        exhausted = true
                    }
                    // Hand over whatever is ready without waiting.
                    while let result = state.poll(consumed) {
                        try consume(try result.get())
                        consumed += 1
                    }
                } else {
                    let result = state.wait(consumed)
                    try consume(try result.get())
                    consumed += 1
                }
            }
        } catch {
            state.close()
            throw error
        }
        state.close()
        state.joinWorkers(threads.count)
    }
}

/// The shared queue and results of an ``OrderedPipeline`` run.
private final class PipelineState<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    // Invariant: every field is read and written with `condition` locked.
    private let condition = NSCondition()
    private var queue: [(Int, Input)] = []
    private var queueHead = 0
    private var results: [Int: Result<Output, any Error>] = [:]
    private var closed = false
    private var exited = 0

    func put(_ sequence: Int, _ input: Input) {
        condition.lock()
        queue.append((sequence, input))
        condition.broadcast()
        condition.unlock()
    }

    func take() -> (Int, Input)? {
        condition.lock()
        defer { condition.unlock() }
        while queueHead >= queue.count && !closed { condition.wait() }
        if closed && queueHead >= queue.count {
            exited += 1
            condition.broadcast()
            return nil
        }
        let item = queue[queueHead]
        queueHead += 1
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return item
    }

    func finish(_ sequence: Int, _ result: Result<Output, any Error>) {
        condition.lock()
        results[sequence] = result
        condition.broadcast()
        condition.unlock()
    }

    func poll(_ sequence: Int) -> Result<Output, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        return results.removeValue(forKey: sequence)
    }

    func wait(_ sequence: Int) -> Result<Output, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while results[sequence] == nil { condition.wait() }
        return results.removeValue(forKey: sequence)!
    }

    func close() {
        condition.lock()
        if !closed {
            closed = true
            // Drop queued work: after an error nothing more is needed.
            queue.removeAll()
            queueHead = 0
        }
        condition.broadcast()
        condition.unlock()
    }

    func joinWorkers(_ count: Int) {
        condition.lock()
        while exited < count { condition.wait() }
        condition.unlock()
    }
}
