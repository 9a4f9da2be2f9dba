import Testing
import Foundation
import PtolemyRDF
@testable import PtolemyStorage

@Suite struct WriteTransactionTests {
    let ex = "http://example.org/"

    func quad(_ s: String, _ p: String, _ o: Term, graph: String? = nil) -> Quad {
        Quad(.iri(ex + s), .iri(ex + p), o, graph: graph.map { .iri(ex + $0) })
    }

    @Test func committedWritesSurviveReopening() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        do {
            let store = try Store(directory: dir.path, create: true)
            try store.write { tx in
                try tx.insert(quad("a", "name", .string("Alice")))
                try tx.insert(quad("a", "age", .typed("42", XSD.integer)))
                try tx.insert(quad("a", "knows", .iri(ex + "b"), graph: "g1"))
            }
            try store.write { tx in
                #expect(try tx.delete(quad("a", "age", .typed("42", XSD.integer))))
                try tx.insert(Quad(.iri(ex + "a"), .iri(RDFVocabulary.type), .iri(ex + "Person")))
            }
        }
        let store = try Store(directory: dir.path)
        let quads = Set(try BulkLoaderTests.export(store))
        #expect(quads == [quad("a", "name", .string("Alice")), quad("a", "knows", .iri(ex + "b"), graph: "g1"),
                          Quad(.iri(ex + "a"), .iri(RDFVocabulary.type), .iri(ex + "Person"))])
        #expect(store.snapshot.graphs.count == 1)
    }

    @Test func aReaderKeepsItsSnapshotWhileAWriteCommits() throws {
        let store = Store.inMemory()
        try store.write { tx in try tx.insert(quad("a", "p", .string("1"))) }
        let before = store.snapshot
        try store.write { tx in
            try tx.insert(quad("b", "p", .string("2")))
            try tx.delete(quad("a", "p", .string("1")))
            // The transaction sees its own changes.
            #expect(tx.snapshot.quadCount == 1)
        }
        #expect(before.quadCount == 1)
        #expect(try before.id(for: .iri(ex + "b")) == nil)
        #expect(store.snapshot.quadCount == 1)
        #expect(try store.snapshot.id(for: .iri(ex + "b")) != nil)
    }

    @Test func aFailingWriteChangesNothing() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true)
        try store.write { tx in try tx.insert(quad("a", "p", .string("keep"))) }
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try store.write { tx in
                try tx.insert(quad("x", "p", .string("lost")))
                throw Failure()
            }
        }
        #expect(store.snapshot.quadCount == 1)
        #expect(try store.snapshot.id(for: .iri(ex + "x")) == nil)
        let walBefore = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".wal") }
        _ = walBefore
        // Nothing of the failed write reaches the log either.
        let reopened = { () throws -> Store in
            try store.compact() // also proves the failed write is absent from what gets folded
            return store
        }
        #expect(try reopened().snapshot.quadCount == 1)
    }

    @Test func aTornLogTailIsCutOff() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        do {
            let store = try Store(directory: dir.path, create: true)
            try store.write { tx in try tx.insert(quad("a", "p", .string("one"))) }
            try store.write { tx in try tx.insert(quad("b", "p", .string("two"))) }
        }
        let wal = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".wal") })
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.file(wal)))
        try data.prefix(data.count - 3).write(to: URL(fileURLWithPath: dir.file(wal)))
        do {
            let store = try Store(directory: dir.path)
            #expect(store.snapshot.quadCount == 1)
            try store.write { tx in try tx.insert(quad("c", "p", .string("three"))) }
        }
        let store = try Store(directory: dir.path)
        #expect(Set(try BulkLoaderTests.export(store)) == [quad("a", "p", .string("one")), quad("c", "p", .string("three"))])
    }

    @Test func compactionFoldsTheDeltaIntoFiles() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let base = BulkLoaderTests.sampleQuads(count: 3_000)
        do {
            let store = try Store(directory: dir.path, create: true)
            _ = try BulkLoader(store: store).load([.quads(base)])
            try store.write { tx in
                for q in base.prefix(500) where !q.subject.isBlank { try tx.delete(q) }
                for i in 0..<300 { try tx.insert(quad("new\(i)", "p", .typed("v\(i)", ex + "dt"))) }
                try tx.insert(quad("new0", "q", .string("in a graph"), graph: "gx"))
            }
            let expected = Set(try BulkLoaderTests.export(store))
            try store.compact()
            #expect(store.snapshot.delta.isEmpty)
            #expect(Set(try BulkLoaderTests.export(store)) == expected)
            // A load after updates keeps them too.
            try store.write { tx in try tx.insert(quad("late", "p", .string("x"))) }
            _ = try BulkLoader(store: store).load([.quads([quad("loaded", "p", .string("y"))])])
            #expect(Set(try BulkLoaderTests.export(store)) == expected.union([quad("late", "p", .string("x")), quad("loaded", "p", .string("y"))]))
        }
        let reopened = try Store(directory: dir.path)
        #expect(reopened.snapshot.quadCount == UInt64(Set(try BulkLoaderTests.export(reopened)).count))
        try reopened.snapshot.verify()
    }

    @Test func automaticCompactionKicksInAtTheThreshold() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true, compactionThreshold: 100)
        try store.write { tx in for i in 0..<150 { try tx.insert(quad("s\(i)", "p", .string("o\(i)"))) } }
        #expect(store.snapshot.delta.isEmpty)
        #expect(store.snapshot.segments.count == 1)
        #expect(store.snapshot.quadCount == 150)
    }

    @Test func deletingEveryRowRemovesThePartition() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true)
        _ = try BulkLoader(store: store).load([.quads([quad("a", "p", .string("x")), quad("a", "q", .string("y"))])])
        try store.write { tx in try tx.delete(quad("a", "p", .string("x"))) }
        #expect(store.snapshot.partitionKeys.count == 1)
        try store.compact()
        #expect(store.snapshot.segments.count == 1)
        #expect(store.snapshot.quadCount == 1)
    }

    @Test func blankNodesAreScopedToTheirRequest() throws {
        let store = Store.inMemory()
        try store.write { tx in
            try tx.insert(Quad(.blank("x"), .iri(ex + "p"), .string("1")))
            try tx.insert(Quad(.blank("x"), .iri(ex + "q"), .string("2")))
        }
        try store.write { tx in try tx.insert(Quad(.blank("x"), .iri(ex + "p"), .string("1"))) }
        let quads = try BulkLoaderTests.export(store)
        #expect(quads.count == 3)
        #expect(Set(quads.map(\.subject)).count == 2)
    }

    @Test func scansMergeFilesWithTheDelta() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let store = try Store(directory: dir.path, create: true)
        let loaded = (0..<20_000).map { quad("s\(String(format: "%05d", $0))", "p", .typed(String($0), XSD.integer)) }
        _ = try BulkLoader(store: store).load([.quads(loaded)])
        try store.write { tx in
            try tx.delete(loaded[10])
            try tx.insert(quad("s00010x", "p", .typed("5", XSD.integer)))
        }
        let snapshot = store.snapshot
        let p = try #require(try snapshot.id(for: .iri(ex + "p")))
        let key = PartitionKey(predicate: p)
        // Object order restricted to objects 0...20: 21 loaded, one deleted, one added with object 5.
        let lo = try #require(InlineTerms.integer(0)).rawValue, hi = try #require(InlineTerms.integer(20)).rawValue
        var scanner = snapshot.scan(key, .objectSubject, a: lo...hi)
        var objects: [Int64] = []
        while let chunk = try scanner.next() { objects.append(contentsOf: chunk.a.map { InlineTerms.integerValue(TermID(rawValue: $0)) }) }
        #expect(objects.count == 21)
        #expect(objects == objects.sorted())
        #expect(objects.filter { $0 == 5 }.count == 2)
        #expect(!objects.contains(10))
    }
}
