import Foundation
import Testing
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
@testable import PtolemyServer

/// Who may write, and the limits on what one request may ask of the server.
@Suite struct LimitsAndSecurityTests {
    static let token = "a-long-enough-test-token-0123456789"
    static let insert = "INSERT DATA { <http://ex/new> <http://ex/p> \"x\" }"

    func update(_ client: any TestClientProtocol, _ text: String = insert, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "application/sparql-update"
        return try await client.execute(uri: "/sparql", method: .post, headers: fields, body: ByteBuffer(string: text))
    }

    @Test func writesNeedTheBearerToken() async throws {
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            let none = try await update(client)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await update(client, headers: [.authorization: "Bearer not-the-token-at-all-0000000"])
            #expect(wrong.status == .forbidden)
            let basic = try await update(client, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            let right = try await update(client, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(right.status == .ok)
            #expect(try right.json()["inserted"] as? Int == 1)
            // Graph Store writes are guarded the same way.
            let put = try await client.execute(uri: "/store?graph=\(formEncode("http://ex/g"))", method: .put,
                                               headers: [.contentType: "text/turtle"], body: ByteBuffer(string: "<http://ex/a> <http://ex/b> 1 ."))
            #expect(put.status == .unauthorized)
            let delete = try await client.execute(uri: "/store?default", method: .delete)
            #expect(delete.status == .unauthorized)
            // Reads need nothing.
            let read = try await client.execute(uri: "/sparql?query=\(formEncode("ASK { <http://ex/new> ?p ?o }"))", method: .get)
            #expect(try read.json()["boolean"] as? Bool == true)
        }
    }

    @Test func withoutTokensOrLocalWritesNothingIsWritable() async throws {
        try await withServer { client, _ in
            let response = try await update(client)
            #expect(response.status == .forbidden)
            #expect(try response.json()["error"] as? String == "writes-disabled")
        }
    }

    @Test func localOnlyWritesAcceptLoopbackClientsOnly() async throws {
        // The in-process router has no client address: not local.
        try await withServer(configure: { $0.localOnlyWrites = true }) { client, _ in
            let response = try await update(client)
            #expect(response.status == .forbidden)
        }
        // A live server sees the test client on 127.0.0.1.
        try await withServer(.live, configure: { $0.localOnlyWrites = true }) { client, _ in
            let response = try await update(client)
            #expect(response.status == .ok)
        }
    }

    @Test func aReadOnlyServerRefusesEveryWrite() async throws {
        try await withServer(configure: { $0.readOnly = true; $0.writeTokens = [Self.token] }) { client, _ in
            let response = try await update(client, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(response.status == .forbidden)
            #expect(try response.json()["error"] as? String == "read-only")
            let sd = try await client.execute(uri: "/sparql", method: .get, headers: [.accept: "application/n-triples"])
            #expect(!sd.text.contains("SPARQL11Update"))
        }
    }

    @Test func loadReadsOnlyConfiguredDirectories() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("data.nt")
        try "<http://ex/loaded> <http://ex/p> \"yes\" .\n".write(to: file, atomically: true, encoding: .utf8)
        let load = "LOAD <\(file.absoluteString)>"
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            let refused = try await update(client, load, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("outside the directories LOAD may read"))
        }
        try await withServer(configure: { $0.writeTokens = [Self.token]; $0.loadDirectories = [folder.path] }) { client, _ in
            let loaded = try await update(client, load, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(loaded.status == .ok)
            #expect(try loaded.json()["inserted"] as? Int == 1)
            let escape = try await update(client, "LOAD <file:///etc/passwd>", headers: [.authorization: "Bearer \(Self.token)"])
            #expect(escape.status == .badRequest)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await withServer(configure: { $0.maxBodyBytes = 1000 }) { client, _ in
            let padding = String(repeating: " ", count: 2000)
            let form = try await client.execute(uri: "/sparql", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "query=\(formEncode(ProtocolTests.lookup + padding))"))
            #expect(form.status == .contentTooLarge)
            #expect(try form.json()["error"] as? String == "too-large")
            let direct = try await client.execute(uri: "/sparql", method: .post, headers: [.contentType: "application/sparql-query"],
                                                  body: ByteBuffer(string: ProtocolTests.lookup + padding))
            #expect(direct.status == .contentTooLarge)
            let put = try await client.execute(uri: "/store?default", method: .put, headers: [.contentType: "text/turtle"],
                                               body: ByteBuffer(string: padding))
            // Authorisation comes first: without a token the body is never read.
            #expect(put.status == .forbidden)
        }
    }

    @Test func longQueriesAreRefused() async throws {
        try await withServer(configure: { $0.maxQueryLength = 100 }) { client, _ in
            let long = ProtocolTests.lookup + String(repeating: " ", count: 200)
            let get = try await client.execute(uri: "/sparql?query=\(formEncode(long))", method: .get)
            #expect(get.status == .uriTooLong)
            let form = try await client.execute(uri: "/sparql", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "query=\(formEncode(long))"))
            #expect(form.status == .contentTooLarge)
            #expect(try form.json()["message"] as? String == "the query is \(long.utf8.count) bytes long; the server's limit is 100")
            let short = try await client.execute(uri: "/sparql?query=\(formEncode("ASK {}"))", method: .get)
            #expect(short.status == .ok)
        }
    }

    @Test func resultsOverTheRowLimitAreRefused() async throws {
        try await withServer(configure: { $0.maxResultRows = 5 }, extra: manyTriples(20)) { client, _ in
            let all = try await client.execute(uri: "/sparql?query=\(formEncode("SELECT * WHERE { ?s ?p ?o }"))", method: .get)
            #expect(all.status.code == 422)
            #expect(try all.json()["error"] as? String == "result-too-large")
            let limited = try await client.execute(uri: "/sparql?query=\(formEncode("SELECT * WHERE { ?s ?p ?o } LIMIT 5"))", method: .get)
            #expect(limited.status == .ok)
            #expect(try limited.bindings().count == 5)
        }
    }

    @Test func theTimeoutParameterIsCappedByTheServer() async throws {
        try await withServer(configure: { $0.maxTimeout = 0.2 }, extra: manyTriples(2000)) { client, server in
            // Asks for an hour; the server allows 0.2 s.
            let response = try await client.execute(uri: "/sparql?timeout=3600&query=\(formEncode(endlessCount))", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.json()["error"] as? String == "timeout")
            try await eventually("the timed-out query to end") { server.runningQueries == 0 }
        }
        try await withServer(extra: manyTriples(2000)) { client, _ in
            let response = try await client.execute(uri: "/sparql?timeout=150ms&query=\(formEncode(endlessCount))", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(try response.json()["message"] as? String == "the query exceeded its time limit of 0.15 s")
        }
    }
}
