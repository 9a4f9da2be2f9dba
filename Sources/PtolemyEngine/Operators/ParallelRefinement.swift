import Foundation
import Dispatch

/// Splits refinement work over the cores: GEOS gives each thread its own context, so
/// workers only need their own prepared geometries.
enum ParallelRefinement {
    /// Below this many items the work stays on the calling thread.
    static let threshold = 2048

    /// Runs `work` on contiguous slices of `0..<count`; returns the indices it kept, ascending.
    static func run(count: Int, control: QueryControl, _ work: @escaping @Sendable (Range<Int>) throws -> [Int]) throws -> [Int] {
        let workers = count < threshold ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        if workers == 1 { return try work(0..<count) }
        let results = UnsafeMutableBufferPointer<Result<[Int], any Error>>.allocate(capacity: workers)
        defer { results.deallocate() }
        nonisolated(unsafe) let base = results.baseAddress!
        let chunk = (count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let range = min(w * chunk, count)..<min((w + 1) * chunk, count)
            (base + w).initialize(to: Result {
                try control.check()
                return try work(range)
            })
        }
        var out: [Int] = []
        for w in 0..<workers {
            switch (base + w).move() {
            case .success(let kept): out.append(contentsOf: kept)
            case .failure(let error):
                for rest in (w + 1)..<workers { _ = (base + rest).move() }
                throw error
            }
        }
        return out
    }

    /// Maps `items` in parallel, keeping order.
    static func map<T>(_ items: [Int], control: QueryControl, _ transform: @escaping @Sendable (Int) throws -> T?) throws -> [T?] {
        let workers = items.count < threshold ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        if workers == 1 { return try items.map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let base = results.baseAddress!
        let failure = LockedFailure()
        let chunk = (items.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in min(w * chunk, items.count)..<min((w + 1) * chunk, items.count) {
                do { (base + i).pointee = try transform(items[i]) } catch { failure.set(error); return }
            }
        }
        if let error = failure.error { throw error }
        return Array(results)
    }
}

/// The first error of parallel work.
final class LockedFailure: @unchecked Sendable {
    // Invariant: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ e: any Error) { lock.lock(); if stored == nil { stored = e }; lock.unlock() }
}
