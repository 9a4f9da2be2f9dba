import Foundation
import Testing
import PtolemyRDF
import PtolemyRDFIO
import PtolemyEngine
@testable import PtolemyServer

/// The endpoint's parts on their own: negotiation, form decoding, the RDF/XML writer,
/// the chunk pipe's back-pressure and the configuration file.
@Suite struct UnitTests {
    @Test func contentNegotiationFollowsQualityThenSpecificityThenServerOrder() {
        func choose(_ accept: String?) -> ResultsFormat? { ContentNegotiation.choose(accept: accept, offers: ContentNegotiation.resultOffers)?.value }
        #expect(choose(nil) == .json)
        #expect(choose("") == .json)
        #expect(choose("*/*") == .json)
        #expect(choose("text/csv") == .csv)
        #expect(choose("text/csv;q=0.5, application/sparql-results+xml;q=0.4") == .csv)
        // text/xml is one of the XML results types: text/* matches it, and XML comes first.
        #expect(choose("text/*;q=0.5, application/sparql-results+json;q=0.4") == .xml)
        #expect(choose("application/sparql-results+json;q=0.1, application/sparql-results+xml") == .xml)
        #expect(choose("text/csv;q=0, */*;q=0.1") == .json)
        #expect(choose("image/png") == nil)
        #expect(choose("text/csv;q=0") == nil)
        #expect(ContentNegotiation.choose(accept: "application/rdf+xml;q=0.9, text/turtle;q=0.8", offers: ContentNegotiation.graphOffers)?.value == .rdfxml)
        #expect(ContentNegotiation.bodyFormat(contentType: "text/turtle; charset=utf-8") == .turtle)
        #expect(ContentNegotiation.bodyFormat(contentType: "application/ld+json") == nil)
    }

    @Test func formDecoding() {
        let form = FormParameters(encoded: "query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D&default-graph-uri=a&default-graph-uri=b&flag&bad=%zz%4")
        #expect(form.first("query") == "SELECT * WHERE {?s ?p ?o}")
        #expect(form.all("default-graph-uri") == ["a", "b"])
        #expect(form.contains("flag"))
        #expect(form.first("bad") == "%zz%4")
        #expect(FormParameters.decode("%C3%A9t%C3%A9") == "été")
    }

    @Test func rdfxmlOutputReadsBackThroughRaptor() throws {
        let quads: [Quad] = [
            Quad(.iri("http://ex/a"), .iri("http://ex/ns#name"), .langString("Ptolémée & co <x>", "fr")),
            Quad(.iri("http://ex/a"), .iri(RDFVocabulary.type), .iri("http://ex/ns#Thing")),
            Quad(.iri("http://ex/a"), .iri("http://other.example/v/count"), .typed("3", XSD.integer)),
            Quad(.blank("x1"), .iri("http://ex/ns#link"), .blank("b2")),
            Quad(.blank("x1"), .iri(GeoVocabulary.asWKT), .typed("POINT(1 2)", GeoVocabulary.wktLiteral)),
        ]
        var writer = RDFXMLWriter(prefixes: GraphStreamWriter.prefixes)
        for q in quads { try writer.write(q) }
        writer.finish()
        let text = String(decoding: writer.take(), as: UTF8.self)
        let parsed = try RDFParser(format: .rdfxml, baseIRI: "http://ex/").quads(in: text)
        #expect(parsed.count == quads.count)
        #expect(Set(parsed.filter { !$0.subject.isBlank }) == Set(quads.filter { !$0.subject.isBlank }))
        // A predicate without a local name cannot be written.
        var bad = RDFXMLWriter(prefixes: [:])
        #expect(throws: RDFXMLWriter.Unrepresentable.self) { try bad.write(Quad(.iri("http://ex/a"), .iri("http://ex/1/"), .string("x"))) }
    }

    @Test func thePipeHoldsItsProducerBackUntilTheConsumerReads() async throws {
        let control = QueryControl()
        let pipe = ChunkPipe(capacity: 2, control: control)
        let sent = Counter()
        let producer = Thread {
            do {
                for i in 0..<10 { try pipe.send([UInt8(i)]); sent.increment() }
                pipe.finish()
            } catch { pipe.fail(error) }
        }
        producer.start()
        try await eventually("the producer to fill the pipe") { sent.value == 2 }
        // Full: the producer waits (it cannot have sent more than the capacity).
        try await Task.sleep(for: .milliseconds(100))
        #expect(sent.value == 2)
        var received: [UInt8] = []
        loop: while true {
            switch await pipe.next() {
            case .chunk(let bytes): received += bytes
            case .end: break loop
            case .failure(let error): throw error
            }
        }
        #expect(received == Array(0..<10))
    }

    @Test func closingThePipeCancelsItsProducer() async throws {
        let control = QueryControl()
        let pipe = ChunkPipe(capacity: 1, control: control)
        let outcome = Counter()
        let producer = Thread {
            do { while true { try pipe.send([1]) } } catch { outcome.increment() }
        }
        producer.start()
        _ = await pipe.next()
        pipe.close()
        try await eventually("the producer to stop") { outcome.value == 1 }
        #expect(control.isCancelled)
    }

    @Test func configurationFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# tokens\nsecret-token-0123456789abcdef\n".write(to: folder.appendingPathComponent("tokens"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("ptolemy.toml")
        try """
        host = "0.0.0.0"
        port = 9090
        store = "data/store"
        write-token-file = "tokens"
        load-directories = ["incoming", "/srv/rdf"]
        max-timeout = 30
        default-timeout = 2.5
        gzip = false
        """.write(to: file, atomically: true, encoding: .utf8)
        var configuration = ServerConfiguration()
        try configuration.apply(tomlFile: file.path)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.store == folder.appendingPathComponent("data/store").standardizedFileURL.path)
        #expect(configuration.writeTokens == ["secret-token-0123456789abcdef"])
        #expect(configuration.loadDirectories == [folder.appendingPathComponent("incoming").standardizedFileURL.path, "/srv/rdf"])
        #expect(configuration.maxTimeout == 30)
        #expect(configuration.defaultTimeout == 2.5)
        #expect(!configuration.gzip)

        try "port = \"eighty\"".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try configuration.apply(tomlFile: file.path) }
        try "colour = \"blue\"".write(to: file, atomically: true, encoding: .utf8)
        let unknown = #expect(throws: ConfigurationError.self) { try configuration.apply(tomlFile: file.path) }
        #expect(unknown?.description.contains("unknown setting 'colour'") == true)
        try "port = 80\nport = 81\n[".write(to: file, atomically: true, encoding: .utf8)
        let syntax = #expect(throws: ConfigurationError.self) { try configuration.apply(tomlFile: file.path) }
        #expect(syntax?.description.hasPrefix(file.path + ":") == true)
    }
}

/// A thread-safe counter for the pipe tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
