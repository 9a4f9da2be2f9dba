import Testing
import Foundation
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

@Suite struct WriterTests {
    /// Quads that exercise escaping, prefixes, bare literals, blank nodes and graphs.
    static let sample: [Quad] = {
        let ex = "http://example.org/"
        let s = Term.iri(ex + "s"), p = Term.iri(ex + "p"), g = Term.iri(ex + "g")
        return [
            Quad(s, .iri(RDFVocabulary.type), .iri(ex + "Thing")),
            Quad(s, p, .string("plain")),
            Quad(s, p, .string("quote \" backslash \\ newline \n cr \r tab \t nul \u{0} bell \u{7} é 😀")),
            Quad(s, p, .langString("chat", "fr-BE")),
            Quad(s, .iri(ex + "n"), .typed("42", XSD.integer)),
            Quad(s, .iri(ex + "n"), .typed("-0.5", XSD.decimal)),
            Quad(s, .iri(ex + "n"), .typed("1.5E-3", XSD.double)),
            Quad(s, .iri(ex + "n"), .typed("true", XSD.boolean)),
            Quad(s, .iri(ex + "n"), .typed("01", XSD.integer)),
            Quad(s, .iri(ex + "n"), .typed("1.", XSD.decimal)),
            Quad(s, .iri(ex + "n"), .typed("INF", XSD.double)),
            Quad(s, .iri(ex + "n"), .typed("yes", XSD.boolean)),
            Quad(s, .iri(ex + "geom"), .typed("POINT(1 2)", GeoVocabulary.wktLiteral)),
            Quad(.blank("b1"), p, .blank("b2")),
            Quad(.iri(ex + "odd/path#frag"), .iri(ex + "a.b"), .iri(ex + "trailing.")),
            Quad(.iri(ex + "q?x=1&y=é"), p, .iri("urn:x:y")),
            Quad(.iri("http://other.org/x"), p, .iri(ex)),
            Quad(s, p, .string("in a graph"), graph: g),
            Quad(s, .iri(ex + "q"), .string("same graph"), graph: g),
            Quad(.blank("b1"), p, .string("blank graph"), graph: .blank("bg")),
            Quad(s, p, .string("default again")),
        ]
    }()

    static var triples: [Quad] { sample.filter { $0.graph == nil } }

    @Test(arguments: [RDFFormat.ntriples, .nquads])
    func nQuadsRoundTrip(format: RDFFormat) throws {
        let quads = format == .nquads ? Self.sample : Self.triples
        var writer = NQuadsWriter(format: format)
        for quad in quads { try writer.write(quad) }
        try writer.finish()
        #expect(try parse(writer.string, format) == quads)
    }

    @Test(arguments: [RDFFormat.turtle, .trig])
    func turtleRoundTrip(format: RDFFormat) throws {
        let quads = format == .trig ? Self.sample : Self.triples
        var writer = try TurtleWriter(format: format, prefixes: ["ex": "http://example.org/", "geo": GeoVocabulary.namespace, "xsd": "http://www.w3.org/2001/XMLSchema#"])
        for quad in quads { try writer.write(quad) }
        try writer.finish()
        #expect(try parse(writer.string, format) == quads, "\(writer.string)")
    }

