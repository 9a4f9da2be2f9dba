import Foundation
import Synchronization
import Testing
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
@testable import PtolemyEngine

/// Endpoints answered in process by the real engine over other in-memory stores. Not HTTP
/// (Tests/federation drives real endpoints over loopback): what is under test here is how
/// the SERVICE operators batch, send and join, so every request's text is kept.
final class InProcessEndpoints: ServiceHandler, @unchecked Sendable {
    let stores: [String: Store]
    let limits: ServiceLimits
    /// Texts longer than this are refused as HTTP 413 would be.
    let maxAccepted: Int
    private let log = Mutex<[(endpoint: String, query: String)]>([])

    init(_ stores: [String: Store], limits: ServiceLimits = ServiceLimits(), maxAccepted: Int = .max) {
        self.stores = stores
        self.limits = limits
        self.maxAccepted = maxAccepted
    }

    var requests: [(endpoint: String, query: String)] { log.withLock { $0 } }

    func authorize(endpoint: String) throws {
        guard stores[endpoint] != nil || endpoint.hasPrefix("http://down.example/") else {
            throw QueryEvaluationError.service(endpoint: endpoint, message: "refused: not on the allowlist")
        }
    }

    func limits(for endpoint: String) -> ServiceLimits { limits }

    func start(_ request: ServiceRequest, control: QueryControl) throws -> any ServiceResponse {
        log.withLock { $0.append((request.endpoint, request.query)) }
        guard let store = stores[request.endpoint] else {
            return Answer(error: QueryEvaluationError.service(endpoint: request.endpoint, message: "connection refused"))
        }
        if request.query.utf8.count > maxAccepted {
            return Answer(error: ServiceRequestTooLong(endpoint: request.endpoint, bytes: request.query.utf8.count))
        }
        let query = try Query(parsing: request.query)
        let prepared = try QueryEngine().prepare(query, snapshot: store.snapshot)
        var rows: [[Term?]] = []
        try prepared.forEachSolution { rows.append($0); return true }
        return Answer(names: prepared.variables.map(\.name), rows: rows)
    }

    final class Answer: ServiceResponse {
        let names: [String]
        var rows: [[Term?]]
        let error: (any Error)?

        init(names: [String] = [], rows: [[Term?]] = [], error: (any Error)? = nil) {
            self.names = names
            self.rows = rows
            self.error = error
        }

        func variables() throws -> [String] {
            if let error { throw error }
            return names
        }

        func next() throws -> [Term?]? { rows.isEmpty ? nil : rows.removeFirst() }
        func cancel() {}
        var bytesReceived: Int { 0 }
    }
}

@Suite struct ServiceJoinTests {
    static let ex = "http://example.org/"
    static let remote = "http://remote.example/sparql"

    /// Points with codes here; the code list (and sizes) at the remote endpoint.
    static func stores() throws -> (local: Store, remote: Store, union: Store) {
        var local: [Quad] = [], remote: [Quad] = []
        for i in 0..<1000 {
            local.append(Quad(.iri(ex + "p\(i)"), .iri(ex + "code"), .iri(ex + "c\(i % 50)")))
            local.append(Quad(.iri(ex + "p\(i)"), .iri(ex + "size"), .typed(String(i), XSD.integer)))
        }
        for c in 0..<40 {
            remote.append(Quad(.iri(ex + "c\(c)"), .iri(ex + "label"), .string("class \(c)")))
            remote.append(Quad(.iri(ex + "c\(c)"), .iri(ex + "min"), .typed(String(c * 10), XSD.integer)))
        }
        func store(_ quads: [Quad]) throws -> Store {
            let s = Store.inMemory()
            _ = try BulkLoader(store: s).load([.quads(quads)])
            return s
        }
        return (try store(local), try store(remote), try store(local + remote))
    }

    static func solutions(_ text: String, _ store: Store, _ handler: (any ServiceHandler)? = nil) throws -> [String] {
        let prepared = try QueryEngine(services: handler).prepare(try Query(parsing: text), snapshot: store.snapshot)
        var out: [String] = []
        try prepared.forEachSolution { row in
            out.append(row.map { $0.map { "\($0)" } ?? "UNDEF" }.joined(separator: " "))
            return true
        }
        return out.sorted()
    }

    /// The query with SERVICE, and the same over one store holding the union of the data.
    static func compare(_ serviceForm: String, _ plainForm: String, limits: ServiceLimits = ServiceLimits())
        throws -> (remote: [String], union: [String], handler: InProcessEndpoints) {
        let (local, remote, union) = try stores()
        let handler = InProcessEndpoints([Self.remote: remote], limits: limits)
        let p = "PREFIX : <\(ex)>\n"
        return (try solutions(p + serviceForm, local, handler), try solutions(p + plainForm, union), handler)
    }

