import PtolemyRDF
import PtolemyGeo
import PtolemyStorage
import PtolemySPARQL

/// The geometry literals of the features of one class, with their own quad-tree:
/// `?f rdf:type C . ?f geo:hasGeometry ?g . ?g geo:asWKT ?wkt`, resolved once per snapshot.
///
/// The store's quad-trees hold every geometry literal; a window over parcels also returns
/// the points and roads inside it, which the joins must then discard. Most spatial
/// queries name the feature class, so the planner narrows the candidates to that class's
/// literals first (PostGIS gets the same effect from one table, and one index, per type).
/// Built from the snapshot (files and delta) on first use and cached with it, so it is
/// exact for every query on that snapshot.
final class ClassSpatialIndex: Sendable {
    let tree: QuadTree
    /// Literals of the class whose extent the trees cannot place (always candidates).
    let unplaced: [UInt64]
    let count: Int
    /// The chain's rows (literal, geometry, feature), sorted by literal: the index also
    /// answers the two joins from literal back to feature, like a table of features with
    /// a geometry column.
    let literals: [UInt64]
    let geometries: [UInt64]
    let features: [UInt64]

    init(tree: QuadTree, unplaced: [UInt64], count: Int, literals: [UInt64], geometries: [UInt64], features: [UInt64]) {
        self.tree = tree
        self.unplaced = unplaced
        self.count = count
        self.literals = literals
        self.geometries = geometries
        self.features = features
    }

