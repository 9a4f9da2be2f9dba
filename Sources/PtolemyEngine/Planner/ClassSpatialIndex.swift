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

    init(tree: QuadTree, unplaced: [UInt64], count: Int) {
        self.tree = tree
        self.unplaced = unplaced
        self.count = count
    }

    /// What the index covers: the class, and the two links from feature to literal.
    struct Scope: Hashable {
        var typeClass: TermID
        var geometryPredicate: TermID
        var serializationPredicate: TermID

        var cacheKey: String { "class-spatial:\(typeClass.rawValue):\(geometryPredicate.rawValue):\(serializationPredicate.rawValue)" }
    }

    /// The index for `scope` on `snapshot`, built on first use.
    static func index(_ scope: Scope, snapshot: StoreSnapshot, refiner: SpatialRefiner) throws -> ClassSpatialIndex {
        try snapshot.derived.value(scope.cacheKey) { try build(scope, snapshot: snapshot, refiner: refiner) }
    }

    private static func build(_ scope: Scope, snapshot: StoreSnapshot, refiner: SpatialRefiner) throws -> ClassSpatialIndex {
        guard let rdfType = snapshot.rdfType else { return ClassSpatialIndex(tree: QuadTree(bulk: []), unplaced: [], count: 0) }
        // Features of the class (default graph), then their geometries, then the literals.
        var features: [UInt64] = []
        var scanner = snapshot.scan(PartitionKey(predicate: rdfType, typeClass: scope.typeClass), .subjectObject)
        while let chunk = try scanner.next() { for r in 0..<chunk.count where chunk.g[r] == 0 { features.append(chunk.a[r]) } }
        var geometries: [UInt64] = []
        var geometryLookup = try snapshot.lookup(PartitionKey(predicate: scope.geometryPredicate), .subjectObject)
        for f in features { try geometryLookup.forEachRow(a: f) { g, graph in if graph == 0 { geometries.append(g) } } }
        geometries.sort()
        var literals: [UInt64] = []
        var literalLookup = try snapshot.lookup(PartitionKey(predicate: scope.serializationPredicate), .subjectObject)
        var previous: UInt64 = 0
        for g in geometries where g != previous {
            previous = g
            try literalLookup.forEachRow(a: g) { l, graph in if graph == 0 { literals.append(l) } }
        }
        literals.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(literals.count)
        for l in literals where unique.last != l { unique.append(l) }
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
        return ClassSpatialIndex(tree: QuadTree(bulk: entries), unplaced: unplaced, count: unique.count)
    }
}
