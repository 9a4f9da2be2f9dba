extension QuadTree {
    /// Adds an entry. Returns false (and indexes nothing) when its box is empty or
    /// not finite. The root cell doubles towards entries outside it.
    /// - Complexity: O(d) for depth d, amortized (a split moves at most
    ///   `leafCapacity` + 1 entries).
    @discardableResult
    public mutating func insert(_ entry: Entry) -> Bool {
        guard Self.indexable(entry.box) else { return false }
        grow(toContain: entry.box)
        var index = 0
        var cell = root
        while true {
            nodes[index].count += 1
            if nodes[index].isLeaf {
                nodes[index].entries.append(entry)
                if nodes[index].entries.count > leafCapacity {
                    split(index, cell)
                }
                return true
            }
            let quadrant = cell.quadrant(of: entry.box)
            let child = cell.child(quadrant)
            guard child.loose.contains(entry.box) else {
                nodes[index].entries.append(entry)
                return true
            }
            index = Int(nodes[index].firstChild) + quadrant
            cell = child
        }
    }

    /// Adds an entry.
    @discardableResult
    public mutating func insert(id: UInt64, box: BoundingBox) -> Bool {
        insert(Entry(id: id, box: box))
    }

    /// Removes one entry equal to `entry` (same id and box). Returns false when
    /// there is none. Subtrees left with at most half a leaf's worth of entries
    /// are merged back into one leaf.
    /// - Complexity: O(d + m) for depth d and m entries at the nodes on the path.
    @discardableResult
    public mutating func remove(_ entry: Entry) -> Bool {
        guard Self.indexable(entry.box) else { return false }
        // Find the entry on its placement path (it is at the path's end, unless it
        // was stored higher before the tree grew around it).
        var path: [Int] = []
        var index = 0
        var cell = root
        var found: (node: Int, position: Int)?
        while true {
            path.append(index)
            if let position = nodes[index].entries.firstIndex(of: entry) {
                found = (index, position)
                break
            }
            if nodes[index].isLeaf { break }
            let quadrant = cell.quadrant(of: entry.box)
            let child = cell.child(quadrant)
            guard child.loose.contains(entry.box) else { break }
            index = Int(nodes[index].firstChild) + quadrant
            cell = child
        }
        guard let found else { return false }
        let last = nodes[found.node].entries.count - 1
        nodes[found.node].entries.swapAt(found.position, last)
        nodes[found.node].entries.removeLast()
        for node in path { nodes[node].count -= 1 }
        // Merge the highest under-full internal node on the path.
        if let collapsible = path.first(where: { !nodes[$0].isLeaf && nodes[$0].count <= leafCapacity / 2 }) {
            collapse(collapsible)
        }
        return true
    }

    /// Removes one entry with this id and box.
    @discardableResult
    public mutating func remove(id: UInt64, box: BoundingBox) -> Bool {
        remove(Entry(id: id, box: box))
    }

    /// Splits an over-full leaf: entries that fit a child's loose extent move
    /// down; children that are themselves over-full split in turn.
    private mutating func split(_ index: Int, _ cell: Cell) {
        guard cell.size / 2 >= minimumCellSize else { return }
        let first = allocateBlock()
        nodes[index].firstChild = Int32(first)
        var staying: [Entry] = []
        for entry in nodes[index].entries {
            let quadrant = cell.quadrant(of: entry.box)
            if cell.child(quadrant).loose.contains(entry.box) {
                nodes[first + quadrant].entries.append(entry)
                nodes[first + quadrant].count += 1
            } else {
                staying.append(entry)
            }
        }
        nodes[index].entries = staying
        for quadrant in 0..<4 where nodes[first + quadrant].entries.count > leafCapacity {
            split(first + quadrant, cell.child(quadrant))
        }
    }

    /// Turns an internal node back into a leaf holding its whole subtree.
    private mutating func collapse(_ index: Int) {
        var gathered = nodes[index].entries
        var stack = [Int(nodes[index].firstChild)]
        while let block = stack.popLast() {
            for offset in 0..<4 {
                gathered += nodes[block + offset].entries
                if !nodes[block + offset].isLeaf { stack.append(Int(nodes[block + offset].firstChild)) }
                nodes[block + offset] = Node()
            }
            freeBlocks.append(Int32(block))
        }
        nodes[index].entries = gathered
        nodes[index].firstChild = -1
    }

    /// Doubles the root cell towards `box` until the box lies inside it; the old
    /// root becomes a quadrant of the new one (corners stay on the exact grid).
    private mutating func grow(toContain box: BoundingBox) {
        var steps = 0
        while !root.bounds.contains(box), steps < 64 {
            steps += 1
            let west = box.minX < root.minX
            let south = box.minY < root.minY
            let quadrant = (west ? 1 : 0) | (south ? 2 : 0)
            let grown = Cell(minX: west ? root.minX - root.size : root.minX,
                             minY: south ? root.minY - root.size : root.minY,
                             size: root.size * 2)
            let first = allocateBlock()
            let oldRoot = first + quadrant
            nodes[oldRoot] = nodes[0]
            nodes[0] = Node(firstChild: Int32(first), count: nodes[oldRoot].count, entries: [])
            root = grown
            // The old root could hold entries outside its own loose extent (the root
            // is searched unconditionally); those move up to the new root.
            let oldCell = grown.child(quadrant)
            let loose = oldCell.loose
            if nodes[oldRoot].entries.contains(where: { !loose.contains($0.box) }) {
                var kept: [Entry] = []
                for entry in nodes[oldRoot].entries {
                    if loose.contains(entry.box) { kept.append(entry) } else { nodes[0].entries.append(entry) }
                }
                nodes[oldRoot].count -= nodes[oldRoot].entries.count - kept.count
                nodes[oldRoot].entries = kept
            }
        }
    }
}
