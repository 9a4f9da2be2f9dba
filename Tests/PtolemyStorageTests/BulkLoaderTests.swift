import Testing
import Foundation
import PtolemyRDF
import PtolemyGeo
@testable import PtolemyStorage

@Suite struct BulkLoaderTests {
    static func sampleQuads(count: Int, graphEvery: Int = 0, prefix: String = "http://example.org/") -> [Quad] {
        var quads: [Quad] = []
        for i in 0..<count {
            let s = Term.iri("\(prefix)s\(i % (count / 3 + 1))")
            let g: Term? = graphEvery > 0 && i % graphEvery == 0 ? .iri("\(prefix)graph\(i % 3)") : nil
            switch i % 6 {
            case 0: quads.append(Quad(s, .iri(RDFVocabulary.type), .iri("\(prefix)Class\(i % 4)"), graph: g))
            case 1: quads.append(Quad(s, .iri("\(prefix)name"), .string("name number \(i)"), graph: g))
            case 2: quads.append(Quad(s, .iri("\(prefix)age"), .typed(String(i % 90), XSD.integer), graph: g))
            case 3: quads.append(Quad(s, .iri("\(prefix)knows"), .iri("\(prefix)s\((i * 7) % (count / 3 + 1))"), graph: g))
            case 4: quads.append(Quad(s, .iri("\(prefix)label"), .langString("étiquette \(i)", i % 2 == 0 ? "fr" : "en"), graph: g))
            default: quads.append(Quad(.blank("b\(i % 50)"), .iri("\(prefix)code"), .typed("0\(i)", XSD.integer), graph: g))
            }
        }
        return quads
    }

    static func export(_ store: Store) throws -> [Quad] {
        let snapshot = store.snapshot
        var quads: [Quad] = []
        try snapshot.forEachQuad { s, p, o, g in
            quads.append(Quad(try snapshot.term(for: s), try snapshot.term(for: p), try snapshot.term(for: o),
                              graph: g.isNone ? nil : try snapshot.term(for: g)))
        }
        return quads
    }

    /// Ground quads compare exactly; blank nodes by count (labels are renamed by the store).
    static func expectSameDataset(_ actual: [Quad], _ expected: [Quad]) {
        let ground = { (q: Quad) in !q.subject.isBlank && !q.object.isBlank && !(q.graph?.isBlank ?? false) }
        #expect(Set(actual.filter(ground)) == Set(expected.filter(ground)))
        #expect(Set(actual.filter { !ground($0) }).count == Set(expected.filter { !ground($0) }).count)
    }

    @Test func loadThenExportGivesTheInputBack() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let quads = Self.sampleQuads(count: 30_000, graphEvery: 5)
        let store = try Store(directory: dir.path, create: true)
        var options = BulkLoader.Options()
        options.batchQuads = 7_000 // several batches: exercises the external merge
        let report = try BulkLoader(store: store, options: options).load([.quads(quads)])
        #expect(report.statementsRead == 30_000)
        #expect(report.quadsAfter == UInt64(Set(quads).count))
        Self.expectSameDataset(try Self.export(store), quads)
        // rdf:type is split by class.
        let snapshot = store.snapshot
        let type = try #require(snapshot.rdfType)
        #expect(snapshot.keysByPredicate[type]?.count == 2) // i % 6 == 0 gives classes 0 and 2
        #expect(snapshot.graphs.count == 3)
    }

    @Test func reopenedStoreHoldsTheSameData() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let quads = Self.sampleQuads(count: 5_000)
        do {
            let store = try Store(directory: dir.path, create: true)
            _ = try BulkLoader(store: store).load([.quads(quads)])
        }
        let reopened = try Store(directory: dir.path, mode: .readOnly)
        Self.expectSameDataset(try Self.export(reopened), quads)
        try reopened.snapshot.verify()
    }

    @Test func loadingIntoANonEmptyStoreAdds() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let first = Self.sampleQuads(count: 6_000)
        let second = Self.sampleQuads(count: 6_000, prefix: "http://example.org/two/") + Array(first.prefix(100))
        let store = try Store(directory: dir.path, create: true)
        _ = try BulkLoader(store: store).load([.quads(first)])
        let report = try BulkLoader(store: store).load([.quads(second)])
        // The 100 repeated ground quads collapse; blank nodes of a new load are new nodes.
        let repeatedBlank = first.prefix(100).filter { $0.subject.isBlank }.count
        #expect(report.quadsAfter == UInt64(Set(first).count + Set(second).count - 100 + repeatedBlank))
        let exported = try Self.export(store)
        let ground = Set(exported.filter { !$0.subject.isBlank })
        #expect(ground.isSuperset(of: first.filter { !$0.subject.isBlank }))
        #expect(ground.isSuperset(of: second.filter { !$0.subject.isBlank }))
        // Terms loaded twice keep one ID.
        let snapshot = store.snapshot
        #expect(try snapshot.id(for: .iri("http://example.org/s1")) != nil)
    }

    @Test func aFailingLoadLeavesTheStoreExactlyAsItWas() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true)
        _ = try BulkLoader(store: store).load([.quads(Self.sampleQuads(count: 3_000))])
        let before = try String(contentsOfFile: dir.file(Manifest.fileName), encoding: .utf8)
        let filesBefore = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        struct BadStatement: Error {}
        let failing = LoadSource(name: "bad.nt", size: nil) { emit in
            for q in Self.sampleQuads(count: 50_000, prefix: "http://example.org/new/") { try emit(q) }
            throw BadStatement()
        }
        var options = BulkLoader.Options()
        options.batchQuads = 10_000
        #expect(throws: BadStatement.self) { try BulkLoader(store: store, options: options).load([failing]) }
        #expect(try String(contentsOfFile: dir.file(Manifest.fileName), encoding: .utf8) == before)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == filesBefore)
        #expect(try store.snapshot.id(for: .iri("http://example.org/new/s1")) == nil)
        let reopened = store.snapshot
        #expect(reopened.quadCount == UInt64(Set(Self.sampleQuads(count: 3_000)).count))
    }

    @Test func corruptManifestIsRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        do {
            let store = try Store(directory: dir.path, create: true)
            _ = try BulkLoader(store: store).load([.quads(Self.sampleQuads(count: 100))])
        }
        var text = try String(contentsOfFile: dir.file(Manifest.fileName), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"generation\" : 1", with: "\"generation\" : 2")
        try text.write(toFile: dir.file(Manifest.fileName), atomically: true, encoding: .utf8)
        #expect { _ = try Store(directory: dir.path) } throws: { "\($0)".contains("MANIFEST") && "\($0)".contains("checksum") }
    }

    @Test func missingPartitionFileIsRefusedByName() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        do {
            let store = try Store(directory: dir.path, create: true)
            _ = try BulkLoader(store: store).load([.quads(Self.sampleQuads(count: 100))])
        }
        let part = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".part") })
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.file(part)))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: dir.file(part)))
        #expect { _ = try Store(directory: dir.path) } throws: { "\($0)".contains(part) }
    }

    @Test func leftoversOfACrashedLoadAreRemovedOnOpen() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        do { _ = try Store(directory: dir.path, create: true) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.file(Manifest.partitionName(99))))
        try FileManager.default.createDirectory(atPath: dir.file("load-3-1234"), withIntermediateDirectories: true)
        _ = try Store(directory: dir.path)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(!names.contains(Manifest.partitionName(99)))
        #expect(!names.contains("load-3-1234"))
    }

    @Test func secondWriterIsLockedOut() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true)
        #expect(throws: StorageError.self) { _ = try Store(directory: dir.path) }
        _ = store
    }
}

