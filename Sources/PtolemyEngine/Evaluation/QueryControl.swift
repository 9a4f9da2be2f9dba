import Foundation
import Synchronization

/// Cancellation, deadline and memory budget of one query, checked by every operator
/// once per batch (QLever's CancellationHandle and Oxigraph's CancellationToken are the
/// models). Shared by all operators of a plan; thread-safe.
public final class QueryControl: Sendable {
    private let cancelled = Atomic<Bool>(false)
    private let reserved = Atomic<Int>(0)
    /// When the query must have finished (monotonic clock), if ever.
    public let deadline: ContinuousClock.Instant?
    private let timeoutSeconds: Double
    /// Bytes the memory-hungry operators (hash tables, sorts, groups) may hold together.
    public let memoryBudget: Int

    public init(timeout: Double? = nil, memoryBudget: Int = 4 << 30) {
        deadline = timeout.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        timeoutSeconds = timeout ?? 0
        self.memoryBudget = memoryBudget
    }

    /// Asks the query to stop at its next check.
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Throws when the query is cancelled or past its deadline.
    @inline(__always)
    public func check() throws {
        if cancelled.load(ordering: .relaxed) { throw QueryEvaluationError.cancelled }
        if let deadline, ContinuousClock.now > deadline { throw QueryEvaluationError.timeout(seconds: timeoutSeconds) }
    }

    /// Reserves `bytes` of the memory budget for `operatorName`, or throws.
    public func reserve(_ bytes: Int, for operatorName: String) throws {
        let total = reserved.add(bytes, ordering: .relaxed).newValue
        if total > memoryBudget {
            reserved.subtract(bytes, ordering: .relaxed)
            throw QueryEvaluationError.memoryLimitExceeded(operator: operatorName, bytes: memoryBudget)
        }
    }

    /// Returns memory to the budget.
    public func release(_ bytes: Int) { reserved.subtract(bytes, ordering: .relaxed) }

    /// Bytes currently reserved.
    public var reservedBytes: Int { reserved.load(ordering: .relaxed) }
}
