/// The filter step of a spatial join: which pairs of boxes intersect.
public enum SpatialJoin {
    /// Calls `body(left.id, right.id)` once for every pair of entries, one from
    /// each side, whose (closed) boxes intersect. Entries with empty boxes never
    /// match.
    ///
    /// Forward plane sweep (Brinkhoff, Kriegel & Seeger, SIGMOD 1993): both sides
    /// are sorted by min X; the sweep takes the entry with the smaller min X and
    /// pairs it with the entries of the other side whose min X falls within its
    /// X extent, testing Y. Each intersecting pair is found exactly once, with no
    /// duplicates to remove and no index to build.
    /// - Complexity: O((n + m) log(n + m) + k + s) for k pairs, where s counts the
    ///   pairs that overlap in X but not in Y (small unless many boxes are very
    ///   tall and thin); O(n + m) extra space.
    public static func forEachCandidatePair(_ left: [QuadTree.Entry], _ right: [QuadTree.Entry],
                                            _ body: (UInt64, UInt64) throws -> Void) rethrows {
        let a = sortedByMinX(left)
        let b = sortedByMinX(right)
        try a.withUnsafeBufferPointer { a in
            try b.withUnsafeBufferPointer { b in
                var i = 0, j = 0
                while i < a.count && j < b.count {
                    if a[i].box.minX <= b[j].box.minX {
                        let box = a[i].box
                        var k = j
                        while k < b.count && b[k].box.minX <= box.maxX {
                            if b[k].box.minY <= box.maxY && box.minY <= b[k].box.maxY { try body(a[i].id, b[k].id) }
                            k += 1
                        }
                        i += 1
                    } else {
                        let box = b[j].box
                        var k = i
                        while k < a.count && a[k].box.minX <= box.maxX {
                            if a[k].box.minY <= box.maxY && box.minY <= a[k].box.maxY { try body(a[k].id, b[j].id) }
                            k += 1
                        }
                        j += 1
                    }
                }
            }
        }
    }

    /// All candidate pairs, collected.
    public static func candidatePairs(_ left: [QuadTree.Entry], _ right: [QuadTree.Entry]) -> [(UInt64, UInt64)] {
        var pairs: [(UInt64, UInt64)] = []
        forEachCandidatePair(left, right) { pairs.append(($0, $1)) }
        return pairs
    }

    /// Pairs within planar distance `distance` of each other (their boxes, grown
    /// by the distance, intersect): the filter step of a within-distance join.
    /// Boxes further apart than `distance` only diagonally can still be reported;
    /// refinement removes them.
    public static func forEachCandidatePair(_ left: [QuadTree.Entry], _ right: [QuadTree.Entry], withinDistance distance: Double,
                                            _ body: (UInt64, UInt64) throws -> Void) rethrows {
        let grown = left.map { QuadTree.Entry(id: $0.id, box: $0.box.expanded(by: distance)) }
        try forEachCandidatePair(grown, right, body)
    }

    private static func sortedByMinX(_ entries: [QuadTree.Entry]) -> [QuadTree.Entry] {
        var sorted = entries.filter { QuadTree.indexable($0.box) }
        sorted.sort { $0.box.minX < $1.box.minX }
        return sorted
    }
}
