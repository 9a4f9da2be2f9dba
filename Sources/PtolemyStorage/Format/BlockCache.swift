import Synchronization

/// A small thread-safe LRU cache of decoded blocks, shared by the readers of one store.
///
/// Keys are (file number, block number); values are immutable decoded blocks.
/// Eviction is by an approximate byte budget that each value reports.
public final class BlockCache<Value: Sendable>: Sendable {
    public struct Key: Hashable, Sendable {
        public var file: UInt32
        public var block: UInt32
        public init(file: UInt32, block: UInt32) { self.file = file; self.block = block }
    }

    private struct State: ~Copyable {
        var entries: [Key: (value: Value, bytes: Int, tick: UInt64)] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    private let state = Mutex(State())
    private let budget: Int

    /// - Parameter budget: approximate bytes of decoded blocks kept.
    public init(budget: Int) { self.budget = budget }

    /// The cached value, or the one `load` produces (which is then cached).
    public func value(for key: Key, load: () throws -> (Value, Int)) rethrows -> Value {
        if let hit = state.withLock({ state -> Value? in
            // One hash lookup: the hit path runs once per block a reader touches.
            guard let i = state.entries.index(forKey: key) else { return nil }
            state.tick += 1
            state.entries.values[i].tick = state.tick
            return state.entries.values[i].value
        }) { return hit }
        let (value, bytes) = try load()
        state.withLock { state in
            state.tick += 1
            if state.entries[key] == nil {
                state.entries[key] = (value, bytes, state.tick)
                state.bytes += bytes
            }
            if state.bytes > budget { evict(&state) }
        }
        return value
    }

    private func evict(_ state: inout State) {
        // Drop the oldest half by recency: amortised O(1) per insertion.
        let sorted = state.entries.sorted { $0.value.tick < $1.value.tick }
        var i = 0
        while state.bytes > budget / 2, i < sorted.count {
            state.bytes -= sorted[i].value.bytes
            state.entries[sorted[i].key] = nil
            i += 1
        }
    }

    /// Drops every entry of a file (when the file is replaced).
    public func removeAll(file: UInt32) {
        state.withLock { state in
            for key in state.entries.keys where key.file == file {
                state.bytes -= state.entries[key]!.bytes
                state.entries[key] = nil
            }
        }
    }
}
