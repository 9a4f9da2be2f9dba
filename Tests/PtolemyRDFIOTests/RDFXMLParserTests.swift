import Testing
import Dispatch
import Synchronization
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

@Suite struct RDFXMLParserTests {
    let header = #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">"#

    @Test func convertsRaptorTerms() throws {
        let quads = try parse(header + """
            <rdf:Description rdf:about="s">
              <ex:name xml:lang="en">Name</ex:name>
              <ex:n rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">42</ex:n>
              <ex:knows rdf:nodeID="x"/>
              <ex:link rdf:resource="#frag"/>
            </rdf:Description>
            </rdf:RDF>
            """, .rdfxml, base: "http://base.org/doc")
        #expect(quads == [
            Quad(.iri("http://base.org/s"), .iri("http://example.org/name"), .langString("Name", "en")),
            Quad(.iri("http://base.org/s"), .iri("http://example.org/n"), .typed("42", XSD.integer)),
            Quad(.iri("http://base.org/s"), .iri("http://example.org/knows"), .blank("x")),
            Quad(.iri("http://base.org/s"), .iri("http://example.org/link"), .iri("http://base.org/doc#frag")),
        ])
    }

    @Test func refusesNULCharacterReferences() throws {
        // XML 1.0 has no NUL character: &#0; is not well-formed, however raptor would store it.
        let error = try #require(parseError(header + #"<rdf:Description rdf:about="http://s"><ex:p>a&#0;b</ex:p></rdf:Description></rdf:RDF>"#, .rdfxml))
        #expect(error.line == 1)
    }

    @Test func reportsErrorsWithFileLineAndColumn() throws {
        let error = try #require(parseError(header + "\n  <rdf:Description rdf:about=\"http://s\">\n    <ex:p rdf:resource=\"http://o\" rdf:parseType=\"Literal\"/>\n  </rdf:Description>\n</rdf:RDF>\n", .rdfxml, fileName: "x.rdf"))
        #expect(error.fileName == "x.rdf")
        #expect(error.line >= 2 && error.line <= 4)
        #expect(error.column >= 1)
        #expect(error.description.hasPrefix("x.rdf:\(error.line):\(error.column): "))
    }

    @Test func rejectsMalformedXMLAndRemovedTerms() {
        #expect(parseError(header + "<rdf:Description rdf:about=\"http://s\"></rdf:RDF>", .rdfxml) != nil)
        #expect(parseError(header + "<rdf:Description rdf:aboutEach=\"#b\"><ex:p>x</ex:p></rdf:Description></rdf:RDF>", .rdfxml) != nil)
    }

    @Test func streamsInSmallChunks() throws {
        let document = header + (0..<500).map { "<rdf:Description rdf:about=\"http://s/\($0)\"><ex:p>v\($0)</ex:p></rdf:Description>" }.joined() + "</rdf:RDF>"
        var parser = RDFXMLParser()
        parser.chunkSize = 512
        var source = TrickleSource(document, step: 100)
        var count = 0
        try parser.parse(source: &source) { _ in count += 1 }
        #expect(count == 500)
    }

    @Test func parsesConcurrently() throws {
        // The loader parses several files at once: each parse owns its raptor world.
        let document = header + (0..<300).map { "<rdf:Description rdf:about=\"http://s/\($0)\" ex:a=\"v\"><ex:p xml:lang=\"en\">v\($0)</ex:p></rdf:Description>" }.joined() + "</rdf:RDF>"
        let counts = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            var count = 0
            var source = MemoryByteSource(Array(document.utf8))
            do {
                try RDFXMLParser(baseIRI: "http://b/").parse(source: &source) { _ in count += 1 }
            } catch {
                count = -1
            }
            counts.withLock { $0.append(count) }
        }
        #expect(counts.withLock { $0 } == Array(repeating: 600, count: 8))
    }

    @Test func recoveryEndsTheDocumentAtTheFirstError() throws {
        let (quads, errors) = try parseRecovering(header + """
            <rdf:Description rdf:about="http://s"><ex:p>ok</ex:p></rdf:Description>
            <rdf:Description rdf:ID="a"><ex:p>x</ex:p></rdf:Description>
            <rdf:Description rdf:ID="a"><ex:p>y</ex:p></rdf:Description>
            <rdf:Description rdf:about="http://t"><ex:p>skipped</ex:p></rdf:Description>
            </rdf:RDF>
            """, .rdfxml, base: "http://b/")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.message.contains("rest of the document is skipped") == true)
        #expect(quads == [
            Quad(.iri("http://s"), .iri("http://example.org/p"), .string("ok")),
            Quad(.iri("http://b/#a"), .iri("http://example.org/p"), .string("x")),
        ])
    }
}
