import Testing
@testable import PtolemyStorage

@Suite struct IDHashMapTests {
    /// Random inserts, overwrites and removals (clustered IDs, as the store assigns them)
    /// agree with a Dictionary at every step, through several rounds of growth.
    @Test func agreesWithADictionary() {
        var generator = SystemRandomNumberGenerator()
        var map = IDHashMap<Int>()
        var reference: [UInt64: Int] = [:]
        for step in 0..<20_000 {
            let key = UInt64.random(in: 1...3_000, using: &generator) << (step % 3 == 0 ? 40 : 0) | 1
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<6:
                map[key] = step
                reference[key] = step
            case 6..<8:
                map[key] = nil
                reference[key] = nil
            default:
                #expect(map[key] == reference[key])
            }
            if step % 997 == 0 {
                #expect(map.count == reference.count)
                for (k, v) in reference { #expect(map[k] == v) }
            }
        }
        #expect(map.count == reference.count)
        for (k, v) in reference { #expect(map[k] == v) }
        map.removeAll()
        #expect(map.isEmpty)
        for k in reference.keys { #expect(map[k] == nil) }
    }

    /// Removing from the middle of a probe run keeps the later keys of the run reachable.
    @Test func removalKeepsProbeRunsIntact() {
        var map = IDHashMap<String>(capacity: 4)
        let keys: [UInt64] = (1...12).map { $0 }
        for k in keys { map[k] = "v\(k)" }
        for k in keys where k % 3 == 0 { map[k] = nil }
        for k in keys { #expect(map[k] == (k % 3 == 0 ? nil : "v\(k)")) }
        #expect(map.count == 8)
    }
}
