import Testing
import PtolemyGeo

@Suite struct SpatialJoinTests {
    @Test(arguments: [false, true])
    func matchesBruteForce(clustered: Bool) {
        let left = randomEntries(2_000, seed: 91, clustered: clustered)
        let right = randomEntries(3_000, seed: 92, clustered: clustered, firstID: 100_000)
        var found: [[UInt64]] = []
        SpatialJoin.forEachCandidatePair(left, right) { found.append([$0, $1]) }
        var expected: [[UInt64]] = []
        for a in left { for b in right where a.box.intersects(b.box) { expected.append([a.id, b.id]) } }
        #expect(found.count == expected.count)  // no duplicates
        #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func touchingAndEmptyBoxes() {
        let left = [QuadTree.Entry(id: 1, box: BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)),
                    QuadTree.Entry(id: 2, box: .empty)]
        let right = [QuadTree.Entry(id: 10, box: BoundingBox(minX: 1, minY: 1, maxX: 2, maxY: 2)),
                     QuadTree.Entry(id: 11, box: BoundingBox(minX: 1.5, minY: 0, maxX: 2, maxY: 1)),
                     QuadTree.Entry(id: 12, box: BoundingBox(x: 0.5, y: 0.5))]
        let pairs = SpatialJoin.candidatePairs(left, right).map { [$0.0, $0.1] }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(pairs == [[1, 10], [1, 12]])
        var near: [[UInt64]] = []
        SpatialJoin.forEachCandidatePair(left, right, withinDistance: 0.5) { near.append([$0, $1]) }
        #expect(near.sorted { $0.lexicographicallyPrecedes($1) } == [[1, 10], [1, 11], [1, 12]])
    }
}
