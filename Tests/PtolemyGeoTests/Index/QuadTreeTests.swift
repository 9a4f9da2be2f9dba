import Testing
@testable import PtolemyGeo

/// Random test data: points, small boxes, and a few large boxes, clustered or spread.
func randomEntries(_ count: Int, seed: UInt64, clustered: Bool = false, firstID: UInt64 = 0) -> [QuadTree.Entry] {
    var random = SplitMix64(seed: seed)
    var entries: [QuadTree.Entry] = []
    entries.reserveCapacity(count)
    let centres = (0..<5).map { _ in (random.uniform(-150, 150), random.uniform(-60, 60)) }
    for index in 0..<count {
        var x: Double, y: Double
        if clustered {
            let centre = centres[Int(random.next() % 5)]
            x = centre.0 + random.uniform(-0.5, 0.5) * random.uniform(0, 4)
            y = centre.1 + random.uniform(-0.5, 0.5) * random.uniform(0, 4)
        } else {
            x = random.uniform(-180, 180)
            y = random.uniform(-90, 90)
        }
        let box: BoundingBox
        switch random.next() % 10 {
        case 0..<5: box = BoundingBox(x: x, y: y)
        case 5..<9: box = BoundingBox(minX: x, minY: y, maxX: x + random.uniform(0, 2), maxY: y + random.uniform(0, 1))
        default: box = BoundingBox(minX: x, minY: y, maxX: x + random.uniform(0, 90), maxY: y + random.uniform(0, 45))
        }
        entries.append(QuadTree.Entry(id: firstID + UInt64(index), box: box))
    }
    return entries
}

func randomWindows(_ count: Int, seed: UInt64) -> [BoundingBox] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { index in
        let x = random.uniform(-200, 200), y = random.uniform(-100, 100)
        let size = index % 3 == 0 ? random.uniform(0, 1) : index % 3 == 1 ? random.uniform(0, 20) : random.uniform(0, 200)
        return BoundingBox(minX: x, minY: y, maxX: x + size, maxY: y + size * random.uniform(0.2, 1))
    }
}

func bruteForce(_ entries: [QuadTree.Entry], _ window: BoundingBox) -> [UInt64] {
    entries.filter { $0.box.intersects(window) }.map(\.id).sorted()
}

func sortedIDs(_ tree: QuadTree, _ window: BoundingBox) -> [UInt64] {
    tree.ids(intersecting: window).sorted()
}

@Suite struct QuadTreeTests {
    @Test(arguments: [false, true])
    func bulkBuiltTreeMatchesBruteForce(clustered: Bool) {
        let entries = randomEntries(20_000, seed: clustered ? 11 : 12, clustered: clustered)
        let tree = QuadTree(bulk: entries)
        #expect(tree.count == entries.count)
        #expect(tree.nodeCount > 100)
        for window in randomWindows(300, seed: 3) {
            #expect(sortedIDs(tree, window) == bruteForce(entries, window))
        }
        // A window containing everything, a degenerate (point) window, touching edges.
        #expect(tree.ids(intersecting: BoundingBox(minX: -1000, minY: -1000, maxX: 1000, maxY: 1000)).count == entries.count)
        let probe = entries[17].box
        #expect(sortedIDs(tree, BoundingBox(x: probe.minX, y: probe.minY)) == bruteForce(entries, BoundingBox(x: probe.minX, y: probe.minY)))
        #expect(tree.ids(intersecting: .empty).isEmpty)
    }

