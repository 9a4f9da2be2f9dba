/// The rows of one chunk, decoded into columns: `a` is the sort column (subject in
/// subject order, object in object order), `b` the other one, `g` the graph.
///
/// Encoding (then zstd): row count; `a` as its first value and non-negative deltas;
/// `b` as a delta from the previous row's `b` (plain when `a` repeats, zigzag otherwise);
/// `g` run-length encoded. All integers are LEB128 varints.
public struct ColumnChunk: Sendable {
    public var a: [UInt64]
    public var b: [UInt64]
    public var g: [UInt64]

    public init(a: [UInt64] = [], b: [UInt64] = [], g: [UInt64] = []) {
        self.a = a
        self.b = b
        self.g = g
    }

    public var count: Int { a.count }

    /// Memory held by the decoded columns.
    public var byteSize: Int { (a.count + b.count + g.count) * 8 + 96 }

    static func encode(a: ArraySlice<UInt64>, b: ArraySlice<UInt64>, g: ArraySlice<UInt64>, into w: inout ByteWriter) {
        let n = a.count
        w.varint(UInt64(n))
        guard n > 0 else { return }
        var previousA = a.first!
        w.varint(previousA)
        for value in a.dropFirst() {
            w.varint(value &- previousA)
            previousA = value
        }
        var previousB: UInt64 = 0
        var lastA: UInt64 = ~a.first!
        for (value, key) in zip(b, a) {
            if key == lastA {
                w.varint(value &- previousB)
            } else {
                let delta = Int64(bitPattern: value &- previousB)
                w.varint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)))
            }
            previousB = value
            lastA = key
        }
        var i = g.startIndex
        while i < g.endIndex {
            let value = g[i]
            var run = 1
            while i + run < g.endIndex && g[i + run] == value { run += 1 }
            w.varint(value)
            w.varint(UInt64(run))
            i += run
        }
    }

    static func decode(_ bytes: [UInt8], source: String) throws -> ColumnChunk {
        var r = ByteReader(bytes, source: source)
        let n = try r.int()
        guard n <= 1 << 24 else { throw StorageError.corruption(file: source, message: "chunk row count \(n) is implausible") }
        var chunk = ColumnChunk()
        chunk.a.reserveCapacity(n)
        chunk.b.reserveCapacity(n)
        chunk.g.reserveCapacity(n)
        guard n > 0 else { return chunk }
        var a = try r.varint()
        chunk.a.append(a)
        for _ in 1..<n {
            let delta = try r.varint()
            a &+= delta
            chunk.a.append(a)
        }
        var previousB: UInt64 = 0
        var lastA: UInt64 = ~chunk.a[0]
        for i in 0..<n {
            let raw = try r.varint()
            let key = chunk.a[i]
            if key == lastA {
                previousB &+= raw
            } else {
                let delta = Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
                previousB &+= UInt64(bitPattern: delta)
            }
            chunk.b.append(previousB)
            lastA = key
        }
        while chunk.g.count < n {
            let value = try r.varint()
            let run = try r.int()
            guard run > 0, chunk.g.count + run <= n else { throw StorageError.corruption(file: source, message: "bad graph run length") }
            chunk.g.append(contentsOf: repeatElement(value, count: run))
        }
        guard r.isAtEnd else { throw StorageError.corruption(file: source, message: "trailing bytes in a chunk") }
        return chunk
    }
}
