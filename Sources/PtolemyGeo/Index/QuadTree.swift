/// A loose quad-tree over bounding boxes: the spatial index of a geometry
/// partition, built in bulk at load time, persisted as bytes, and probed by
/// window and within-distance queries at query time.
///
/// ## Design
/// Space is a square root cell whose side is a power of two, recursively cut
/// into quadrants. Each node also has a *loose* extent: its cell grown by half
/// a cell on every side (twice the width). An entry is stored at the deepest
/// node whose loose extent contains its box, following the quadrant of the
/// box's centre; an entry whose box is wider or taller than a child cell stays
/// at the parent. So every entry has exactly one home found in O(depth) with no
/// search, boxes that straddle a cell line do not pile up at the root (the
/// problem of a strict "smallest enclosing node" quad-tree), and a query visits a
/// node only if the window meets its loose extent. Leaves split when they hold
/// more than ``leafCapacity`` entries, down to a minimum cell size (the root
/// side over 2^maximumDepth; duplicates of one point simply make a long leaf).
/// Cell corners are multiples of that minimum size, so they are computed exactly.
///
/// Every node stores the number of entries in its subtree, which makes
/// ``estimatedCount(intersecting:)`` cheap and lets a query report whole
/// subtrees that lie inside the window without testing their boxes.
///
/// Entries with empty or non-finite boxes (empty geometries) are not indexed.
/// Entry ids need not be unique; ``remove(_:)`` removes one matching entry.
///
/// `QuadTree` is a value type (copy-on-write arrays), `Sendable`, and safe to
/// query from many tasks at once.
public struct QuadTree: Sendable {
    /// An indexed item: the caller's id (e.g. a term ID) and its box.
    public struct Entry: Hashable, Sendable {
        public var id: UInt64
        public var box: BoundingBox

        /// An entry for the item `id` with extent `box`.
        @inlinable
        public init(id: UInt64, box: BoundingBox) {
            self.id = id
            self.box = box
        }
    }

    struct Node: Sendable {
        /// Index of the first of four consecutive children (SW, SE, NW, NE), or -1 for a leaf.
        var firstChild: Int32 = -1
        /// Entries in this node and all its descendants.
        var count = 0
        /// Entries stored at this node.
        var entries: [Entry] = []

        @inline(__always) var isLeaf: Bool { firstChild < 0 }
    }

    /// A node's square cell. Quadrant bit 0 is east, bit 1 north.
    struct Cell: Equatable {
        var minX: Double
        var minY: Double
        var size: Double

        @inline(__always)
        func child(_ quadrant: Int) -> Cell {
            let half = size / 2
            return Cell(minX: quadrant & 1 == 0 ? minX : minX + half, minY: quadrant & 2 == 0 ? minY : minY + half, size: half)
        }

        @inline(__always)
        func quadrant(of box: BoundingBox) -> Int {
            let half = size / 2
            return (box.centerX >= minX + half ? 1 : 0) | (box.centerY >= minY + half ? 2 : 0)
        }

        /// The cell grown by half its size on each side.
        @inline(__always)
        var loose: BoundingBox {
            let margin = size / 2
            return BoundingBox(minX: minX - margin, minY: minY - margin, maxX: minX + size + margin, maxY: minY + size + margin)
        }

        var bounds: BoundingBox { BoundingBox(minX: minX, minY: minY, maxX: minX + size, maxY: minY + size) }
    }

    /// All nodes; `nodes[0]` is the root. Children come in blocks of four.
    var nodes: [Node]
    /// First indices of blocks freed by collapsing, for reuse.
    var freeBlocks: [Int32] = []
    var root: Cell
    /// The smallest cell side a split may create.
    let minimumCellSize: Double
    /// A leaf holding more entries than this splits (if its cell can still be halved).
    public let leafCapacity: Int

    /// Number of entries indexed.
    public var count: Int { nodes[0].count }

    /// True when nothing is indexed.
    public var isEmpty: Bool { count == 0 }

    /// The root cell: every entry's centre lies in it (it grows as needed).
    public var bounds: BoundingBox { root.bounds }