    /// The rows of one literal; `from` is where to start looking (the end of the previous
    /// literal's rows when literals are visited in ascending order: a gallop forward
    /// from there touches a few nearby entries instead of the whole column).
    func rows(of literal: UInt64, from start: Int = 0) -> Range<Int> {
        var lo = start, hi = literals.count
        if lo >= hi || literals[lo] >= literal {
            lo = 0
            hi = min(start + 1, literals.count)
        } else {
            var step = 1
            while lo + step < hi && literals[lo + step] < literal {
                lo += step
                step *= 2
            }
            hi = min(lo + step + 1, hi)
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if literals[mid] < literal { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < literals.count && literals[end] == literal { end += 1 }
        return lo..<end
    }

    /// What the index covers: the class, and the two links from feature to literal.
    struct Scope: Hashable {
        var typeClass: TermID
        var geometryPredicate: TermID
        var serializationPredicate: TermID

        var cacheKey: String { "class-spatial:\(typeClass.rawValue):\(geometryPredicate.rawValue):\(serializationPredicate.rawValue)" }
    }

    /// A chain matched in a pattern: the scope and the variables of feature and geometry,
    /// with the indices of its three patterns among the planner's inputs.
    struct Chain {
        var scope: Scope
        var feature: Variable
        var geometry: Variable
        var patternIndices: [Int]

        /// Whether its three patterns are plain links the class index can stand for
        /// (no constant subject or object, no repeated variable).
        func isPlain(in inputs: [any JoinInput]) -> Bool {
            patternIndices.allSatisfy { (inputs[$0] as? PatternScan)?.isPlainChainLink == true }
        }
    }

    /// The index for `scope` on `snapshot`, built on first use.
    static func index(_ scope: Scope, snapshot: StoreSnapshot, refiner: SpatialRefiner) throws -> ClassSpatialIndex {
        try snapshot.derived.value(scope.cacheKey) { try build(scope, snapshot: snapshot, refiner: refiner) }
    }

    private static func build(_ scope: Scope, snapshot: StoreSnapshot, refiner: SpatialRefiner) throws -> ClassSpatialIndex {
        guard let rdfType = snapshot.rdfType else {
            return ClassSpatialIndex(tree: QuadTree(bulk: []), unplaced: [], count: 0, literals: [], geometries: [], features: [])
        }
        // Features of the class (default graph), then their geometries, then the literals.
        var features: [UInt64] = []
        var scanner = snapshot.scan(PartitionKey(predicate: rdfType, typeClass: scope.typeClass), .subjectObject)
        while let chunk = try scanner.next() { for r in 0..<chunk.count where chunk.g[r] == 0 { features.append(chunk.a[r]) } }
        var links: [(geometry: UInt64, feature: UInt64)] = []
        var geometryLookup = try snapshot.lookup(PartitionKey(predicate: scope.geometryPredicate), .subjectObject)
        for f in features { try geometryLookup.forEachRow(a: f) { g, graph in if graph == 0 { links.append((g, f)) } } }
        links.sort { $0.geometry < $1.geometry }
        var chain: [(literal: UInt64, geometry: UInt64, feature: UInt64)] = []
        var literalLookup = try snapshot.lookup(PartitionKey(predicate: scope.serializationPredicate), .subjectObject)
        for (g, f) in links {
            try literalLookup.forEachRow(a: g) { l, graph in if graph == 0 { chain.append((l, g, f)) } }
        }
        chain.sort { ($0.literal, $0.geometry, $0.feature) < ($1.literal, $1.geometry, $1.feature) }
        var unique: [UInt64] = []
        unique.reserveCapacity(chain.count)
        for row in chain where unique.last != row.literal { unique.append(row.literal) }
        let stored = try snapshot.storedGeometries(unique.map(TermID.init(rawValue:)))
        var entries: [QuadTree.Entry] = []
        var unplaced: [UInt64] = []
        for (k, id) in unique.enumerated() {
            if let g = stored[k], g.crsIRI == CRS.crs84IRI {
                if !g.boundingBox.isEmpty { entries.append(QuadTree.Entry(id: id, box: g.boundingBox)) }
            } else if let box = try refiner.extent(TermID(rawValue: id)) {
                entries.append(QuadTree.Entry(id: id, box: box))
            } else if stored[k] == nil {
                // Not parsed at load (added by an update, or not a geometry): leave it to the exact test.
                unplaced.append(id)
            }
        }
        return ClassSpatialIndex(tree: QuadTree(bulk: entries), unplaced: unplaced, count: unique.count,
                                 literals: chain.map(\.literal), geometries: chain.map(\.geometry), features: chain.map(\.feature))
    }
}

/// The rows of a class index as a join input: `?f a C . ?f geo:hasGeometry ?g .
/// ?g geo:asWKT ?w` read in one pass, sorted by literal, in place of three scans and two
/// joins (the sides of a spatial join: every state, every point).
final class ClassChainScan: JoinInput {
    let chain: ClassSpatialIndex.Chain
    let literal: Variable
    let index: ClassSpatialIndex
    let distinctLiterals: Double

    init(chain: ClassSpatialIndex.Chain, literal: Variable, context: QueryContext) throws {
        self.chain = chain
        self.literal = literal
        index = try ClassSpatialIndex.index(chain.scope, snapshot: context.snapshot, refiner: SpatialRefiner(context: context))
        distinctLiterals = Double(index.count)
    }

    var variables: Set<Variable> { [literal, chain.geometry, chain.feature] }
    var label: String { "class index rows" }
    var rows: Double { Double(index.literals.count) }
    func estimatedRows(bound: Set<Variable>) -> Double {
        if bound.isDisjoint(with: variables) { return rows }
        return bound.contains(literal) ? rows / max(distinctLiterals, 1) : 1
    }
    func distinctValues(_ v: Variable) -> Double { v == literal ? distinctLiterals : rows }
    var leafOrders: [SortOrder] { [.subjectObject] }
    func sortedVariable(order: SortOrder) -> Variable? { literal }
    func canProbe(with v: Variable) -> Bool { false }
    func probeOrder(for v: Variable) -> SortOrder { .subjectObject }
    func probeCost(for v: Variable) -> Double { .infinity }
    func makeScan(context: QueryContext, order: SortOrder, estimatedRows: Double) -> (op: any PhysicalOperator, variables: [Variable]) {
        let index = self.index
        let op = ComputedScan(width: 3, summary: "the rows of the class index", estimatedRows: estimatedRows) {
            Batch(columns: [index.literals, index.geometries, index.features])
        }
        return (op, [literal, chain.geometry, chain.feature])
    }
    func probeVariables(binding v: Variable) -> [Variable] { [] }
    func makeProbe(context: QueryContext, binding v: Variable) -> Probe { { _, _ in } }
}
