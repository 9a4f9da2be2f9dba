/// A sorted vocabulary run: (key, local number) records in key order.
final class VocabularyRunReader {
    private let reader: TempReader
    private(set) var key: [UInt8] = []
    private(set) var local: UInt32 = 0

    init(path: String) throws { reader = try TempReader(path: path) }

    /// Moves to the next record; false at the end.
    func advance() throws -> Bool {
        guard let length = try reader.u32() else { return false }
        try reader.bytes(Int(length), into: &key)
        guard let n = try reader.u32() else { throw StorageError.corruption(file: reader.path, message: "truncated vocabulary record") }
        local = n
        return true
    }
}

/// A binary min-heap of run indices ordered by the runs' current keys.
struct MergeHeap<Run: VocabularyRunReader> {
    private var items: [Int] = []

    mutating func push(_ i: Int, _ runs: Run) {
        _ = runs
        items.append(i)
        pendingSift = true
    }

    private var pendingSift = false

    /// Pops the run with the smallest key (ties: lowest index, so duplicates come in batch order).
    mutating func popMin(_ runs: [Run]) -> Int? {
        if pendingSift { heapify(runs); pendingSift = false }
        guard !items.isEmpty else { return nil }
        let top = items[0]
        items[0] = items[items.count - 1]
        items.removeLast()
        if !items.isEmpty { siftDown(0, runs) }
        return top
    }

    private func less(_ x: Int, _ y: Int, _ runs: [Run]) -> Bool {
        let c = runs[x].key.withUnsafeBytes { a in runs[y].key.withUnsafeBytes { b in compareBytes(a, b) } }
        return c < 0 || (c == 0 && x < y)
    }

    private mutating func heapify(_ runs: [Run]) {
        // Pushed items are appended unsorted; restore the heap from the bottom up.
        for i in stride(from: items.count / 2 - 1, through: 0, by: -1) { siftDown(i, runs) }
    }

    private mutating func siftDown(_ start: Int, _ runs: [Run]) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && less(items[l], items[m], runs) { m = l }
            if r < items.count && less(items[r], items[m], runs) { m = r }
            if m == i { return }
            items.swapAt(i, m)
            i = m
        }
    }
}

/// A sorted run of partition sections: (predicate, class, row count) headers, each
/// followed by that many (a, b, g) rows; sections come in partition-key order.
final class SortedRunReader {
    private let reader: TempReader
    private(set) var currentKey: PartitionKey?
    private(set) var remaining = 0

    init(path: String) throws {
        reader = try TempReader(path: path)
        try readHeader()
    }

    private func readHeader() throws {
        guard let p = try reader.u64() else { currentKey = nil; return }
        guard let c = try reader.u64(), let n = try reader.u64() else {
            throw StorageError.corruption(file: reader.path, message: "truncated run section header")
        }
        currentKey = PartitionKey(predicate: TermID(rawValue: p), typeClass: TermID(rawValue: c))
        remaining = Int(n)
    }

    /// The next row of the current section, or nil at its end.
    @inline(__always)
    func nextRow() throws -> Row? {
        guard remaining > 0 else { return nil }
        guard let a = try reader.u64(), let b = try reader.u64(), let g = try reader.u64() else {
            throw StorageError.corruption(file: reader.path, message: "truncated run")
        }
        remaining -= 1
        return Row(a: a, b: b, g: g)
    }

    /// Skips what is left of the current section and reads the next header.
    func finishSection() throws {
        while try nextRow() != nil {}
        try readHeader()
    }
}

/// A sorted stream of rows.
protocol RowStream {
    mutating func next() throws -> Row?
}

/// The current section of a sorted run.
struct SectionStream: RowStream {
    let run: SortedRunReader
    mutating func next() throws -> Row? { try run.nextRow() }
}

/// The rows of a partition as a snapshot sees them (file and delta merged).
struct ScannerStream: RowStream {
    var scanner: PartitionScanner
    private var chunk: ColumnChunk?
    private var row = 0

    init(scanner: PartitionScanner) { self.scanner = scanner }

    mutating func next() throws -> Row? {
        while true {
            if let c = chunk, row < c.count {
                defer { row += 1 }
                return Row(a: c.a[row], b: c.b[row], g: c.g[row])
            }
            guard let c = try scanner.next() else { return nil }
            chunk = c
            row = 0
        }
    }
}

/// Merges sorted row streams (a min-heap over their heads).
struct RowMergeHeap {
    private var streams: [any RowStream]
    private var heads: [Row] = []
    private var heap: [Int] = []

    init(streams: [any RowStream]) {
        self.streams = streams
    }

    private var started = false

    mutating func next() throws -> Row? {
        if !started {
            started = true
            heads = []
            for i in streams.indices {
                if let r = try streams[i].next() { heads.append(r); heap.append(i) } else { heads.append(Row(a: 0, b: 0, g: 0)) }
            }
            for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
        guard let top = heap.first else { return nil }
        let row = heads[top]
        if let r = try streams[top].next() {
            heads[top] = r
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
        return row
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heads[heap[l]] < heads[heap[m]] { m = l }
            if r < heap.count && heads[heap[r]] < heads[heap[m]] { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