    /// Entries per leaf before it splits, unless told otherwise: small enough that
    /// a leaf is scanned in a few cache lines' worth of boxes, large enough to
    /// keep the node count near n / 16.
    public static let defaultLeafCapacity = 32
    /// Levels of splitting below the root cell: 2^24 cells per side, about 2 m
    /// on a whole-Earth extent in degrees.
    public static let defaultMaximumDepth = 24

    /// An empty tree whose root cell covers `extent` (it grows when entries
    /// fall outside).
    /// - Parameters:
    ///   - extent: the expected data extent, for good initial cells.
    ///   - leafCapacity: entries a leaf holds before it splits.
    ///   - maximumDepth: levels below the root cell that splits may create.
    public init(extent: BoundingBox = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1),
                leafCapacity: Int = defaultLeafCapacity, maximumDepth: Int = defaultMaximumDepth) {
        precondition(leafCapacity >= 1 && leafCapacity <= Int(UInt16.max), "leafCapacity must be in 1...65535")
        precondition(maximumDepth >= 0 && maximumDepth <= 40, "maximumDepth must be in 0...40")
        let (cell, minimum) = Self.rootCell(for: extent.isEmpty ? BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1) : extent,
                                            maximumDepth: maximumDepth)
        self.root = cell
        self.minimumCellSize = minimum
        self.leafCapacity = leafCapacity
        self.nodes = [Node()]
    }

    init(root: Cell, minimumCellSize: Double, leafCapacity: Int, nodes: [Node]) {
        self.root = root
        self.minimumCellSize = minimumCellSize
        self.leafCapacity = leafCapacity
        self.nodes = nodes
    }

    /// A square cell with a power-of-two side covering `extent`, with corners on
    /// a grid of its finest subdivision so that all cell arithmetic is exact.
    static func rootCell(for extent: BoundingBox, maximumDepth: Int) -> (Cell, Double) {
        let magnitude = Swift.max(Swift.abs(extent.minX), Swift.abs(extent.maxX), Swift.abs(extent.minY), Swift.abs(extent.maxY))
        // Keep coordinates below 2^44 finest cells, far inside the 2^53 of exact doubles.
        var wanted = Swift.max(extent.width, extent.height, magnitude * 0x1p-20, 0x1p-40)
        if !wanted.isFinite { wanted = Double.greatestFiniteMagnitude / 4 }
        var size = 1.0
        while size < wanted { size *= 2 }
        while size / 2 >= wanted { size /= 2 }
        while true {
            let minimum = size * pow2(-maximumDepth)
            let minX = (extent.minX / minimum).rounded(.down) * minimum
            let minY = (extent.minY / minimum).rounded(.down) * minimum
            if minX + size >= extent.maxX && minY + size >= extent.maxY {
                return (Cell(minX: minX, minY: minY, size: size), minimum)
            }
            size *= 2
        }
    }

    static func pow2(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }

    /// True for a box the tree can index: non-empty with finite bounds.
    @inline(__always)
    static func indexable(_ box: BoundingBox) -> Bool {
        box.minX <= box.maxX && box.minY <= box.maxY && box.minX.isFinite && box.maxX.isFinite && box.minY.isFinite && box.maxY.isFinite
    }

    /// Number of nodes in use (for statistics and EXPLAIN).
    public var nodeCount: Int { nodes.count - freeBlocks.count * 4 }

    /// Calls `body` with every entry, in no particular order.
    /// - Complexity: O(n).
    public func forEach(_ body: (Entry) throws -> Void) rethrows {
        try nodes.withUnsafeBufferPointer { buffer in
            try Self.reportAll(buffer, 0, body)
        }
    }

    /// All entries, in no particular order.
    public var entries: [Entry] {
        var all: [Entry] = []
        all.reserveCapacity(count)
        forEach { all.append($0) }
        return all
    }

    static func reportAll(_ nodes: UnsafeBufferPointer<Node>, _ index: Int, _ body: (Entry) throws -> Void) rethrows {
        for entry in nodes[index].entries { try body(entry) }
        let first = Int(nodes[index].firstChild)
        if first >= 0 {
            for quadrant in 0..<4 where nodes[first + quadrant].count > 0 {
                try reportAll(nodes, first + quadrant, body)
            }
        }
    }
}