    @Test func bindJoinSendsEachDistinctBindingOnceInBatches() throws {
        let r = try Self.compare("SELECT ?p ?l { ?p :code ?c SERVICE <\(Self.remote)> { ?c :label ?l } }",
                                 "SELECT ?p ?l { ?p :code ?c . ?c :label ?l }",
                                 limits: ServiceLimits(bindingsPerRequest: 15))
        #expect(r.remote == r.union)
        #expect(r.remote.count == 800)
        // 1000 rows, 50 distinct codes, 15 a request: 4 requests, not 1000.
        #expect(r.handler.requests.count == 4)
        #expect(r.handler.requests.allSatisfy { $0.query.contains("VALUES") && $0.query.contains("?ptolemyBinding") })
    }

    @Test func optionalServiceKeepsUnmatchedRows() throws {
        let r = try Self.compare("SELECT ?p ?l { ?p :code ?c OPTIONAL { SERVICE <\(Self.remote)> { ?c :label ?l } } }",
                                 "SELECT ?p ?l { ?p :code ?c OPTIONAL { ?c :label ?l } }")
        #expect(r.remote == r.union)
        #expect(r.remote.count == 1000)
    }

    @Test func notExistsRunsAsAnAntiJoinWithValuesUnderTheFilter() throws {
        // ?s reaches the remote FILTER only by substitution (EXISTS) or by VALUES placed under it.
        let r = try Self.compare(
            "SELECT ?p { ?p :size ?s FILTER(?s < 500) FILTER NOT EXISTS { SERVICE <\(Self.remote)> { ?c :min ?m FILTER(?m = ?s) } } }",
            "SELECT ?p { ?p :size ?s FILTER(?s < 500) FILTER NOT EXISTS { ?c :min ?m FILTER(?m = ?s) } }")
        #expect(r.remote == r.union)
        #expect(r.remote.count == 500 - 40)
        #expect(r.handler.requests.count < 10, "one request per window, not per row")
        #expect(r.handler.requests.allSatisfy { $0.query.contains("VALUES") })
    }

    @Test func existsAgreesWithTheUnionStore() throws {
        let r = try Self.compare("SELECT ?p { ?p :code ?c FILTER EXISTS { SERVICE <\(Self.remote)> { ?c :label ?l } } }",
                                 "SELECT ?p { ?p :code ?c FILTER EXISTS { ?c :label ?l } }")
        #expect(r.remote == r.union)
    }

    @Test func silentFailuresAndRefusalsGiveTheEmptySolution() throws {
        let (local, remote, _) = try Self.stores()
        let handler = InProcessEndpoints([Self.remote: remote])
        let p = "PREFIX : <\(Self.ex)>\n"
        for endpoint in ["http://down.example/sparql", "http://elsewhere.example/sparql"] {
            let rows = try Self.solutions(p + "SELECT ?p ?l { ?p :size 7 . SERVICE SILENT <\(endpoint)> { ?p :label ?l } }", local, handler)
            #expect(rows == ["<http://example.org/p7> UNDEF"])
            #expect(throws: QueryEvaluationError.self) {
                try Self.solutions(p + "SELECT ?p ?l { ?p :size 7 . SERVICE <\(endpoint)> { ?p :label ?l } }", local, handler)
            }
        }
    }

    @Test func requestsTheEndpointRefusesAsTooLongAreSplit() throws {
        let (local, remote, union) = try Self.stores()
        let handler = InProcessEndpoints([Self.remote: remote], limits: ServiceLimits(bindingsPerRequest: 50), maxAccepted: 1500)
        let p = "PREFIX : <\(Self.ex)>\n"
        let rows = try Self.solutions(p + "SELECT ?p ?l { ?p :code ?c SERVICE <\(Self.remote)> { ?c :label ?l } }", local, handler)
        #expect(rows == (try Self.solutions(p + "SELECT ?p ?l { ?p :code ?c . ?c :label ?l }", union)))
        let accepted = handler.requests.filter { $0.query.utf8.count <= 1500 }
        #expect(accepted.count >= 2 && handler.requests.count > accepted.count)
    }

    @Test func severalEndpointsHoldingOnePatternAreUnited() throws {
        let (local, remote, _) = try Self.stores()
        let other = "http://other.example/sparql"
        let handler = InProcessEndpoints([Self.remote: remote, other: remote])
        let p = "PREFIX : <\(Self.ex)>\n"
        let rows = try Self.solutions(p + """
            SELECT ?p ?l { ?p :size 3 ; :code ?c . { SERVICE <\(Self.remote)> { ?c :label ?l } } UNION { SERVICE <\(other)> { ?c :label ?l } } }
            """, local, handler)
        #expect(rows == ["<http://example.org/p3> \"class 3\"", "<http://example.org/p3> \"class 3\""])
        #expect(Set(handler.requests.map(\.endpoint)) == [Self.remote, other])
    }
}
