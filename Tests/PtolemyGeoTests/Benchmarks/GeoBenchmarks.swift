import Testing
import PtolemyGeo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Throughput figures for the hot paths, printed, never asserted. Off by
/// default; run in release mode with
/// `PTOLEMY_GEO_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter GeoBenchmarks`.
@Suite(.enabled(if: getenv("PTOLEMY_GEO_BENCH") != nil), .serialized)
struct GeoBenchmarks {
    /// Runs `body` three times and reports the fastest run (the machine is shared).
    func measure(_ label: String, items: Int, unit: String = "items", _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        var seconds = Double.infinity
        for _ in 0..<3 {
            let elapsed = try clock.measure(body)
            seconds = min(seconds, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        let rate = Double(items) / seconds
        print("BENCH \(label): \(items) \(unit) in \((seconds * 1000).rounded() / 1000) s = \(Int(rate)) \(unit)/s")
    }

    /// Polygons with 5 to 40 vertices around random centres, as WKT literals,
    /// with full 17-digit coordinates or rounded to 7 decimals (centimetres, as
    /// typical EO exports write them).
    func polygonLiterals(_ count: Int, rounded: Bool = false) -> [String] {
        func format(_ value: Double) -> String { rounded ? "\((value * 1e7).rounded() / 1e7)" : "\(value)" }
        var random = SplitMix64(seed: 1)
        return (0..<count).map { _ in
            let cx = random.uniform(-170, 170), cy = random.uniform(-80, 80)
            let vertices = 4 + Int(random.next() % 36)
            var wkt = "POLYGON(("
            var first = ""
            for index in 0..<vertices {
                let angle = Double(index) / Double(vertices) * 2 * .pi
                let radius = random.uniform(0.001, 0.01)
                let vertex = "\(format(cx + radius * cos(angle))) \(format(cy + radius * sin(angle)))"
                if index == 0 { first = vertex }
                wkt += vertex + ", "
            }
            return wkt + first + "))"
        }
    }

    @Test func literalLoading() throws {
        let literals = polygonLiterals(100_000)
        let vertices = literals.reduce(0) { $0 + $1.split(separator: ",").count }
        print("BENCH input: \(literals.count) polygons, \(vertices) vertices, \(literals.reduce(0) { $0 + $1.utf8.count } / 1_000_000) MB of WKT")
        var bytes = 0
        try measure("WKT -> WKB + bbox (GeometryLiteral)", items: literals.count, unit: "polygons") {
            for literal in literals {
                let parsed = try GeometryLiteral(parsing: literal, format: .wkt)
                bytes += parsed.wkb.count + (parsed.boundingBox.isEmpty ? 0 : 1)
            }
        }
        let short = polygonLiterals(100_000, rounded: true)
        print("BENCH input: \(short.reduce(0) { $0 + $1.utf8.count } / 1_000_000) MB of WKT with 7-decimal coordinates")
        try measure("WKT -> WKB + bbox (GeometryLiteral), 7 decimals", items: short.count, unit: "polygons") {
            for literal in short {
                let parsed = try GeometryLiteral(parsing: literal, format: .wkt)
                bytes += parsed.wkb.count
            }
        }
        let wkbs = try literals.map { try GeometryLiteral(parsing: $0, format: .wkt).wkb }
        var geometries: [Geometry] = []
        try measure("WKB -> GEOS Geometry", items: wkbs.count, unit: "polygons") {
            geometries = try wkbs.map { try Geometry(wkb: $0) }
        }
        try measure("WKT -> GEOS Geometry", items: literals.count, unit: "polygons") {
            for literal in literals.prefix(100_000) { _ = try Geometry(wkt: literal) }
        }
        measure("Geometry -> WKT", items: 20_000, unit: "polygons") {
            for geometry in geometries.prefix(20_000) { bytes += geometry.wkt.utf8.count }
        }
        print("BENCH (checksum \(bytes))")
    }

    @Test func refinement() throws {
        // A 2000-vertex polygon against 100k points, plain versus prepared.
        var wkt = "POLYGON(("
        for index in 0..<2000 {
            let angle = Double(index) / 2000 * 2 * .pi
            let radius = 10 + 2 * sin(angle * 37)
            wkt += "\(radius * cos(angle)) \(radius * sin(angle)), "
        }
        wkt += "\(10.0 * cos(0.0)) 0))"
        let polygon = try Geometry(wkt: wkt)
        var random = SplitMix64(seed: 2)
        let points = try (0..<100_000).map { _ in try Geometry(wkt: "POINT(\(random.uniform(-12, 12)) \(random.uniform(-12, 12)))") }
        var inside = 0
        try measure("plain intersects (2000-gon x point)", items: 10_000, unit: "tests") {
            for point in points.prefix(10_000) where try polygon.intersects(point) { inside += 1 }
        }
        let prepared = try PreparedGeometry(polygon)
        try measure("prepared intersects (2000-gon x point)", items: points.count, unit: "tests") {
            for point in points where try prepared.intersects(point) { inside += 1 }
        }
        try measure("relate DE-9IM (2000-gon x point)", items: 2_000, unit: "tests") {
            for point in points.prefix(2_000) { inside += try polygon.relate(point).count }
        }
        print("BENCH (checksum \(inside))")
    }

    func points(_ count: Int, seed: UInt64) -> [QuadTree.Entry] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { QuadTree.Entry(id: UInt64($0), box: BoundingBox(x: random.uniform(-180, 180), y: random.uniform(-90, 90))) }
    }

    func boxes(_ count: Int, seed: UInt64, size: Double) -> [QuadTree.Entry] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map {
            let x = random.uniform(-180, 180), y = random.uniform(-90, 90)
            return QuadTree.Entry(id: UInt64($0), box: BoundingBox(minX: x, minY: y, maxX: x + random.uniform(0, size), maxY: y + random.uniform(0, size)))
        }
    }

