import Testing
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

@Suite struct NTriplesParserTests {
    @Test func parsesTriplesWithEveryKindOfTerm() throws {
        let quads = try parse("""
            <http://ex/s> <http://ex/p> <http://ex/o> .
            _:b1 <http://ex/p> "plain" .
            <http://ex/s> <http://ex/p> "chat"@fr-BE .
            <http://ex/s> <http://ex/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <http://ex/s> <http://ex/p> _:b2 . # a comment
            """, .ntriples)
        #expect(quads == [
            Quad(iri("http://ex/s"), iri("http://ex/p"), iri("http://ex/o")),
            Quad(.blank("b1"), iri("http://ex/p"), .string("plain")),
            Quad(iri("http://ex/s"), iri("http://ex/p"), .langString("chat", "fr-BE")),
            Quad(iri("http://ex/s"), iri("http://ex/p"), .typed("1", XSD.integer)),
            Quad(iri("http://ex/s"), iri("http://ex/p"), .blank("b2")),
        ])
    }

    @Test func parsesQuadsWithAndWithoutGraph() throws {
        let quads = try parse("""
            <http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .
            <http://ex/s> <http://ex/p> "x" _:g .
            <http://ex/s> <http://ex/p> "y" .
            """, .nquads)
        #expect(quads.map(\.graph) == [iri("http://ex/g"), .blank("g"), nil])
    }

    @Test func decodesEscapes() throws {
        let quads = try parse(#"""
            <http://ex/\u00E9> <http://ex/p> "tab\tnl\nquote\"back\\slash\u00E9\U0001F600 nul\u0000." .
            """#, .ntriples)
        #expect(quads[0].subject == iri("http://ex/é"))
        #expect(quads[0].object == .string("tab\tnl\nquote\"back\\slashé😀 nul\u{0}."))
    }

    @Test func keepsRawNULAndMultiByteCharactersInLiterals() throws {
        var bytes = Array(#"<http://ex/s> <http://ex/p> "a"#.utf8)
        bytes.append(0)
        bytes += Array("b€𝄞\" .\n".utf8)
        var source = MemoryByteSource(bytes)
        var objects: [Term] = []
        try NTriplesParser(format: .ntriples).parse(source: &source) { objects.append($0.object) }
        #expect(objects == [.string("a\u{0}b€𝄞")])
    }

    @Test func blankNodeLabelStopsBeforeTheFinalDot() throws {
        let quads = try parse("_:s<http://ex/p>_:o.\n_:a.b <http://ex/p> _:c.d.\n", .ntriples)
        #expect(quads.map(\.object) == [.blank("o"), .blank("c.d")])
        #expect(quads[1].subject == .blank("a.b"))
    }

    @Test func explicitXSDStringIsASimpleLiteralInTheRawAPI() throws {
        var source = MemoryByteSource(Array(#"<http://ex/s> <http://ex/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> ."#.utf8))
        var datatypeCounts: [Int] = []
        try NTriplesParser(format: .ntriples).parseRaw(source: &source) { datatypeCounts.append($0.object.datatype.count) }
        #expect(datatypeCounts == [0])
    }

    @Test func rawStatementsCarryTheirLineNumbers() throws {
        var source = MemoryByteSource(Array("# header\n\n<http://ex/s> <http://ex/p> \"a\\nb\" .\r\n<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n".utf8))
        var seen: [(Int, String, RawTermKind, Bool)] = []
        try NTriplesParser(format: .nquads).parseRaw(source: &source) { statement in
            seen.append((statement.line, statement.object.valueString, statement.object.kind, statement.graph != nil))
        }
        #expect(seen.count == 2)
        #expect(seen[0] == (3, "a\nb", .literal, false))
        #expect(seen[1] == (4, "http://ex/o", .iri, true))
    }

    @Test(arguments: [
        ("<s> <http://ex/p> <http://ex/o> .", 1, "relative IRI"),
        ("<http://ex/s> <http://ex/p> \"\\uD800\" .", 30, "not a Unicode scalar value"),
        ("<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .", 43, "N-Triples has no graph names"),
        ("<http://ex/s> <http://ex/p> <http://ex/o> . <http://ex/s> <http://ex/p> <http://ex/o> .", 45, "one statement per line"),
        ("<http://ex/s> <http://ex/p> \"abc .", 35, "unterminated string"),
        ("<http://ex/s> <http://ex/p> 1 .", 29, "expected an object"),
        ("<http://ex/s> <http://ex/p> <http://ex/\\u0020> .", 40, "not allowed in an IRI"),
        ("<http://ex/s> <http://ex/p> \"x\"@1 .", 33, "language tag"),
        ("_::a <http://ex/p> <http://ex/o> .", 3, "blank node label"),
        ("<http://ex/s> <http://ex/p> <http://ex/o>", 42, "'.'"),
        ("@prefix : <http://ex/> .", 1, "expected a subject"),
        ("<http://ex/s> <http://ex/p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .", 34, "langString"),
    ])
    func rejectsInvalidStatementsWithTheirColumn(input: String, column: Int, message: String) throws {
        let error = try #require(parseError("# comment\n" + input + "\n", .ntriples, fileName: "data.nt"))
        #expect(error.line == 2)
        #expect(error.column == column)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix("data.nt:2:\(column): "))
    }

    @Test func rejectsInvalidUTF8() throws {
        var bytes = Array(#"<http://ex/s> <http://ex/p> "é"#.utf8)
        bytes += [0xC3, 0x28] // a lead byte without its continuation
        bytes += Array("\" .\n".utf8)
        var source = MemoryByteSource(bytes)
        #expect(throws: RDFParseError.self) { try NTriplesParser(format: .ntriples).parse(source: &source) { _ in } }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(parseError("<http://ex/é> <http://ex/p> \"€€\" x .\n", .ntriples))
        #expect(error.column == 34)
    }

    @Test func countsLinesAcrossLineBreakStyles() throws {
        let error = try #require(parseError("<http://ex/s> <http://ex/p> <http://ex/o> .\r\n\r<http://ex/s> <http://ex/p> <http://ex/o> .\r\nbad\n", .ntriples))
        #expect(error.line == 4)
        #expect(error.column == 1)
    }

    @Test func acceptsAMissingFinalLineBreakAndAByteOrderMark() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array("<http://ex/s> <http://ex/p> <http://ex/o> .\n<http://ex/s> <http://ex/p> \"last\" .".utf8)
        var source = MemoryByteSource(bytes)
        var count = 0
        try NTriplesParser(format: .ntriples).parse(source: &source) { _ in count += 1 }
        #expect(count == 2)
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func streamsThroughAnyChunking(step: Int) throws {
        var text = ""
        for i in 0..<300 {
            text += "<http://ex/s\(i)> <http://ex/p> \"v\\u00E9\(String(repeating: "x", count: i % 97))\"@en <http://ex/g\(i % 3)> .\n"
            if i % 50 == 0 { text += "# comment \(i)\r\n\n" }
        }
        let expected = try parse(text, .nquads)
        #expect(expected.count == 300)
        var parser = NTriplesParser(format: .nquads)
        parser.chunkSize = 64 // lines longer than the chunk make the buffer grow
        var source = TrickleSource(text, step: step)
        var quads: [Quad] = []
        try parser.parse(source: &source) { quads.append($0) }
        #expect(quads == expected)
    }

    @Test func recoveryReportsEachBadLineAndKeepsTheRest() throws {
        let (quads, errors) = try parseRecovering("""
            <http://ex/s> <http://ex/p> <http://ex/o1> .
            <http://ex/s> <http://ex/p> bad .
            <http://ex/s> <http://ex/p> <http://ex/o3> .
            <relative> <http://ex/p> <http://ex/o> .
            <http://ex/s> <http://ex/p> "unterminated .
            <http://ex/s> <http://ex/p> <http://ex/o6> .
            """, .ntriples)
        #expect(quads.map(\.object) == [iri("http://ex/o1"), iri("http://ex/o3"), iri("http://ex/o6")])
        #expect(errors.map(\.line) == [2, 4, 5])
    }

    @Test func recoveryStopsWhenTheHandlerThrows() throws {
        struct Stop: Error {}
        var source = MemoryByteSource(Array("bad\n<http://ex/s> <http://ex/p> <http://ex/o> .\n".utf8))
        var count = 0
        #expect(throws: Stop.self) {
            try NTriplesParser(format: .ntriples).parse(source: &source, onError: { _ in throw Stop() }) { _ in count += 1 }
        }
        #expect(count == 0)
    }

    @Test func callbackErrorsPropagate() throws {
        struct Stop: Error {}
        var source = MemoryByteSource(Array("<http://ex/s> <http://ex/p> <http://ex/o> .\n<http://ex/s> <http://ex/p> <http://ex/o> .\n".utf8))
        var count = 0
        #expect(throws: Stop.self) {
            try NTriplesParser(format: .ntriples).parse(source: &source) { _ in
                count += 1
                throw Stop()
            }
        }
        #expect(count == 1)
    }
}
