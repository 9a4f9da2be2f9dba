extension QuadTree {
    /// Builds a tree over `entries` in one pass: the fast path for bulk loading.
    ///
    /// The root cell is fitted to the data; each node then partitions its slice
    /// of the entries into "stays here" and the four quadrants with a counting
    /// sort, and recurses. Entries with empty or non-finite boxes are skipped.
    /// - Complexity: O(n · d) time for n entries and tree depth d (d ≈
    ///   log4(n / leafCapacity) for well-spread data, at most `maximumDepth`),
    ///   O(n) extra space.
    public init(bulk entries: [Entry], leafCapacity: Int = defaultLeafCapacity, maximumDepth: Int = defaultMaximumDepth) {
        var work = entries.filter { Self.indexable($0.box) }
        var extent = BoundingBox.empty
        for entry in work { extent = extent.union(entry.box) }
        self.init(extent: extent, leafCapacity: leafCapacity, maximumDepth: maximumDepth)
        guard !work.isEmpty else { return }
        nodes.reserveCapacity(work.count / Swift.max(1, leafCapacity / 2) + 1)
        var scratch = [Entry](repeating: Entry(id: 0, box: .empty), count: work.count)
        var groups = [UInt8](repeating: 0, count: work.count)
        work.withUnsafeMutableBufferPointer { work in
            scratch.withUnsafeMutableBufferPointer { scratch in
                groups.withUnsafeMutableBufferPointer { groups in
                    build(node: 0, cell: root, range: 0..<work.count, work: work, scratch: scratch, groups: groups)
                }
            }
        }
    }

    /// Fills node `node` with `work[range]`, splitting as needed.
    private mutating func build(node: Int, cell: Cell, range: Range<Int>,
                                work: UnsafeMutableBufferPointer<Entry>, scratch: UnsafeMutableBufferPointer<Entry>,
                                groups: UnsafeMutableBufferPointer<UInt8>) {
        nodes[node].count = range.count
        if range.count <= leafCapacity || cell.size / 2 < minimumCellSize {
            nodes[node].entries = Array(work[range])
            return
        }
        // Classify: 0-3 the quadrant the entry fits loosely, 4 stays here.
        var bucketSizes = (0, 0, 0, 0, 0)
        let children = (cell.child(0).loose, cell.child(1).loose, cell.child(2).loose, cell.child(3).loose)
        for index in range {
            let box = work[index].box
            let quadrant = cell.quadrant(of: box)
            let loose = quadrant == 0 ? children.0 : quadrant == 1 ? children.1 : quadrant == 2 ? children.2 : children.3
            let group = loose.contains(box) ? quadrant : 4
            groups[index] = UInt8(group)
            switch group {
            case 0: bucketSizes.0 += 1
            case 1: bucketSizes.1 += 1
            case 2: bucketSizes.2 += 1
            case 3: bucketSizes.3 += 1
            default: bucketSizes.4 += 1
            }
        }
        // Counting sort into scratch (stable), then back.
        var starts = [range.lowerBound, 0, 0, 0, 0, 0]
        starts[1] = starts[0] + bucketSizes.0
        starts[2] = starts[1] + bucketSizes.1
        starts[3] = starts[2] + bucketSizes.2
        starts[4] = starts[3] + bucketSizes.3
        starts[5] = starts[4] + bucketSizes.4
        var cursor = starts
        for index in range {
            let group = Int(groups[index])
            scratch[cursor[group]] = work[index]
            cursor[group] += 1
        }
        for index in range { work[index] = scratch[index] }

        nodes[node].entries = Array(work[starts[4]..<starts[5]])
        let first = allocateBlock()
        nodes[node].firstChild = Int32(first)
        for quadrant in 0..<4 {
            build(node: first + quadrant, cell: cell.child(quadrant), range: starts[quadrant]..<starts[quadrant + 1],
                  work: work, scratch: scratch, groups: groups)
        }
    }

    /// Four fresh leaf nodes; returns the index of the first.
    mutating func allocateBlock() -> Int {
        if let reused = freeBlocks.popLast() {
            for offset in 0..<4 { nodes[Int(reused) + offset] = Node() }
            return Int(reused)
        }
        let first = nodes.count
        nodes.append(contentsOf: repeatElement(Node(), count: 4))
        return first
    }
}
