import Testing
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

/// Random damage to valid documents: every parser must either parse the result or throw
/// an `RDFParseError`, never crash or hang, in strict and in recovery mode, whatever the
/// chunking. (A deterministic generator keeps failures reproducible.)
@Suite struct ParserFuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let documents: [(RDFFormat, String)] = [
        (.ntriples, """
            <http://ex/s> <http://ex/p> <http://ex/o> .
            _:b0 <http://ex/p> "lit\\u00E9\\n" .
            <http://ex/s> <http://ex/p> "x"@en-GB . # comment
            <http://ex/s> <http://ex/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://ex/s\\u0041> <http://ex/p> "é€😀" .

            """),
        (.nquads, """
            <http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .
            _:b0 <http://ex/p> "lit" _:g .
            <http://ex/s> <http://ex/p> "x"@en .

            """),
        (.turtle, """
            @prefix : <http://ex/> .
            @base <http://base/> .
            :s a :C ; :p "x"@en, 1.5, -2, 3e4, true, '''long
            string''' ; :q [ :r ( 1 <rel> _:b.c ) ] .
            [] :p :o .
            PREFIX e.g: <http://eg/>
            e.g:a\\,b :p "\\u00E9" .

            """),
        (.trig, """
            PREFIX : <http://ex/>
            :g { :s :p :o . :s :q [ :r 1 ] }
            GRAPH _:b { :a :b ( ) }
            { :d :e "f" . }
            :s :p :o .

            """),
        (.rdfxml, """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/">
              <rdf:Description rdf:about="http://ex/s" ex:a="b">
                <ex:p xml:lang="en">x</ex:p>
                <ex:q rdf:parseType="Resource"><ex:r>1</ex:r></ex:q>
              </rdf:Description>
            </rdf:RDF>

            """),
    ]

    static let alphabet: [UInt8] = Array("<>\"'\\_:.;,[](){}@^#\n\r \tae0uU-+%".utf8) + [0x00, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]

    @Test(arguments: 0..<documents.count)
    func damagedDocumentsFailCleanly(index: Int) throws {
        let (format, text) = Self.documents[index]
        let original = Array(text.utf8)
        // The undamaged document parses.
        #expect(try parse(text, format, base: "http://base/").count > 0)
        var random = Generator(state: UInt64(index + 1) &* 0x9E3779B97F4A7C15)
        for _ in 0..<(format == .rdfxml ? 150 : 400) {
            var bytes = original
            for _ in 0..<(1 + random.next(4)) where !bytes.isEmpty {
                let at = random.next(bytes.count)
                switch random.next(3) {
                case 0: bytes[at] = Self.alphabet[random.next(Self.alphabet.count)]
                case 1: bytes.insert(Self.alphabet[random.next(Self.alphabet.count)], at: at)
                default: bytes.remove(at: at)
                }
            }
            if random.next(4) == 0 && !bytes.isEmpty { bytes.removeLast(random.next(bytes.count)) } // truncated input
            let step = [1, 3, 17, 4096][random.next(4)]
            for recovering in [false, true] {
                var source = TrickleSource(bytes: bytes, step: step)
                var errors = 0
                do {
                    try RDFParser(format: format, baseIRI: "http://base/").parse(
                        source: &source, fileName: "fuzz", onError: recovering ? { _ in errors += 1 } : nil) { _ in }
                } catch let error as RDFParseError {
                    #expect(!recovering || format == .rdfxml, "recovery threw \(error) for \(String(decoding: bytes, as: UTF8.self))")
                    #expect(error.line >= 1 && error.column >= 1)
                } catch {
                    Issue.record("unexpected error \(error) for \(String(decoding: bytes, as: UTF8.self))")
                }
            }
        }
    }
}
