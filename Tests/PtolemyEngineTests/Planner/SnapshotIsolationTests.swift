import Testing
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
@testable import PtolemyEngine

@Suite struct SnapshotIsolationTests {
    @Test func aQueryStartedBeforeAWriteSeesNoneOfIt() throws {
        let store = Store.inMemory()
        try store.write { tx in for i in 0..<10_000 { try tx.insert(Quad(.iri("http://ex/s\(i)"), .iri("http://ex/p"), .typed(String(i), XSD.integer))) } }
        let query = try Query(parsing: "SELECT ?s WHERE { ?s <http://ex/p> ?o }")
        let prepared = try QueryEngine().prepare(query, snapshot: store.snapshot)
        var seen = 0
        var wrote = false
        try prepared.forEachSolution { _ in
            seen += 1
            if !wrote {
                wrote = true
                // A write that commits while the reader is half-way.
                try store.write { tx in
                    for i in 0..<10_000 { try tx.delete(Quad(.iri("http://ex/s\(i)"), .iri("http://ex/p"), .typed(String(i), XSD.integer))) }
                    try tx.insert(Quad(.iri("http://ex/new"), .iri("http://ex/p"), .string("x")))
                }
            }
            return true
        }
        #expect(seen == 10_000)
        let after = try QueryEngine().prepare(query, snapshot: store.snapshot)
        var now = 0
        try after.forEachSolution { _ in now += 1; return true }
        #expect(now == 1)
    }
}
