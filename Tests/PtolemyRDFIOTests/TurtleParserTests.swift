import Testing
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

@Suite struct TurtleParserTests {
    let ex = "http://example.org/"
    func e(_ local: String) -> Term { .iri("http://example.org/" + local) }

    @Test func parsesDirectivesListsAndAbbreviations() throws {
        let quads = try parse("""
            @prefix ex: <http://example.org/> .
            PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
            ex:s a ex:C ;
                 ex:p ex:o1 , ex:o2 ;
                 ex:q "x"@en , "1"^^xsd:integer ;;
                 .
            """, .turtle)
        #expect(quads == [
            Quad(e("s"), .iri(RDFVocabulary.type), e("C")),
            Quad(e("s"), e("p"), e("o1")),
            Quad(e("s"), e("p"), e("o2")),
            Quad(e("s"), e("q"), .langString("x", "en")),
            Quad(e("s"), e("q"), .typed("1", XSD.integer)),
        ])
    }

    @Test func keepsTheLexicalFormOfNumbersAndBooleans() throws {
        let quads = try parse("@prefix : <http://example.org/> . :s :p 1, -0.50, +7, .5, 1e3, 2.E-1, 1.5e+2, true, false, 3.", .turtle)
        let literals = quads.compactMap(\.object.literalValue).map { "\($0.lexicalForm)|\($0.datatype.split(separator: "#").last!)" }
        #expect(literals == ["1|integer", "-0.50|decimal", "+7|integer", ".5|decimal", "1e3|double", "2.E-1|double",
                             "1.5e+2|double", "true|boolean", "false|boolean", "3|integer"])
    }

    @Test func parsesStringForms() throws {
        let quads = try parse(#"""
            <http://example.org/s> <http://example.org/p> 'single "q"', "double 'q'", """long
            with "quotes" and ""two"" \u00E9""", '''x''', "esc\t\\\"\U0001F600", "" .
            """#, .turtle)
        #expect(quads.map(\.object) == [
            .string("single \"q\""), .string("double 'q'"), .string("long\nwith \"quotes\" and \"\"two\"\" é"),
            .string("x"), .string("esc\t\\\"😀"), .string(""),
        ])
    }

    @Test func buildsCollectionsAndBlankNodePropertyLists() throws {
        let quads = try parse("""
            @prefix : <http://example.org/> .
            :s :list ( 1 [ :q :r ] ) ; :empty () .
            [ :a :b ] :c :d .
            _:x :p [] .
            """, .turtle)
        let rdf = RDFVocabulary.self
        #expect(quads == [
            Quad(.blank("_g1"), .iri(rdf.first), .typed("1", XSD.integer)),
            Quad(.blank("_g1"), .iri(rdf.rest), .blank("_g2")),
            Quad(.blank("_g3"), e("q"), e("r")),
            Quad(.blank("_g2"), .iri(rdf.first), .blank("_g3")),
            Quad(.blank("_g2"), .iri(rdf.rest), .iri(rdf.nil)),
            Quad(e("s"), e("list"), .blank("_g1")),
            Quad(e("s"), e("empty"), .iri(rdf.nil)),
            Quad(.blank("_g4"), e("a"), e("b")),
            Quad(.blank("_g4"), e("c"), e("d")),
            Quad(.blank("x"), e("p"), .blank("_g5")),
        ])
    }

    @Test func documentLabelsNeverClashWithGeneratedOnes() throws {
        let quads = try parse("<http://x/s> <http://x/p> _:_g1, [] .", .turtle)
        #expect(quads.map(\.object) == [.blank("_g_g1"), .blank("_g1")])
    }

    @Test func resolvesRelativeIRIsAgainstTheChangingBase() throws {
        let quads = try parse("""
            <a> <b> <#c> .
            @base <sub/> .
            <d> <../e> <?q> .
            BASE <http://other.org/x/y>
            @prefix p: <z/> .
            p:w <//host/p> <> .
            """, .turtle, base: "http://ex.org/dir/doc")
        #expect(quads == [
            Quad(.iri("http://ex.org/dir/a"), .iri("http://ex.org/dir/b"), .iri("http://ex.org/dir/doc#c")),
            Quad(.iri("http://ex.org/dir/sub/d"), .iri("http://ex.org/dir/e"), .iri("http://ex.org/dir/sub/?q")),
            Quad(.iri("http://other.org/x/z/w"), .iri("http://host/p"), .iri("http://other.org/x/y")),
        ])
    }

    @Test func localNamesWithDotsEscapesAndColons() throws {
        let quads = try parse(#"""
            @prefix : <http://example.org/> .
            @prefix e.g: <http://eg.org/> .
            :s :p :a.b , :a\,b , :%20x , :a:b , e.g:c , :0 , : .
            :t :p _:o.
            """#, .turtle)
        #expect(quads.map(\.object) == [e("a.b"), e("a,b"), e("%20x"), e("a:b"), .iri("http://eg.org/c"), e("0"), e(""), .blank("o")])
    }

    @Test func parsesTriGGraphs() throws {
        let quads = try parse("""
            @prefix : <http://example.org/> .
            :s :p :o .
            :g1 { :s :p :o1 . :s :p :o2 }
            GRAPH :g2 { :s :p :o3 }
            _:b { :s :p :o4 . }
            GRAPH [] { :s :p :o5 }
            { :s :p :o6 }
            [] { :s :p :o7 }
            """, .trig)
        #expect(quads.map(\.graph) == [nil, e("g1"), e("g1"), e("g2"), .blank("b"), .blank("_g1"), nil, .blank("_g2")])
        #expect(quads.map(\.object) == (["o"] + (1...7).map { "o\($0)" }).map(e))
    }

    @Test(arguments: [
        ("@prefix : <http://example.org/> .\n:s :p :o ;\n   :q .", 3, 7, "expected an object"),
        ("@prefix : <http://example.org/> .\n:s :p undefined:o .", 2, 7, "undefined prefix"),
        ("<s> <p> <o> .", 1, 1, "no base IRI"),
        ("<http://a/s> <http://a/p> \"x\n\" .", 1, 29, "unterminated string"),
        ("<http://a/s> <http://a/p> <http://a/o>", 1, 39, "'.'"),
        ("<http://a/s> <http://a/p> \"a\"@en^^<http://a/d> .", 1, 33, "expected '.'"),
        ("@BASE <http://a/> .", 1, 1, "unknown directive"),
        ("<http://a/s> _:p <http://a/o> .", 1, 14, "not a blank node"),
        ("<http://a/s> <http://a/p> \"\\uDFFF\" .", 1, 28, "not a Unicode scalar value"),
        ("<http://a/s> <http://a/p> <http://a/\\u003E> .", 1, 37, "not allowed in an IRI"),
        ("<http://a/s> <http://a/p> 1.0e .", 1, 30, "expected '.'"),
    ])
    func reportsErrorsWithLineAndColumn(input: String, line: Int, column: Int, message: String) throws {
        let error = try #require(parseError(input, .turtle, fileName: "m.ttl"))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix("m.ttl:\(line):\(column): "))
    }

    @Test(arguments: [
        "GRAPH { <http://a/s> <http://a/p> <http://a/o> }",
        "GRAPH <http://a/g> { <http://a/s> <http://a/p> <http://a/o> } .",
        "<http://a/s> <http://a/p> <http://a/o>",
        "{ @prefix a: <http://a/> . }",
        "( 1 2 ) .",
        "[ <http://a/p> <http://a/o> ] { }",
        "<http://a/g> { <http://a/s> <http://a/p> <http://a/o> ",
        "{ <http://a/s> <http://a/p> <http://a/o> . . }",
    ])
    func rejectsInvalidTriG(input: String) {
        #expect(parseError(input, .trig) != nil)
    }

    @Test func limitsNesting() throws {
        let deep = "<http://a/s> <http://a/p> " + String(repeating: "( ", count: 200) + String(repeating: ") ", count: 200) + "."
        let error = try #require(parseError(deep, .turtle))
        #expect(error.message.contains("nest deeper"))
        var parser = TurtleParser(format: .turtle)
        parser.maximumNesting = 300
        var source = MemoryByteSource(Array(deep.utf8))
        var count = 0
        try parser.parse(source: &source) { _ in count += 1 }
        #expect(count == 399)
    }

    @Test func recoverySkipsWholeStatements() throws {
        let (quads, errors) = try parseRecovering("""
            @prefix : <http://example.org/> .
            :s :p :o1 .
            :s :p :o2 ; :q [ :r <bad iri> ] .
            :s :p :o3 .
            :s :p ( 1 2 ; :q :z .
            :s :p :o4 ; :q undefined:x .
            :s :p :o5 .
            """, .turtle)
        #expect(quads.map(\.object) == [e("o1"), e("o3"), e("o5")])
        #expect(errors.map(\.line) == [3, 5, 6])
    }

    @Test func recoveryInsideTriGGraphs() throws {
        let (quads, errors) = try parseRecovering("""
            @prefix : <http://example.org/> .
            :g { :s :p :o1 . :s :p bad:o . :s :p :o2 }
            :g2 { :s :p :o3 . :s "lit" :o . }
            :s :p :o4 .
            """, .trig)
        #expect(quads.map(\.object) == [e("o1"), e("o2"), e("o3"), e("o4")])
        #expect(quads.map(\.graph) == [e("g"), e("g"), e("g2"), nil])
        #expect(errors.count == 2)
    }

    @Test(arguments: [1, 2, 5, 13, 4096])
    func streamsThroughAnyChunking(step: Int) throws {
        var text = "@prefix : <http://example.org/> .\n"
        for i in 0..<200 {
            text += ":s\(i) :p \"\"\"multi\nline \(i) é\"\"\" , [ :q (\(i) \(i).5 \(i)e1) ] ; a :C .\n"
        }
        let expected = try parse(text, .turtle)
        var source = TrickleSource(text, step: step)
        var quads: [Quad] = []
        try TurtleParser(format: .turtle).parse(source: &source) { quads.append($0) }
        #expect(quads == expected)
        #expect(quads.count == 200 * 10)
    }

    @Test func returnsTheDeclaredPrefixes() throws {
        var source = MemoryByteSource(Array("@prefix a: <http://a/> . PREFIX : <http://b/>".utf8))
        let prefixes = try TurtleParser(format: .turtle).parse(source: &source) { _ in }
        #expect(prefixes == ["a": "http://a/", "": "http://b/"])
    }
}
