/// The persisted form of a ``QuadTree``.
///
/// Layout (all little-endian):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `PQT1` |
/// | 4 | 2 | format version (1) |
/// | 6 | 2 | leaf capacity |
/// | 8 | 32 | root cell min X, min Y, side; minimum cell side (4 × f64) |
/// | 40 | 8 | entry count (u64) |
/// | 48 | 4 | node count (u32) |
/// | 52 | … | nodes in pre-order (node, then its four children) |
/// | end − 4 | 4 | CRC-32 of everything before it |
///
/// A node is: a flags byte (bit 0: has children); its entry count (LEB128);
/// a bitmap with one bit per entry, set when the box is a point; the ids sorted
/// ascending as LEB128 deltas; then per entry either X, Y (a point) or min X,
/// min Y, max X, max Y as f64. Points (most EO features) cost about 19 bytes,
/// boxes about 35. Freed nodes are not written, so a deserialized tree is
/// compact.
extension QuadTree {
    static let magic: [UInt8] = Array("PQT1".utf8)
    static let formatVersion: UInt16 = 1
    static let headerSize = 52

    /// The tree as bytes, for the store to write into its own files.
    /// - Complexity: O(n log m) for n entries and m entries per node (ids are
    ///   sorted per node for delta coding).
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(Self.headerSize + count * 24 + nodeCount * 2 + 4)
        writer.bytes += Self.magic
        writer.append(Self.formatVersion)
        writer.append(UInt16(leafCapacity))
        writer.append(root.minX)
        writer.append(root.minY)
        writer.append(root.size)
        writer.append(minimumCellSize)
        writer.append(UInt64(count))
        writer.append(UInt32(nodeCount))
        writeNode(0, into: &writer)
        let crc = CRC32.checksum(writer.bytes)
        writer.append(crc)
        return writer.bytes
    }

    private func writeNode(_ index: Int, into writer: inout ByteWriter) {
        let node = nodes[index]
        writer.bytes.append(node.isLeaf ? 0 : 1)
        let entries = node.entries.sorted { $0.id < $1.id }
        writer.appendVarint(UInt64(entries.count))
        var bitmap = [UInt8](repeating: 0, count: (entries.count + 7) / 8)
        for (position, entry) in entries.enumerated() where entry.box.isPoint {
            bitmap[position / 8] |= 1 << (position % 8)
        }
        writer.bytes += bitmap
        var previous: UInt64 = 0
        for entry in entries {
            writer.appendVarint(entry.id - previous)
            previous = entry.id
        }
        for entry in entries {
            writer.append(entry.box.minX)
            writer.append(entry.box.minY)
            if !entry.box.isPoint {
                writer.append(entry.box.maxX)
                writer.append(entry.box.maxY)
            }
        }
        if !node.isLeaf {
            for quadrant in 0..<4 { writeNode(Int(node.firstChild) + quadrant, into: &writer) }
        }
    }

    /// Reads a tree written by ``serialized()``, validating everything: the
    /// checksum, the header, every count against the bytes that remain, every
    /// box (finite, ordered, inside its node's loose extent, so queries stay
    /// correct), the subtree sizes and the totals. Never traps on bad input.
    /// - Throws: ``GeoError/Kind-swift.struct/corruptIndex`` with the byte offset
    ///   of the first problem.
    /// - Complexity: O(n).
    public init(serialized bytes: [UInt8]) throws {
        self = try bytes.withUnsafeBytes { raw in try Self.deserialize(raw) }
    }

    private static func deserialize(_ raw: UnsafeRawBufferPointer) throws -> QuadTree {
        func corrupt(_ message: String, _ offset: Int) -> GeoError {
            GeoError(.corruptIndex, "quad-tree: \(message)", offset: offset)
        }
        guard raw.count >= headerSize + 2 + 4 else { throw corrupt("truncated: \(raw.count) bytes is shorter than the smallest tree", raw.count) }
        guard raw.prefix(4).elementsEqual(magic) else { throw corrupt("not a serialized quad-tree (bad magic)", 0) }
        let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)])
        let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self))
        guard CRC32.checksum(body) == stored else { throw corrupt("checksum mismatch: the data is damaged or truncated", raw.count - 4) }

        var reader = ByteReader(bytes: body, position: 4)
        let version: UInt16 = try reader.read()
        guard version == formatVersion else { throw corrupt("unsupported format version \(version)", 4) }
        let capacity = Int(try reader.read() as UInt16)
        let minX: Double = try reader.read(), minY: Double = try reader.read(), size: Double = try reader.read()
        let minimumCellSize: Double = try reader.read()
        let entryCount: UInt64 = try reader.read()
        let nodeCount: UInt32 = try reader.read()
        guard capacity >= 1 else { throw corrupt("leaf capacity 0", 6) }
        guard minX.isFinite, minY.isFinite, size.isFinite, size > 0, minimumCellSize > 0, minimumCellSize <= size,
              (size / minimumCellSize).exponent <= 60 else {
            throw corrupt("invalid root cell", 8)
        }
        guard nodeCount % 4 == 1, Int(nodeCount) <= body.count else { throw corrupt("invalid node count \(nodeCount)", 48) }
        guard entryCount <= UInt64(body.count / 17) else { throw corrupt("entry count \(entryCount) exceeds the data", 40) }

        var tree = QuadTree(root: Cell(minX: minX, minY: minY, size: size), minimumCellSize: minimumCellSize,
                            leafCapacity: capacity, nodes: [Node()])
        tree.nodes.reserveCapacity(Int(nodeCount))
        var nodesRead = 1
        try readNode(0, Cell(minX: minX, minY: minY, size: size), isRoot: true, &reader, &tree, &nodesRead, Int(nodeCount))
        guard reader.position == body.count else { throw corrupt("\(body.count - reader.position) unexpected bytes after the last node", reader.position) }
        guard nodesRead == Int(nodeCount) else { throw corrupt("header says \(nodeCount) nodes, found \(nodesRead)", 48) }
        guard UInt64(tree.count) == entryCount else { throw corrupt("header says \(entryCount) entries, found \(tree.count)", 40) }
        return tree

        func readNode(_ index: Int, _ cell: Cell, isRoot: Bool, _ reader: inout ByteReader, _ tree: inout QuadTree,
                      _ nodesRead: inout Int, _ nodeLimit: Int) throws {
            let start = reader.position
            let flags: UInt8 = try reader.read()
            guard flags <= 1 else { throw corrupt("invalid node flags \(flags)", start) }
            let count = try reader.readVarint()
            // Each entry needs at least 1 id byte and 16 coordinate bytes.
            guard count <= UInt64(reader.remaining / 17) else { throw corrupt("entry count \(count) exceeds the remaining data", start + 1) }
            let n = Int(count)
            let bitmap = try reader.take((n + 7) / 8)
            var ids = [UInt64]()
            ids.reserveCapacity(n)
            var previous: UInt64 = 0
            for _ in 0..<n {
                let at = reader.position
                let (sum, overflow) = previous.addingReportingOverflow(try reader.readVarint())
                guard !overflow else { throw corrupt("id overflows 64 bits", at) }
                ids.append(sum)
                previous = sum
            }
            let loose = cell.loose
            var entries = [Entry]()
            entries.reserveCapacity(n)
            for position in 0..<n {
                let at = reader.position
                let isPoint = bitmap[position / 8] & (1 << (position % 8)) != 0
                let x0: Double = try reader.read(), y0: Double = try reader.read()
                let box = isPoint ? BoundingBox(x: x0, y: y0)
                    : BoundingBox(minX: x0, minY: y0, maxX: try reader.read(), maxY: try reader.read())
                guard indexable(box) else { throw corrupt("entry \(ids[position]) has an invalid box", at) }
                guard isRoot || loose.contains(box) else { throw corrupt("entry \(ids[position]) lies outside its node", at) }
                entries.append(Entry(id: ids[position], box: box))
            }
            tree.nodes[index].entries = entries
            tree.nodes[index].count = n
            if flags & 1 != 0 {
                guard cell.size / 2 >= tree.minimumCellSize else { throw corrupt("node below the minimum cell size", start) }
                guard nodesRead + 4 <= nodeLimit else { throw corrupt("more nodes than the header declares", start) }
                let first = tree.nodes.count
                tree.nodes.append(contentsOf: repeatElement(Node(), count: 4))
                nodesRead += 4
                tree.nodes[index].firstChild = Int32(first)
                for quadrant in 0..<4 {
                    try readNode(first + quadrant, cell.child(quadrant), isRoot: false, &reader, &tree, &nodesRead, nodeLimit)
                    tree.nodes[index].count += tree.nodes[first + quadrant].count
                }
            }
        }
    }
}

/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) {
        append(value.bitPattern)
    }

    /// LEB128: 7 bits per byte, high bit set on all but the last.
    mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}

/// Reads little-endian values with bounds checks that throw instead of trapping.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    var remaining: Int { bytes.count - position }

    private func truncated() -> GeoError {
        GeoError(.corruptIndex, "quad-tree: truncated data", offset: position)
    }

    mutating func read<T: FixedWidthInteger>() throws -> T {
        guard remaining >= MemoryLayout<T>.size else { throw truncated() }
        defer { position += MemoryLayout<T>.size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    mutating func read() throws -> Double {
        Double(bitPattern: try read() as UInt64)
    }

    mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw truncated() }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func readVarint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw truncated() }
            let byte = bytes[position]
            position += 1
            guard shift < 64, shift < 63 || byte <= 1 else {
                throw GeoError(.corruptIndex, "quad-tree: varint longer than 64 bits", offset: position - 1)
            }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
}
