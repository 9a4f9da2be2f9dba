import Foundation
import Testing
@testable import PtolemyFederation

@Suite struct EndpointPolicyTests {
    @Test func refusesEverythingWithoutAnAllowlist() {
        let policy = EndpointPolicy()
        #expect(throws: EndpointRefusal.self) { try policy.resolve("http://example.org/sparql") }
    }

    @Test func allowsByHostPortAndPathPrefixAtASegmentBoundary() throws {
        var policy = EndpointPolicy()
        try policy.allow("http://example.org/sparql")
        #expect(try policy.resolve("http://example.org/sparql").absoluteString == "http://example.org/sparql")
        #expect(try policy.resolve("http://EXAMPLE.org:80/sparql/ds1").host == "EXAMPLE.org")
        for refused in ["http://example.org.evil.test/sparql", "http://example.org/sparqlx", "https://example.org/sparql",
                        "http://example.org:8080/sparql", "http://example.org/other"] {
            #expect(throws: EndpointRefusal.self, "\(refused)") { try policy.resolve(refused) }
        }
    }

    @Test func neverCallsOtherSchemesOrCredentials() throws {
        var policy = EndpointPolicy()
        try policy.allow("http://example.org/")
        for refused in ["file:///etc/passwd", "ftp://example.org/x", "http://user:secret@example.org/sparql", "sparql", "urn:x:y"] {
            #expect(throws: EndpointRefusal.self, "\(refused)") { try policy.resolve(refused) }
        }
        #expect(throws: FederationConfigurationError.self) { try policy.allow("file:///tmp") }
        #expect(throws: FederationConfigurationError.self) { try policy.allow("http://") }
    }

    @Test func anAliasRoutesAndIsAllowed() throws {
        var policy = EndpointPolicy()
        try policy.alias("http://example.org/sparql", to: "http://127.0.0.1:9999/sparql")
        #expect(try policy.resolve("http://example.org/sparql").absoluteString == "http://127.0.0.1:9999/sparql")
        #expect(throws: EndpointRefusal.self) { try policy.resolve("http://127.0.0.1:9999/other") }
        #expect(policy.admitsRedirect(to: URL(string: "http://127.0.0.1:9999/sparql")!))
        #expect(!policy.admitsRedirect(to: URL(string: "http://127.0.0.1:9998/sparql")!))
    }

    @Test func formEncodingKeepsOnlyUnreservedCharacters() {
        #expect(HTTPServiceHandler.formEncode("SELECT * { ?s <a:b> \"é\" }") == "SELECT%20%2A%20%7B%20%3Fs%20%3Ca%3Ab%3E%20%22%C3%A9%22%20%7D")
    }
}
