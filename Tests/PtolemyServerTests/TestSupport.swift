import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import NIOCore
import PtolemyRDF
import PtolemyRDFIO
import PtolemyStorage
@testable import PtolemyServer

/// A small catalogue in the demo data's vocabulary: three images with footprints, and
/// observations derived from them.
let catalogueTurtle = """
@prefix eo: <https://w3id.org/ptolemy/ont/eo#> .
@prefix polar: <https://w3id.org/ptolemy/ont/polar#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix sosa: <http://www.w3.org/ns/sosa/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix img: <https://w3id.org/ptolemy/demo/image/> .
@prefix obs: <https://w3id.org/ptolemy/demo/observation/> .
@prefix geom: <https://w3id.org/ptolemy/demo/geometry/> .

img:S1A_1 a eo:SatelliteImage ; eo:imageID "S1A_1" ; geo:hasGeometry geom:fp1 .
geom:fp1 geo:asWKT "POLYGON((10 75, 17 75, 17 78, 10 78, 10 75))"^^geo:wktLiteral .
img:S1A_2 a eo:SatelliteImage ; eo:imageID "S1A_2" ; geo:hasGeometry geom:fp2 .
geom:fp2 geo:asWKT "POLYGON((16 76, 23 76, 23 79, 16 79, 16 76))"^^geo:wktLiteral .
img:S2B_3 a eo:SatelliteImage ; eo:imageID "S2B_3" ; geo:hasGeometry geom:fp3 .
geom:fp3 geo:asWKT "POINT(16.3 48.2)"^^geo:wktLiteral .
obs:o1 a polar:SeaIceObservation ; eo:hasImageID "S1A_1" ; polar:iceConcentration "7.5"^^xsd:decimal .
obs:o2 a polar:SeaIceObservation ; eo:hasImageID "S1A_1" ; polar:iceConcentration "2.0"^^xsd:decimal .
obs:o3 a polar:SeaIceObservation ; eo:hasImageID "S1A_2" ; polar:iceConcentration "9.1"^^xsd:decimal .
"""

let eo = "https://w3id.org/ptolemy/ont/eo#"

/// `n` triples `<http://example.org/s{i}> <http://example.org/p> "value {i}"`: enough to
/// make results stream and cross products run for as long as a test needs.
func manyTriples(_ n: Int) -> [Quad] {
    (0..<n).map { Quad(.iri("http://example.org/s\($0)"), .iri("http://example.org/p"), .string("value \($0)")) }
}

/// A query whose result is astronomically large (a cross product of the `manyTriples`):
/// it runs until something stops it.
let endlessCount = "SELECT (COUNT(*) AS ?n) WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y . ?c <http://example.org/p> ?z }"
let endlessRows = "SELECT * WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y }"

/// A server over an in-memory store holding `catalogueTurtle` and `extra`.
func makeServer(_ configure: (inout ServerConfiguration) -> Void = { _ in }, extra: [Quad] = [],
                store: Store? = nil) throws -> SPARQLServer {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.queriesDirectory = nil
    configure(&configuration)
    let store = store ?? Store.inMemory()
    if store.snapshot.quadCount == 0 {
        let quads = try RDFParser(format: .turtle).quads(in: catalogueTurtle) + extra
        _ = try BulkLoader(store: store).load([LoadSource.quads(quads)])
    }
    var logger = Logger(label: "ptolemy.test")
    logger.logLevel = .error
    return try SPARQLServer(configuration: configuration, store: store, logger: logger)
}

/// Runs `body` against a server (in-process router, or a live server on a free port),
/// and stops the server's worker threads afterwards.
func withServer<T: Sendable>(_ setup: TestingSetup = .router, configure: (inout ServerConfiguration) -> Void = { _ in },
                             extra: [Quad] = [], store: Store? = nil,
                             _ body: @Sendable (any TestClientProtocol, SPARQLServer) async throws -> T) async throws -> T {
    let server = try makeServer(configure, extra: extra, store: store)
    do {
        let result = try await server.makeApplication().test(setup) { client in try await body(client, server) }
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// `application/x-www-form-urlencoded` encoding of one value.
func formEncode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as JSON.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        guard let dictionary = object as? [String: Any] else { throw TestFailure("not a JSON object: \(text)") }
        return dictionary
    }

    /// The bindings of a SPARQL JSON result: one dictionary of values per row.
    func bindings() throws -> [[String: String]] { try sparqlBindings(body) }
}

/// The bindings of a SPARQL JSON result document: one dictionary of values per row.
func sparqlBindings(_ body: ByteBuffer) throws -> [[String: String]] {
    let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    guard let results = (object as? [String: Any])?["results"] as? [String: Any],
          let rows = results["bindings"] as? [[String: [String: Any]]] else {
        throw TestFailure("not a SPARQL JSON result: \(String(buffer: body).prefix(300))")
    }
    return rows.map { row in row.compactMapValues { $0["value"] as? String } }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Polls `condition` until it holds, failing after `seconds` (a safety net for a broken
/// server, not a measurement: tests never assert on elapsed time).
func eventually(within seconds: Double = 30, _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestFailure("gave up waiting: \(what)")
}
