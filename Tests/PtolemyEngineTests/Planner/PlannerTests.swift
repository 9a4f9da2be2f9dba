import Testing
import Foundation
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
@testable import PtolemyEngine

/// A deterministic dataset shaped like the bench data: POIs with categories, names,
/// tags (key/value) and geometries; parcels with land use. Loaded through the bulk
/// loader so that partition statistics exist.
enum PlannerFixture {
    static let ex = "http://example.org/bench/"

    static func quads() -> [Quad] {
        var out: [Quad] = []
        var rng = SplitMix(seed: 7)
        let categories = ["restaurant", "cafe", "shop", "parking", "school", "bank", "museum", "hospital"]
        let weights = [30, 25, 20, 10, 6, 5, 3, 1]
        for i in 0..<6000 {
            let poi = Term.iri(ex + "poi/\(i)")
            out.append(Quad(poi, .iri(RDFVocabulary.type), .iri(ex + "POI")))
            out.append(Quad(poi, .iri(ex + "category"), .string(pick(categories, weights, &rng))))
            out.append(Quad(poi, .iri(ex + "name"), .string("POI \(i)")))
            out.append(Quad(poi, .iri(ex + "hasGeometry"), .iri(ex + "geom/poi/\(i)")))
            out.append(Quad(.iri(ex + "geom/poi/\(i)"), .iri(ex + "asWKT"), .typed("POINT(\(i % 100) \(i / 100))", GeoVocabulary.wktLiteral)))
            for t in 0..<(1 + Int(rng.next() % 3)) {
                let tag = Term.iri(ex + "tag/\(i)/\(t)")
                out.append(Quad(poi, .iri(ex + "hasTag"), tag))
                out.append(Quad(tag, .iri(ex + "tagKey"), .string(["wheelchair", "cuisine", "opening_hours"][t])))
                out.append(Quad(tag, .iri(ex + "tagValue"), .string(["yes", "no", "limited"][Int(rng.next() % 3)])))
            }
        }
        for i in 0..<2000 {
            let parcel = Term.iri(ex + "parcel/\(i)")
            out.append(Quad(parcel, .iri(RDFVocabulary.type), .iri(ex + "Parcel")))
            out.append(Quad(parcel, .iri(ex + "landUse"), .string(["agricultural", "forest", "urban", "water"][Int(rng.next() % 4)])))
        }
        return out
    }

    static func pick(_ items: [String], _ weights: [Int], _ rng: inout SplitMix) -> String {
        var r = Int(rng.next() % UInt64(weights.reduce(0, +)))
        for (item, w) in zip(items, weights) { if r < w { return item }; r -= w }
        return items[0]
    }

    /// A small, fast, deterministic generator (the test must not depend on the platform's RNG).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// One store per test process, loaded once.
    nonisolated(unsafe) static let store: (Store, String) = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-planner-\(UUID().uuidString)").path
        let store = try! Store(directory: dir, create: true)
        _ = try! BulkLoader(store: store).load([.quads(quads())])
        return (store, dir)
    }()

    static func run(_ text: String) throws -> (PreparedQuery, Int) {
        let prefixed = "PREFIX : <\(ex)>\n" + text
        let query = try Query(parsing: prefixed)
        let prepared = try QueryEngine().prepare(query, snapshot: store.0.snapshot)
        var rows = 0
        try prepared.forEachSolution { _ in rows += 1; return true }
        return (prepared, rows)
    }
}

/// The operators of a plan, depth first, as "Name[detail]" strings.
func planOperators(_ op: any PhysicalOperator) -> [any PhysicalOperator] {
    [op] + op.children.flatMap(planOperators)
}

/// The scans of a plan in execution order (left to right).
func scanOrder(_ op: any PhysicalOperator) -> [String] {
    if let scan = op as? TripleScan { return [scan.explainDetails] }
    if let bind = op as? BindJoin { return scanOrder(bind.left) + ["probe " + bind.probeDescription] }
    return op.children.flatMap(scanOrder)
}

@Suite(.serialized) struct PlannerTests {
    /// Estimates are "within a factor" of actual rows when both are small or the ratio is at most this.
    static let estimateFactor = 4.0