    @Test func quadTree() throws {
        let pointEntries = points(1_000_000, seed: 3)
        let boxEntries = boxes(1_000_000, seed: 4, size: 0.05)
        var pointTree = QuadTree()
        measure("QuadTree bulk build, points", items: pointEntries.count, unit: "entries") {
            pointTree = QuadTree(bulk: pointEntries)
        }
        var boxTree = QuadTree()
        measure("QuadTree bulk build, boxes", items: boxEntries.count, unit: "entries") {
            boxTree = QuadTree(bulk: boxEntries)
        }
        print("BENCH nodes: \(pointTree.nodeCount) (points), \(boxTree.nodeCount) (boxes)")
        var random = SplitMix64(seed: 5)
        for size in [0.01, 0.1, 1.0, 10.0] {
            let windows = (0..<10_000).map { _ in
                let x = random.uniform(-180, 170), y = random.uniform(-90, 80)
                return BoundingBox(minX: x, minY: y, maxX: x + size, maxY: y + size)
            }
            var results = 0
            measure("window query \(size) deg on 1M boxes", items: windows.count, unit: "queries") {
                results = 0
                for window in windows { boxTree.forEach(intersecting: window) { _ in results += 1 } }
            }
            print("BENCH   \(Double(results) / Double(windows.count)) results per query")
            var estimate = 0.0
            measure("estimatedCount \(size) deg on 1M boxes", items: windows.count, unit: "estimates") {
                estimate = 0
                for window in windows { estimate += boxTree.estimatedCount(intersecting: window) }
            }
            print("BENCH   mean estimate \(estimate / Double(windows.count))")
        }
        var bytes: [UInt8] = []
        measure("serialize 1M points", items: pointEntries.count, unit: "entries") { bytes = pointTree.serialized() }
        print("BENCH   \(bytes.count) bytes (\(Double(bytes.count) / Double(pointEntries.count)) per point)")
        try measure("deserialize + validate 1M points", items: pointEntries.count, unit: "entries") {
            _ = try QuadTree(serialized: bytes)
        }
        measure("insert one by one, then remove half", items: 1_500_000, unit: "operations") {
            var incremental = QuadTree(extent: BoundingBox(minX: -180, minY: -90, maxX: 180, maxY: 90))
            for entry in boxEntries { incremental.insert(entry) }
            for entry in boxEntries.prefix(500_000) { incremental.remove(entry) }
        }
    }

    @Test func spatialJoin() {
        let left = boxes(1_000_000, seed: 6, size: 0.05)
        let right = boxes(1_000_000, seed: 7, size: 0.05)
        var pairs = 0
        measure("plane-sweep join 1M x 1M boxes", items: 2_000_000, unit: "entries") {
            pairs = 0
            SpatialJoin.forEachCandidatePair(left, right) { _, _ in pairs += 1 }
        }
        print("BENCH   \(pairs) candidate pairs")
    }
}
