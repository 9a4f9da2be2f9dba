import Foundation
import Synchronization
import Testing
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import PtolemyStorage
@testable import PtolemyServer

/// Behaviour under load, against a live server on a free port: results stream, a client
/// that goes away frees its query, and readers see whole writes or none.
@Suite struct StreamingTests {
    static let token = LimitsAndSecurityTests.token

    @Test func largeResultsStreamInChunks() async throws {
        try await withServer(.live, extra: manyTriples(20_000)) { client, _ in
            let query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }"
            let response = try await client.execute(uri: "/sparql?query=\(formEncode(query))", method: .get)
            #expect(response.status == .ok)
            // Not buffered into one body with a length: sent as it was produced.
            #expect(response.headers[.contentLength] == nil)
            #expect(response.headers[.transferEncoding] == "chunked")
            #expect(try response.bindings().count == 20_000)
        }
    }

    @Test func aClientThatDisconnectsBeforeTheFirstByteFreesItsQuery() async throws {
        try await withServer(.live, extra: manyTriples(2000)) { client, server in
            let port = try #require(client.port)
            let before = Self.cancelledCount()
            let watcher = TestClient(host: "localhost", port: port)
            watcher.connect()
            try await watcher.executeAndDontWaitForResponse(.init("/sparql?query=\(formEncode(endlessCount))", method: .get))
            try await eventually("the query to start") { server.runningQueries == 1 }
            try await watcher.shutdown()
            try await eventually("the query to be cancelled") { server.runningQueries == 0 }
            #expect(Self.cancelledCount() > before)
            // The server goes on serving.
            let next = try await client.execute(uri: "/sparql?query=\(formEncode("ASK {}"))", method: .get)
            #expect(next.status == .ok)
        }
    }

    @Test func aClientThatDisconnectsMidStreamFreesItsQuery() async throws {
        try await withServer(.live, extra: manyTriples(2000)) { client, server in
            let port = try #require(client.port)
            let reader = TestClient(host: "localhost", port: port)
            reader.connect()
            // Four million rows: far more than the client will take before it leaves.
            try await reader.executeAndDontWaitForResponse(.init("/sparql?query=\(formEncode(endlessRows))", method: .get))
            try await eventually("the query to start") { server.runningQueries == 1 }
            try await Task.sleep(for: .milliseconds(200))
            try await reader.shutdown()
            try await eventually("the query to stop when its client left") { server.runningQueries == 0 }
        }
    }

    @Test func readersSeeWholeWritesWhileAWriterCommits() async throws {
        let batches = 20, batchSize = 500
        try await withServer(.live, configure: { $0.writeTokens = [Self.token] }) { client, _ in
            let port = try #require(client.port)
            let done = Flag()
            // One writer: each update adds one batch, atomically.
            let writer = Task {
                try await TestClient.withClient(host: "localhost", port: port) { c in
                    for b in 0..<batches {
                        let triples = (0..<batchSize).map { "<http://ex/b\(b)/\($0)> <http://ex/item> \($0) ." }.joined(separator: "\n")
                        let response = try await c.post("/sparql", headers: [.contentType: "application/sparql-update", .authorization: "Bearer \(Self.token)"],
                                                        body: ByteBuffer(string: "INSERT DATA { \(triples) }"))
                        guard response.status == .ok else { throw TestFailure("update \(b) failed: \(response.status)") }
                    }
                }
                done.set()
            }
            // Several readers, each on its own connection, counting and listing the items.
            let observed = try await withThrowingTaskGroup(of: [Int].self) { group in
                for reader in 0..<4 {
                    group.addTask {
                        try await TestClient.withClient(host: "localhost", port: port) { c in
                            var counts: [Int] = []
                            while true {
                                // One last read after the writer has finished sees everything.
                                let writerDone = done.isSet
                                let query = reader % 2 == 0
                                    ? "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/item> ?o }"
                                    : "SELECT ?s ?o WHERE { ?s <http://ex/item> ?o }"
                                let response = try await c.get("/sparql?query=\(formEncode(query))")
                                let rows = try sparqlBindings(response.body ?? ByteBuffer())
                                counts.append(reader % 2 == 0 ? Int(rows[0]["n"] ?? "-1") ?? -1 : rows.count)
                                if writerDone { break }
                            }
                            return counts
                        }
                    }
                }
                var all: [[Int]] = []
                for try await counts in group { all.append(counts) }
                return all
            }
            try await writer.value
            for counts in observed {
                // Every answer holds a whole number of batches, and no reader goes back in time.
                #expect(counts.allSatisfy { $0 % batchSize == 0 }, "\(counts)")
                #expect(counts == counts.sorted(), "\(counts)")
                #expect(counts.last == batches * batchSize)
            }
        }
    }

    static func cancelledCount() -> Int {
        let text = String(decoding: ServerMetrics().exposition(), as: UTF8.self)
        return text.split(separator: "\n").filter { $0.hasPrefix("ptolemy_queries_cancelled_total{reason=\"client-gone\"}") }
            .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
    }
}

/// A flag set once, read from several tasks.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