    @Test func turtleGroupsSubjectsAndPredicates() throws {
        var writer = try TurtleWriter(prefixes: ["": "http://example.org/"])
        let ex = "http://example.org/"
        try writer.write(Quad(.iri(ex + "s"), .iri(RDFVocabulary.type), .iri(ex + "C")))
        try writer.write(Quad(.iri(ex + "s"), .iri(ex + "p"), .typed("1", XSD.integer)))
        try writer.write(Quad(.iri(ex + "s"), .iri(ex + "p"), .typed("2.5", XSD.decimal)))
        try writer.write(Quad(.iri(ex + "t"), .iri(ex + "p"), .typed("true", XSD.boolean)))
        try writer.finish()
        #expect(writer.string == """
            @prefix : <http://example.org/> .

            :s a :C ;
                :p 1 ,
                    2.5 .
            :t :p true .

            """)
    }

    @Test func trigWritesGraphBlocks() throws {
        var writer = try TurtleWriter(format: .trig, prefixes: ["ex": "http://example.org/"])
        let ex = "http://example.org/"
        try writer.write(Quad(.iri(ex + "s"), .iri(ex + "p"), .iri(ex + "o")))
        try writer.write(Quad(.iri(ex + "s"), .iri(ex + "p"), .iri(ex + "o"), graph: .iri(ex + "g")))
        try writer.write(Quad(.iri(ex + "s"), .iri(ex + "q"), .iri(ex + "o"), graph: .iri(ex + "g")))
        try writer.finish()
        #expect(writer.string == """
            @prefix ex: <http://example.org/> .

            ex:s ex:p ex:o .
            ex:g {
                ex:s ex:p ex:o ;
                    ex:q ex:o .
            }

            """)
    }

    @Test func writersRefuseWhatTheSyntaxCannotHold() throws {
        var nt = NQuadsWriter(format: .ntriples)
        #expect(throws: RDFWriteError.self) { try nt.write(Quad(.iri("http://s"), .iri("http://p"), .iri("http://o"), graph: .iri("http://g"))) }
        #expect(throws: RDFWriteError.self) { try nt.write(Quad(.string("lit"), .iri("http://p"), .iri("http://o"))) }
        var ttl = try TurtleWriter()
        #expect(throws: RDFWriteError.self) { try ttl.write(Quad(.iri("http://s"), .iri("http://p"), .iri("http://o"), graph: .iri("http://g"))) }
        #expect(throws: RDFWriteError.self) { try ttl.write(Quad(.iri("http://s"), .blank("p"), .iri("http://o"))) }
        #expect(throws: RDFWriteError.self) { _ = try TurtleWriter(prefixes: ["1bad": "http://x/"]) }
    }

    @Test func emptyDocumentsAreValid() throws {
        var writer = try TurtleWriter(format: .trig, prefixes: ["a": "http://a/"])
        try writer.finish()
        #expect(try parse(writer.string, .trig).isEmpty)
    }

    @Test(arguments: [RDFFormat.nquads, .trig])
    func writesToAFileDescriptorInChunks(format: RDFFormat) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-writer-\(UUID().uuidString).\(format.fileExtension)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        var quads: [Quad] = []
        for i in 0..<3000 {
            quads.append(Quad(.iri("http://ex/s\(i / 3)"), .iri("http://ex/p"), .string("value \(i)"), graph: i % 2 == 0 ? nil : .iri("http://ex/g")))
        }
        if format == .nquads {
            var writer = NQuadsWriter(fileDescriptor: fd, format: format, bufferSize: 1000)
            for quad in quads { try writer.write(quad) }
            try writer.finish()
        } else {
            var writer = try TurtleWriter(fileDescriptor: fd, format: format, prefixes: ["ex": "http://ex/"], bufferSize: 1000)
            for quad in quads { try writer.write(quad) }
            try writer.finish()
        }
        close(fd)
        var read: [Quad] = []
        try RDFParser(format: format).parse(file: path) { read.append($0) }
        #expect(read == quads)
    }

    @Test func recognisesBareNumbers() {
        #expect(TurtleNames.matchesNumber("12") == .integer)
        #expect(TurtleNames.matchesNumber("-.5") == .decimal)
        #expect(TurtleNames.matchesNumber("1.e5") == .double)
        #expect(TurtleNames.matchesNumber(".5E+1") == .double)
        #expect(TurtleNames.matchesNumber("1.") == nil)
        #expect(TurtleNames.matchesNumber("e5") == nil)
        #expect(TurtleNames.matchesNumber("+") == nil)
        #expect(TurtleNames.matchesNumber("1e") == nil)
        #expect(TurtleNames.matchesNumber(" 1") == nil)
    }
}