@Suite struct GeometryIndexTests {
    let wkt = GeoVocabulary.wktLiteral

    @Test func geometryLiteralsAreParsedOnceAndIndexed() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var quads: [Quad] = []
        for i in 0..<2000 {
            let x = Double(i % 50), y = Double(i / 50)
            quads.append(Quad(.iri("http://ex/g\(i)"), .iri(GeoVocabulary.asWKT), .typed("POINT(\(x) \(y))", wkt)))
        }
        quads.append(Quad(.iri("http://ex/bad"), .iri(GeoVocabulary.asWKT), .typed("POLYGON((0 0, 1 1", wkt)))
        quads.append(Quad(.iri("http://ex/utm"), .iri(GeoVocabulary.asWKT),
                          .typed("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT(500000 4649776)", wkt)))
        var store: Store? = try Store(directory: dir.path, create: true)
        let report = try BulkLoader(store: store!).load([.quads(quads)])
        #expect(report.geometriesIndexed == 2001)
        #expect(report.invalidGeometries == 1)
        #expect(report.geometryErrors.first?.contains("POLYGON((0 0, 1 1") == true)
        let snapshot = store!.snapshot
        let segment = try #require(snapshot.geometrySegments.first)
        #expect(segment.invalid.count == 1)
        // The window [10, 12] x [3, 4] holds 3 x 2 points.
        let hits = segment.quadTree.ids(intersecting: BoundingBox(minX: 10, minY: 3, maxX: 12, maxY: 4))
        #expect(hits.count == 6)
        let id = try #require(try snapshot.id(for: .typed("POINT(11.0 3.0)", wkt)))
        #expect(hits.contains(id.rawValue))
        let stored = try #require(try snapshot.storedGeometry(id))
        #expect(stored.boundingBox == BoundingBox(minX: 11, minY: 3, maxX: 11, maxY: 3))
        // The UTM point (zone 33N, near 15°E 42°N) is indexed by its CRS84 extent.
        let utm = try #require(try snapshot.id(for: .typed("<http://www.opengis.net/def/crs/EPSG/0/32633> POINT(500000 4649776)", wkt)))
        let near = segment.quadTree.ids(intersecting: BoundingBox(minX: 14.9, minY: 41.9, maxX: 15.1, maxY: 42.1))
        #expect(near.contains(utm.rawValue))
        // Reopened, the index is read back from its file.
        store = nil
        let reopened = try Store(directory: dir.path, mode: .readOnly, create: false)
        #expect(reopened.snapshot.geometrySegments.first?.quadTree.count == 2001)
    }

    @Test func geometryLiteralsOfUpdatesAreIndexedAtCompaction() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true)
        try store.write { tx in
            try tx.insert(Quad(.iri("http://ex/a"), .iri(GeoVocabulary.asWKT), .typed("POINT(1 2)", wkt)))
        }
        try store.compact()
        let snapshot = store.snapshot
        let id = try #require(try snapshot.id(for: .typed("POINT(1 2)", wkt)))
        #expect(try snapshot.storedGeometry(id) != nil)
    }
}
