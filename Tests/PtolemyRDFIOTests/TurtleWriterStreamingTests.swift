import Testing
import PtolemyRDF
@testable import PtolemyRDFIO

@Suite struct TurtleWriterStreamingTests {
    /// A response streams a document piece by piece: the pieces together are the document.
    @Test(arguments: [RDFFormat.turtle, .trig])
    func takenPiecesMakeTheWholeDocument(format: RDFFormat) throws {
        let quads = (0..<50).map { i in
            Quad(.iri("http://ex/s\(i / 5)"), .iri("http://ex/p\(i % 2)"), .string("v\(i)"),
                 graph: format == .trig && i >= 25 ? .iri("http://ex/g") : nil)
        }
        var whole = try TurtleWriter(format: format, prefixes: ["ex": "http://ex/"])
        var pieces = try TurtleWriter(format: format, prefixes: ["ex": "http://ex/"])
        var taken: [UInt8] = []
        for (i, quad) in quads.enumerated() {
            try whole.write(quad)
            try pieces.write(quad)
            if i % 7 == 0 { taken += pieces.takeBytes() }
        }
        try whole.finish()
        try pieces.finish()
        taken += pieces.takeBytes()
        #expect(taken == whole.bytes)
        #expect(pieces.bytes.isEmpty)
        #expect(try RDFParser(format: format).quads(in: String(decoding: taken, as: UTF8.self)) == quads)
    }
}