    @Test func insertedTreeMatchesBruteForceAndGrows() {
        // Start from a tiny extent so most inserts force the root to grow.
        var tree = QuadTree(extent: BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1), leafCapacity: 8)
        let entries = randomEntries(5_000, seed: 21)
        for entry in entries {
            let inserted = tree.insert(entry)
            #expect(inserted)
        }
        #expect(tree.count == entries.count)
        #expect(tree.bounds.contains(BoundingBox(minX: -180, minY: -90, maxX: 180, maxY: 90)))
        for window in randomWindows(200, seed: 4) {
            #expect(sortedIDs(tree, window) == bruteForce(entries, window))
        }
    }

    @Test func removalKeepsResultsExactAndMergesNodes() {
        let entries = randomEntries(10_000, seed: 31)
        var tree = QuadTree(bulk: entries)
        let nodesBefore = tree.nodeCount
        var kept: [QuadTree.Entry] = []
        for (index, entry) in entries.enumerated() {
            if index % 10 != 0 {
                let removed = tree.remove(entry)
                #expect(removed)
            } else {
                kept.append(entry)
            }
        }
        #expect(tree.count == kept.count)
        #expect(tree.nodeCount < nodesBefore)
        let removedTwice = tree.remove(entries[1])
        #expect(!removedTwice)
        let removedUnknown = tree.remove(id: 999_999, box: BoundingBox(x: 1, y: 1))
        #expect(!removedUnknown)
        for window in randomWindows(200, seed: 5) {
            #expect(sortedIDs(tree, window) == bruteForce(kept, window))
        }
        // Mixed inserts after removals.
        let more = randomEntries(3_000, seed: 32, firstID: 1_000_000)
        for entry in more { tree.insert(entry) }
        for window in randomWindows(100, seed: 6) {
            #expect(sortedIDs(tree, window) == bruteForce(kept + more, window))
        }
        for entry in kept + more {
            let removed = tree.remove(entry)
            #expect(removed)
        }
        #expect(tree.isEmpty && tree.nodeCount == 1)
    }

    @Test func degenerateInputs() {
        // Ten thousand copies of one point: splitting stops at the minimum cell size.
        let same = (0..<10_000).map { QuadTree.Entry(id: UInt64($0), box: BoundingBox(x: 5, y: 5)) }
        let tree = QuadTree(bulk: same)
        #expect(tree.ids(intersecting: BoundingBox(x: 5, y: 5)).count == 10_000)
        #expect(tree.ids(intersecting: BoundingBox(x: 5.0000001, y: 5)).isEmpty)
        // Empty and non-finite boxes are not indexed.
        var mixed = QuadTree(bulk: [QuadTree.Entry(id: 1, box: .empty), QuadTree.Entry(id: 2, box: BoundingBox(x: 1, y: 1)),
                                    QuadTree.Entry(id: 3, box: BoundingBox(minX: 0, minY: 0, maxX: .infinity, maxY: 1))])
        #expect(mixed.count == 1)
        let insertedNaN = mixed.insert(id: 4, box: BoundingBox(x: .nan, y: 0))
        #expect(!insertedNaN)
        #expect(QuadTree(bulk: []).isEmpty)
        // Huge coordinates (projected CRSs in metres) and tiny extents.
        let far = (0..<1000).map { QuadTree.Entry(id: UInt64($0), box: BoundingBox(x: 4e6 + Double($0) * 1e-3, y: -2e7)) }
        let farTree = QuadTree(bulk: far)
        let window = BoundingBox(minX: 4e6 + 0.1, minY: -2e7, maxX: 4e6 + 0.2, maxY: -2e7)
        #expect(sortedIDs(farTree, window) == bruteForce(far, window))
    }

    @Test func withinDistanceCandidates() {
        let entries = randomEntries(5_000, seed: 41)
        let tree = QuadTree(bulk: entries)
        var random = SplitMix64(seed: 42)
        for _ in 0..<100 {
            let query = BoundingBox(x: random.uniform(-180, 180), y: random.uniform(-90, 90))
            let distance = random.uniform(0, 10)
            var found: [UInt64] = []
            tree.forEach(withinDistance: distance, of: query) { found.append($0.id) }
            let expected = entries.filter { $0.box.distance(to: query) <= distance }.map(\.id).sorted()
            #expect(found.sorted() == expected)
        }
    }

    @Test func cardinalityEstimates() {
        let entries = randomEntries(20_000, seed: 51)
        let tree = QuadTree(bulk: entries)
        #expect(tree.estimatedCount(intersecting: BoundingBox(minX: -1000, minY: -1000, maxX: 1000, maxY: 1000)) == 20_000)
        #expect(tree.estimatedCount(intersecting: BoundingBox(minX: 500, minY: 500, maxX: 600, maxY: 600)) == 0)
        for window in randomWindows(50, seed: 52) {
            let exact = Double(bruteForce(entries, window).count)
            // With an unlimited budget the estimate is exact...
            #expect(tree.estimatedCount(intersecting: window, nodeBudget: .max) == exact)
            // ...and with the default budget it stays in range.
            let estimate = tree.estimatedCount(intersecting: window)
            #expect(estimate >= 0 && estimate <= Double(entries.count))
        }
        // On uniform points the cheap estimate is close for a large window.
        var random = SplitMix64(seed: 53)
        let points = (0..<50_000).map { QuadTree.Entry(id: UInt64($0), box: BoundingBox(x: random.uniform(0, 100), y: random.uniform(0, 100))) }
        let pointTree = QuadTree(bulk: points)
        let window = BoundingBox(minX: 10, minY: 10, maxX: 60, maxY: 40)
        let estimate = pointTree.estimatedCount(intersecting: window, nodeBudget: 16)
        let exact = Double(bruteForce(points, window).count)
        #expect(abs(estimate - exact) / exact < 0.15, "estimate \(estimate), exact \(exact)")
    }

    @Test func concurrentQueries() async {
        let entries = randomEntries(10_000, seed: 61)
        let tree = QuadTree(bulk: entries)
        let windows = randomWindows(64, seed: 62)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for window in windows {
                group.addTask { sortedIDs(tree, window) == bruteForce(entries, window) ? 0 : 1 }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
