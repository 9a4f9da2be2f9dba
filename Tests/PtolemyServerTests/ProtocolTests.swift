import Foundation
import Testing
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NIOCore
import PtolemyRDF
import PtolemyRDFIO
@testable import PtolemyCompression
@testable import PtolemyServer

/// The SPARQL 1.1 Protocol as clients use it: the three ways to send a query, content
/// negotiation, errors, the dataset parameters, the service description, CORS and gzip.
@Suite struct ProtocolTests {
    static let lookup = "SELECT ?image WHERE { ?image <\(eo)imageID> \"S1A_2\" }"

    @Test func everyWayOfSendingAQueryGivesTheSameResult() async throws {
        try await withServer { client, _ in
            let get = try await client.execute(uri: "/sparql?query=\(formEncode(Self.lookup))", method: .get)
            let form = try await client.execute(
                uri: "/sparql", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "query=\(formEncode(Self.lookup))"))
            let direct = try await client.execute(
                uri: "/sparql", method: .post, headers: [.contentType: "application/sparql-query; charset=utf-8"],
                body: ByteBuffer(string: Self.lookup))
            for response in [get, form, direct] {
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/sparql-results+json")
                #expect(try response.bindings() == [["image": "https://w3id.org/ptolemy/demo/image/S1A_2"]])
            }
        }
    }

    @Test(arguments: [
        ("application/sparql-results+xml", "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">"),
        ("text/csv", "image\r\nhttps://w3id.org/ptolemy/demo/image/S1A_2\r\n"),
        ("text/tab-separated-values", "?image\n<https://w3id.org/ptolemy/demo/image/S1A_2>\n"),
        ("text/html, application/xml;q=0.9, */*;q=0.8", "<sparql"),
    ])
    func resultsAreNegotiatedByAccept(accept: String, expected: String) async throws {
        try await withServer { client, _ in
            let response = try await client.execute(uri: "/sparql?query=\(formEncode(Self.lookup))", method: .get, headers: [.accept: accept])
            #expect(response.status == .ok)
            #expect(response.text.contains(expected))
        }
    }

    @Test func theFormatParameterOverridesAccept() async throws {
        try await withServer { client, _ in
            let response = try await client.execute(uri: "/sparql?format=csv&query=\(formEncode(Self.lookup))", method: .get,
                                                    headers: [.accept: "application/sparql-results+xml"])
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
        }
    }

    @Test func unacceptableFormatsAre406() async throws {
        try await withServer { client, _ in
            let select = try await client.execute(uri: "/sparql?query=\(formEncode(Self.lookup))", method: .get, headers: [.accept: "image/png"])
            #expect(select.status == .notAcceptable)
            #expect(try select.json()["error"] as? String == "not-acceptable")
            #expect(select.text.contains("application/sparql-results+json"))
            let construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
            let graph = try await client.execute(uri: "/sparql?query=\(formEncode(construct))", method: .get,
                                                 headers: [.accept: "application/sparql-results+json"])
            #expect(graph.status == .notAcceptable)
            let byName = try await client.execute(uri: "/sparql?format=yaml&query=\(formEncode(Self.lookup))", method: .get)
            #expect(byName.status == .notAcceptable)
        }
    }

    @Test func graphsComeInEveryWrittenSyntax() async throws {
        let construct = "CONSTRUCT { ?i <\(eo)imageID> ?id } WHERE { ?i <\(eo)imageID> ?id }"
        try await withServer { client, _ in
            for (accept, format) in [("text/turtle", RDFFormat.turtle), ("application/n-triples", .ntriples),
                                     ("application/rdf+xml", .rdfxml), ("application/n-quads", .nquads), ("application/trig", .trig)] {
                let response = try await client.execute(uri: "/sparql?query=\(formEncode(construct))", method: .get, headers: [.accept: accept])
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix(format.mediaType) == true)
                // Each answer reads back to the same three triples.
                let quads = try RDFParser(format: format, baseIRI: "http://localhost/").quads(in: response.text)
                #expect(Set(quads) == Set(["S1A_1", "S1A_2", "S2B_3"].map {
                    Quad(.iri("https://w3id.org/ptolemy/demo/image/\($0)"), .iri(eo + "imageID"), .string($0))
                }), "\(accept)")
            }
        }
    }

    @Test func askAnswersABoolean() async throws {
        try await withServer { client, _ in
            let yes = try await client.execute(uri: "/sparql?query=\(formEncode("ASK { ?i <\(eo)imageID> \"S2B_3\" }"))", method: .get)
            #expect(try yes.json()["boolean"] as? Bool == true)
            let no = try await client.execute(uri: "/sparql?query=\(formEncode("ASK { ?i <\(eo)imageID> \"nope\" }"))", method: .get)
            #expect(try no.json()["boolean"] as? Bool == false)
        }
    }

    @Test func syntaxErrorsAre400WithTheirPlace() async throws {
        try await withServer { client, _ in
            let response = try await client.execute(uri: "/sparql?query=\(formEncode("SELECT * WHERE {\n  ?s ?p \n}"))", method: .get)
            #expect(response.status == .badRequest)
            let body = try response.json()
            #expect(body["error"] as? String == "syntax")
            #expect(body["line"] as? Int == 3)
            #expect(body["column"] as? Int == 1)
            #expect((body["message"] as? String)?.contains("line 3, column 1") == true)
            let update = try await client.execute(uri: "/sparql", method: .post, headers: [.contentType: "application/sparql-update"],
                                                  body: ByteBuffer(string: "INSERT DATA { <a> }"))
            // Syntax is checked only after authorisation: this server takes no writes.
            #expect(update.status == .forbidden)
        }
    }

    @Test func malformedRequestsAreRefusedClearly() async throws {
        try await withServer { client, _ in
            let wrongType = try await client.execute(uri: "/sparql", method: .post, headers: [.contentType: "application/json"],
                                                     body: ByteBuffer(string: "{}"))
            #expect(wrongType.status == .unsupportedMediaType)
            let emptyForm = try await client.execute(uri: "/sparql", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                     body: ByteBuffer(string: "nothing=here"))
            #expect(emptyForm.status == .badRequest)
            let updateByGet = try await client.execute(uri: "/sparql?update=\(formEncode("CLEAR ALL"))", method: .get)
            #expect(updateByGet.status == .methodNotAllowed)
            let badTimeout = try await client.execute(uri: "/sparql?timeout=soon&query=\(formEncode(Self.lookup))", method: .get)
            #expect(badTimeout.status == .badRequest)
            let put = try await client.execute(uri: "/sparql", method: .put)
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, POST")
        }
    }

    @Test func datasetParametersReplaceTheQuerysDataset() async throws {
        let quads = [
            Quad(.iri("http://ex/a"), .iri("http://ex/p"), .string("in g1"), graph: .iri("http://ex/g1")),
            Quad(.iri("http://ex/b"), .iri("http://ex/p"), .string("in g2"), graph: .iri("http://ex/g2")),
        ]
        try await withServer(extra: quads) { client, _ in
            let query = "SELECT ?o WHERE { ?s <http://ex/p> ?o }"
            let g1 = try await client.execute(uri: "/sparql?default-graph-uri=\(formEncode("http://ex/g1"))&query=\(formEncode(query))", method: .get)
            #expect(try g1.bindings() == [["o": "in g1"]])
            let both = try await client.execute(
                uri: "/sparql", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "default-graph-uri=\(formEncode("http://ex/g1"))&default-graph-uri=\(formEncode("http://ex/g2"))&query=\(formEncode(query))"))
            #expect(Set(try both.bindings().compactMap { $0["o"] }) == ["in g1", "in g2"])
            let named = "SELECT ?g ?o WHERE { GRAPH ?g { ?s <http://ex/p> ?o } }"
            let onlyG2 = try await client.execute(uri: "/sparql?named-graph-uri=\(formEncode("http://ex/g2"))&query=\(formEncode(named))", method: .get)
            #expect(try onlyG2.bindings() == [["g": "http://ex/g2", "o": "in g2"]])
        }
    }

    @Test func theEndpointURLDescribesTheService() async throws {
        try await withServer { client, _ in
            let response = try await client.execute(uri: "/sparql", method: .get, headers: [.accept: "text/turtle"])
            #expect(response.status == .ok)
            let quads = try RDFParser(format: .turtle).quads(in: response.text)
            let sd = "http://www.w3.org/ns/sparql-service-description#"
            #expect(quads.contains { $0.predicate == .iri(RDFVocabulary.type) && $0.object == .iri(sd + "Service") })
            #expect(quads.contains { $0.predicate == .iri(sd + "endpoint") && $0.object == .iri("http://localhost/sparql") })
            #expect(quads.contains { $0.object == .iri(sd + "SPARQL11Update") })
            // A browser opening the endpoint URL is sent to the web UI.
            let browser = try await client.execute(uri: "/sparql", method: .get, headers: [.accept: "text/html,application/xhtml+xml,*/*;q=0.8"])
            #expect(browser.status == .seeOther)
            #expect(browser.headers[.location] == "/")
        }
    }

    @Test func corsPreflightAndResponses() async throws {
        try await withServer { client, _ in
            let preflight = try await client.execute(uri: "/sparql", method: .options, headers: [
                .origin: "https://example.org", .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type",
            ])
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            let get = try await client.execute(uri: "/sparql?query=\(formEncode(Self.lookup))", method: .get, headers: [.origin: "https://example.org"])
            #expect(get.headers[.accessControlAllowOrigin] == "*")
        }
        try await withServer(configure: { $0.corsOrigins = ["https://allowed.example"] }) { client, _ in
            let allowed = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://allowed.example"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://allowed.example")
            let other = try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func responsesAreGzippedWhenAskedFor() async throws {
        try await withServer(extra: manyTriples(3000)) { client, _ in
            // Ordered, so that the two answers can be compared byte for byte.
            let query = "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s"
            let plain = try await client.execute(uri: "/sparql?query=\(formEncode(query))", method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            let zipped = try await client.execute(uri: "/sparql?query=\(formEncode(query))", method: .get,
                                                  headers: [.acceptEncoding: "br;q=1.0, gzip;q=0.8"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 3)
            var source = try GzipByteSource(source: MemoryByteSource(Array(zipped.body.readableBytesView)), path: "response")
            #expect(try source.readAll() == Array(plain.body.readableBytesView))
            let refused = try await client.execute(uri: "/sparql?query=\(formEncode(query))", method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)
        }
    }

    @Test func explainReturnsThePlanAsATree() async throws {
        try await withServer { client, _ in
            let query = "SELECT ?o WHERE { ?i <\(eo)imageID> \"S1A_1\" . ?o <\(eo)hasImageID> \"S1A_1\" }"
            let response = try await client.execute(uri: "/sparql?explain=true&query=\(formEncode(query))", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let body = try response.json()
            #expect(body["rows"] as? Int == 2)
            let plan = try #require(body["plan"] as? [String: Any])
            #expect(plan["name"] is String)
            #expect(plan["actualRows"] as? Int == 2)
            #expect(plan["children"] is [Any])
            #expect((body["text"] as? String)?.contains("actual") == true)
        }
    }

    @Test func healthMetricsAndTheWebUI() async throws {
        try await withServer { client, _ in
            _ = try await client.execute(uri: "/sparql?query=\(formEncode(Self.lookup))", method: .get)
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json()["status"] as? String == "ok")
            #expect(try health.json()["quads"] as? Int == 21)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("ptolemy_http_requests_total{"))
            #expect(metrics.text.contains("ptolemy_store_quads 21"))
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<html"))
            let script = try await client.execute(uri: "/ui/app.js", method: .get)
            #expect(script.status == .ok)
            let missing = try await client.execute(uri: "/ui/nothing.js", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func theUIListsTheExampleQueries() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-examples-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# Images by ID\nSELECT * WHERE { ?s ?p ?o }\n".write(to: folder.appendingPathComponent("a-images.rq"), atomically: true, encoding: .utf8)
        try "not a query".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try await withServer(configure: { $0.queriesDirectory = folder.path }) { client, _ in
            let response = try await client.execute(uri: "/ui/examples", method: .get)
            let list = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: String]]
            #expect(list?.count == 1)
            #expect(list?.first?["name"] == "a-images")
            #expect(list?.first?["title"] == "Images by ID")
        }
    }
}
