extension QuadTree {
    /// Calls `body` with every entry whose box intersects `window` (boxes are
    /// closed: touching counts), streaming, in no particular order.
    ///
    /// Nodes whose loose extent misses the window are skipped; subtrees whose
    /// loose extent lies inside the window are reported without testing boxes.
    /// To stop early, throw from `body`.
    /// - Complexity: O(log n + k) for k results on well-spread data (plus the
    ///   entries stored at visited nodes that do not match).
    public func forEach(intersecting window: BoundingBox, _ body: (Entry) throws -> Void) rethrows {
        guard !window.isEmpty, count > 0 else { return }
        try nodes.withUnsafeBufferPointer { buffer in
            try Self.visit(buffer, 0, root, window, isRoot: true, body)
        }
    }

    private static func visit(_ nodes: UnsafeBufferPointer<Node>, _ index: Int, _ cell: Cell, _ window: BoundingBox,
                              isRoot: Bool, _ body: (Entry) throws -> Void) rethrows {
        let loose = cell.loose
        // The root is always searched: it may hold entries outside its cell.
        if !isRoot {
            if !window.intersects(loose) { return }
            if window.contains(loose) {
                try reportAll(nodes, index, body)
                return
            }
        }
        try nodes[index].entries.withUnsafeBufferPointer { entries in
            for entry in entries where entry.box.intersects(window) { try body(entry) }
        }
        let first = Int(nodes[index].firstChild)
        if first >= 0 {
            for quadrant in 0..<4 where nodes[first + quadrant].count > 0 {
                try visit(nodes, first + quadrant, cell.child(quadrant), window, isRoot: false, body)
            }
        }
    }

    /// The ids of all entries whose box intersects `window`.
    /// - Complexity: as ``forEach(intersecting:_:)``.
    public func ids(intersecting window: BoundingBox) -> [UInt64] {
        var ids: [UInt64] = []
        forEach(intersecting: window) { ids.append($0.id) }
        return ids
    }

    /// Calls `body` with every entry whose box lies within planar distance
    /// `distance` of `box` (in coordinate units): the candidates of a
    /// within-distance filter, to be refined on the exact geometries. For a
    /// distance in metres over degrees, build the window with
    /// ``CRS/searchBox(around:withinMetres:)`` and use ``forEach(intersecting:_:)``.
    /// - Complexity: as ``forEach(intersecting:_:)`` on the box grown by `distance`.
    public func forEach(withinDistance distance: Double, of box: BoundingBox, _ body: (Entry) throws -> Void) rethrows {
        guard distance >= 0 else { return }
        try forEach(intersecting: box.expanded(by: distance)) { entry in
            if entry.box.distance(to: box) <= distance { try body(entry) }
        }
    }

    /// An estimate of how many entries intersect `window`, from the per-node
    /// subtree counts, for the planner's choice between an index probe and a
    /// scan.
    ///
    /// Exact while at most `nodeBudget` nodes are inspected: subtrees inside the
    /// window count in full, those outside not at all. Beyond the budget, a
    /// partly covered subtree contributes its count times the fraction of its
    /// loose extent the window covers (uniformity assumption).
    /// - Complexity: O(nodeBudget · leafCapacity).
    public func estimatedCount(intersecting window: BoundingBox, nodeBudget: Int = 64) -> Double {
        guard !window.isEmpty, count > 0 else { return 0 }
        var budget = nodeBudget
        return nodes.withUnsafeBufferPointer { buffer in
            Self.estimate(buffer, 0, root, window, isRoot: true, &budget)
        }
    }

    private static func estimate(_ nodes: UnsafeBufferPointer<Node>, _ index: Int, _ cell: Cell, _ window: BoundingBox,
                                 isRoot: Bool, _ budget: inout Int) -> Double {
        let node = nodes[index]
        if node.count == 0 { return 0 }
        let loose = cell.loose
        if !isRoot {
            if !window.intersects(loose) { return 0 }
            if window.contains(loose) { return Double(node.count) }
        }
        if budget <= 0 {
            let overlap = window.intersection(loose)
            let fraction = loose.area > 0 ? overlap.area / loose.area : 1
            return Double(node.count) * Swift.min(1, fraction)
        }
        budget -= 1
        var total = 0.0
        for entry in node.entries where entry.box.intersects(window) { total += 1 }
        let first = Int(node.firstChild)
        if first >= 0 {
            for quadrant in 0..<4 {
                total += estimate(nodes, first + quadrant, cell.child(quadrant), window, isRoot: false, &budget)
            }
        }
        return total
    }
}
