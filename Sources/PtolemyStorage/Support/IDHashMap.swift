/// A hash map from 64-bit IDs to values, for the hot paths that look up one ID per
/// row (verdict memos, the recent-term cache).
///
/// Swift's `Dictionary` hashes every key with SipHash, seeded per process, which costs
/// more than the rest of such a lookup. Term IDs are not chosen by an adversary (the
/// store assigns them), so a multiplicative hash over an open-addressed table with
/// linear probing is safe here and several times cheaper. Keys must not be 0 (no term
/// ID is: 0 marks an unbound value), which marks an empty slot.
public struct IDHashMap<Value> {
    // Inlinable throughout so that callers in other modules get a specialized copy.
    @usableFromInline var keys: [UInt64]
    @usableFromInline var values: [Value?]
    @usableFromInline var shift: UInt64
    @usableFromInline var used = 0

    /// The number of entries.
    @inlinable public var count: Int { used }

    /// An empty map sized for about `capacity` entries before it grows.
    @inlinable
    public init(capacity: Int = 16) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inlinable
    public var isEmpty: Bool { used == 0 }

    @inlinable @inline(__always)
    func slot(_ key: UInt64) -> Int {
        // Fibonacci hashing: the top bits of the product spread consecutive IDs apart.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inlinable
    public subscript(key: UInt64) -> Value? {
        get {
            precondition(key != 0, "IDHashMap keys must not be 0")
            let mask = keys.count - 1
            var i = slot(key)
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            precondition(key != 0, "IDHashMap keys must not be 0")
            guard let newValue else {
                remove(key)
                return
            }
            if (used + 1) * 4 > keys.count * 3 { grow() }
            let mask = keys.count - 1
            var i = slot(key)
            while true {
                let k = keys[i]
                if k == key {
                    values[i] = newValue
                    return
                }
                if k == 0 {
                    keys[i] = key
                    values[i] = newValue
                    used += 1
                    return
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Empties the map, keeping its table.
    @inlinable
    public mutating func removeAll() {
        guard used > 0 else { return }
        for i in keys.indices where keys[i] != 0 {
            keys[i] = 0
            values[i] = nil
        }
        used = 0
    }

    @inlinable
    mutating func remove(_ key: UInt64) {
        let mask = keys.count - 1
        var i = slot(key)
        while keys[i] != key {
            if keys[i] == 0 { return }
            i = (i + 1) & mask
        }
        keys[i] = 0
        values[i] = nil
        used -= 1
        // Re-place the rest of the probe run so no lookup stops early at the hole.
        var j = (i + 1) & mask
        while keys[j] != 0 {
            let k = keys[j], v = values[j]
            keys[j] = 0
            values[j] = nil
            used -= 1
            self[k] = v
            j = (j + 1) & mask
        }
    }

    @inlinable
    mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Value?](repeating: nil, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        used = 0
        for i in oldKeys.indices where oldKeys[i] != 0 { self[oldKeys[i]] = oldValues[i] }
    }
}

extension IDHashMap: Sendable where Value: Sendable {}
