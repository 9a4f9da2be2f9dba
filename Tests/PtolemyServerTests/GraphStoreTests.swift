import Foundation
import Testing
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import PtolemyRDF
import PtolemyRDFIO
@testable import PtolemyServer

/// The Graph Store HTTP Protocol on `/store`.
@Suite struct GraphStoreTests {
    static let token = LimitsAndSecurityTests.token
    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]
    static let graph = "/store?graph=\(formEncode("http://example.org/survey"))"

    func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
              type: String = "text/turtle") async throws -> TestResponse {
        var headers = Self.auth
        if body != nil { headers[.contentType] = type }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func triples(_ response: TestResponse, _ format: RDFFormat = .ntriples) throws -> Set<Quad> {
        Set(try RDFParser(format: format, baseIRI: "http://localhost/").quads(in: response.text))
    }

    @Test func putGetPostDeleteANamedGraph() async throws {
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            #expect(try await send(client, .get, Self.graph).status == .notFound)
            #expect(try await send(client, .head, Self.graph).status == .notFound)

            let created = try await send(client, .put, Self.graph, "<http://ex/p1> <http://ex/crop> \"maize\" .")
            #expect(created.status == .created)
            let replaced = try await send(client, .put, Self.graph, "<http://ex/p2> <http://ex/crop> \"wheat\" .")
            #expect(replaced.status == .noContent)
            let get = try await client.execute(uri: Self.graph, method: .get, headers: [.accept: "application/n-triples"])
            #expect(get.status == .ok)
            #expect(try triples(get) == [Quad(.iri("http://ex/p2"), .iri("http://ex/crop"), .string("wheat"))])

            let merged = try await send(client, .post, Self.graph, "<http://ex/p3> <http://ex/crop> \"rye\" .", type: "application/n-triples")
            #expect(merged.status == .noContent)
            let turtle = try await client.execute(uri: Self.graph, method: .get, headers: [.accept: "text/turtle"])
            #expect(try triples(turtle, .turtle).count == 2)
            let head = try await client.execute(uri: Self.graph, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)

            // The graph's triples are in that graph only.
            let query = "SELECT ?g WHERE { GRAPH ?g { <http://ex/p3> ?p ?o } }"
            let inGraph = try await client.execute(uri: "/sparql?query=\(formEncode(query))", method: .get)
            #expect(try inGraph.bindings() == [["g": "http://example.org/survey"]])

            #expect(try await send(client, .delete, Self.graph).status == .noContent)
            #expect(try await send(client, .get, Self.graph).status == .notFound)
            #expect(try await send(client, .delete, Self.graph).status == .notFound)
        }
    }

    @Test func theDefaultGraph() async throws {
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            let before = try await client.execute(uri: "/store?default", method: .get, headers: [.accept: "application/n-triples"])
            #expect(try triples(before).count == 21)
            #expect(try await send(client, .post, "/store?default", "<http://ex/x> <http://ex/y> <http://ex/z> .").status == .noContent)
            let after = try await client.execute(uri: "/store?default", method: .get, headers: [.accept: "application/n-triples"])
            #expect(try triples(after).count == 22)
            #expect(try await send(client, .delete, "/store?default").status == .noContent)
            let empty = try await client.execute(uri: "/store?default", method: .get, headers: [.accept: "application/n-triples"])
            #expect(empty.status == .ok)
            #expect(empty.text.isEmpty)
        }
    }

    @Test func postingToTheStoreCreatesAGraph() async throws {
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            let response = try await send(client, .post, "/store", "<http://ex/a> <http://ex/b> \"new\" .")
            #expect(response.status == .created)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("http://localhost/store/graphs/"))
            let get = try await client.execute(uri: "/store?graph=\(formEncode(location))", method: .get, headers: [.accept: "application/n-triples"])
            #expect(try triples(get).count == 1)
            // Without a target, GET gives the whole dataset with graph names.
            let all = try await client.execute(uri: "/store", method: .get, headers: [.accept: "application/n-quads"])
            let quads = try RDFParser(format: .nquads).quads(in: all.text)
            #expect(quads.count == 22)
            #expect(quads.contains { $0.graph == .iri(location) })
            let notQuads = try await client.execute(uri: "/store", method: .get, headers: [.accept: "text/turtle"])
            #expect(notQuads.status == .notAcceptable)
        }
    }

    @Test func badBodiesAndTargets() async throws {
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            let syntax = try await send(client, .put, Self.graph, "<http://ex/a> <http://ex/b> .\n")
            #expect(syntax.status == .badRequest)
            let body = try syntax.json()
            #expect(body["error"] as? String == "syntax")
            #expect(body["line"] as? Int == 1)
            // Nothing of a failed PUT is written.
            #expect(try await send(client, .get, Self.graph).status == .notFound)
            let type = try await send(client, .put, Self.graph, "{}", type: "application/json")
            #expect(type.status == .unsupportedMediaType)
            let both = try await send(client, .get, "/store?default&graph=\(formEncode("http://ex/g"))")
            #expect(both.status == .badRequest)
            let relative = try await send(client, .get, "/store?graph=relative")
            #expect(relative.status == .badRequest)
            let putNowhere = try await send(client, .put, "/store", "<http://ex/a> <http://ex/b> 1 .")
            #expect(putNowhere.status == .badRequest)
        }
    }

    @Test func aBodyInRDFXMLAndTriG() async throws {
        let rdfxml = """
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
          <rdf:Description rdf:about="http://ex/a"><ex:b>text</ex:b></rdf:Description>
        </rdf:RDF>
        """
        try await withServer(configure: { $0.writeTokens = [Self.token] }) { client, _ in
            #expect(try await send(client, .put, Self.graph, rdfxml, type: "application/rdf+xml").status == .created)
            // Graph names inside a TriG body give way to the target graph.
            #expect(try await send(client, .post, Self.graph, "<http://ex/other> { <http://ex/c> <http://ex/d> 2 . }", type: "application/trig").status == .noContent)
            let get = try await client.execute(uri: Self.graph, method: .get, headers: [.accept: "application/rdf+xml"])
            #expect(try triples(get, .rdfxml) == [
                Quad(.iri("http://ex/a"), .iri("http://ex/b"), .string("text")),
                Quad(.iri("http://ex/c"), .iri("http://ex/d"), .typed("2", "http://www.w3.org/2001/XMLSchema#integer")),
            ])
        }
    }
}
