/// An insert-only hash table from byte strings (term keys) to dense local numbers.
///
/// The loader keeps one per batch: keys live back to back in one arena, so a batch of
/// a million distinct terms costs two allocations, not a million. Open addressing with
/// linear probing; each slot holds the key's number + 1 and its hash's high bits.
/// - Complexity: amortised O(key length) per ``number(for:)``.
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var offsets: [Int] = [0]
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 32)
        offsets.reserveCapacity(capacity + 1)
    }

    var count: Int { offsets.count - 1 }
    var arenaBytes: Int { arena.count }

    /// The bytes of key `i`.
    func key(_ i: Int) -> ArraySlice<UInt8> { arena[offsets[i]..<offsets[i + 1]] }

    /// The local number of `key`, inserting it when new.
    @inline(__always)
    mutating func number(for key: UnsafeRawBufferPointer) -> UInt32 {
        let hash = TermTable.hash(key)
        let tagBits = hash & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tagBits {
                let n = Int(slot & 0xFFFF_FFFF) - 1
                let start = offsets[n], end = offsets[n + 1]
                if end - start == key.count && arena.withUnsafeBytes({ compareBytes(UnsafeRawBufferPointer(rebasing: $0[start..<end]), key) == 0 }) {
                    return UInt32(n)
                }
            }
            i = (i + 1) & mask
        }
        let n = count
        arena.append(contentsOf: key)
        offsets.append(arena.count)
        slots[i] = tagBits | UInt64(n + 1)
        if count * 2 > slots.count { grow() }
        return UInt32(n)
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for slot in slots where slot != 0 {
            let n = Int(slot & 0xFFFF_FFFF) - 1
            let hash = arena.withUnsafeBytes { TermTable.hash(UnsafeRawBufferPointer(rebasing: $0[offsets[n]..<offsets[n + 1]])) }
            var i = Int(truncatingIfNeeded: hash) & newMask
            while newSlots[i] != 0 { i = (i + 1) & newMask }
            newSlots[i] = slot
        }
        slots = newSlots
        mask = newMask
    }

    /// The key numbers in byte order of their keys.
    func sortedNumbers() -> [UInt32] {
        var order = (0..<UInt32(count)).map { $0 }
        arena.withUnsafeBytes { bytes in
            let offs = offsets
            order.sort { x, y in
                let a = UnsafeRawBufferPointer(rebasing: bytes[offs[Int(x)]..<offs[Int(x) + 1]])
                let b = UnsafeRawBufferPointer(rebasing: bytes[offs[Int(y)]..<offs[Int(y) + 1]])
                return compareBytes(a, b) < 0
            }
        }
        return order
    }

    /// A fast 64-bit hash of a byte string (multiply-xorshift over 8-byte words).
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        let n = key.count
        while i + 8 <= n {
            let word = key.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(key[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }
}