    func expectEstimatesWithinFactor(_ prepared: PreparedQuery, _ label: String) {
        for op in planOperators(prepared.root) where !op.stats.estimatedRows.isNaN {
            let e = max(op.stats.estimatedRows, 1), a = max(Double(op.stats.actualRows), 1)
            // Operators cut short by a LIMIT above them are not comparable; this suite has none.
            #expect(max(e, a) / min(e, a) <= Self.estimateFactor || max(e, a) < 50,
                    "\(label): \(op.explainName) \(op.explainDetails) estimated \(op.stats.estimatedRows), actual \(op.stats.actualRows)")
        }
    }

    @Test func selectiveStarStartsFromTheRarestValueAndAvoidsHashJoins() throws {
        let (prepared, rows) = try PlannerFixture.run("""
            SELECT ?poi ?name WHERE { ?poi a :POI ; :category "hospital" ; :name ?name . }
            """)
        #expect(rows > 0 && rows < 200)
        let order = scanOrder(prepared.root)
        #expect(order.first?.contains("\"hospital\"") == true, "plan: \(prepared.explain())")
        let names = planOperators(prepared.root).map(\.explainName)
        #expect(!names.contains("HashJoin"), "a star on one subject needs no hash table: \(prepared.explain())")
        #expect(names.contains("MergeJoin") || names.contains("BindJoin"))
        expectEstimatesWithinFactor(prepared, "star")
    }

    @Test func unselectiveStarUsesMergeJoinsOnSubjectOrder() throws {
        let (prepared, rows) = try PlannerFixture.run("""
            SELECT ?poi ?c ?name WHERE { ?poi :category ?c ; :name ?name ; :hasGeometry ?g . }
            """)
        #expect(rows == 6000)
        let joins = planOperators(prepared.root).map(\.explainName).filter { $0.hasSuffix("Join") }
        #expect(joins == ["MergeJoin", "MergeJoin"], "three full scans sorted by subject: \(prepared.explain())")
        expectEstimatesWithinFactor(prepared, "unselective star")
    }

    @Test func chainFollowsTheLinksFromTheSelectiveEnd() throws {
        let (prepared, rows) = try PlannerFixture.run("""
            SELECT ?poi ?value WHERE { ?poi :category "museum" . ?poi :hasTag ?tag . ?tag :tagValue ?value . }
            """)
        #expect(rows > 0)
        let order = scanOrder(prepared.root)
        #expect(order.first?.contains("\"museum\"") == true, "plan: \(prepared.explain())")
        // The hops are index lookups from the few museums, not scans of all tags.
        let binds = planOperators(prepared.root).filter { $0 is BindJoin }.count
        #expect(binds == 2, "plan: \(prepared.explain())")
        expectEstimatesWithinFactor(prepared, "chain")
    }

    @Test func snowflakeJoinsEachStarWhereItIsCheapest() throws {
        let (prepared, rows) = try PlannerFixture.run("""
            SELECT ?poi ?key ?value ?wkt WHERE {
              ?poi a :POI ; :category "hospital" ; :hasTag ?tag ; :hasGeometry ?g .
              ?tag :tagKey ?key ; :tagValue ?value .
              ?g :asWKT ?wkt .
            }
            """)
        #expect(rows > 0)
        let order = scanOrder(prepared.root)
        #expect(order.first?.contains("\"hospital\"") == true, "plan: \(prepared.explain())")
        let names = planOperators(prepared.root).map(\.explainName)
        #expect(!names.contains("HashJoin") && !names.contains("NestedLoopJoin") && !names.contains("CrossProduct"),
                "every arm is reached by lookups from the selective centre: \(prepared.explain())")
        expectEstimatesWithinFactor(prepared, "snowflake")
    }

    @Test func disconnectedPatternsBecomeACrossProductLast() throws {
        let (prepared, rows) = try PlannerFixture.run("""
            SELECT ?a ?b WHERE { ?a :category "hospital" . ?b :landUse "water" . }
            """)
        let (_, hospitals) = try PlannerFixture.run("SELECT ?a WHERE { ?a :category \"hospital\" }")
        let (_, water) = try PlannerFixture.run("SELECT ?b WHERE { ?b :landUse \"water\" }")
        #expect(rows == hospitals * water)
        #expect(planOperators(prepared.root).contains { $0.explainName == "CrossProduct" })
    }

    @Test func largeBGPsArePlannedGreedily() throws {
        // 14 patterns: beyond the exhaustive limit, the greedy order must still be sound.
        var patterns: [String] = []
        for i in 0..<14 { patterns.append("?poi :name ?n\(i) .") }
        let (prepared, rows) = try PlannerFixture.run("SELECT ?poi WHERE { ?poi :category \"hospital\" . \(patterns.joined(separator: " ")) }")
        let (_, expected) = try PlannerFixture.run("SELECT ?poi WHERE { ?poi :category \"hospital\" . }")
        #expect(rows == expected)
        #expect(scanOrder(prepared.root).first?.contains("\"hospital\"") == true)
    }
}
