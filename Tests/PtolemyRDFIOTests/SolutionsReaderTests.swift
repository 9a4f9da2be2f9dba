import Testing
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

/// Reads a whole results document fed `step` bytes at a time (``TrickleSource`` of TestSupport).
private func readAll(_ bytes: [UInt8], _ format: ResultsFormat, step: Int = 1 << 20, maxTermLength: Int? = nil) throws -> (ResultsHead, [[Term?]]) {
    let reader = try SolutionsReader(format: format, source: TrickleSource(bytes: bytes, step: step), origin: "test")
    if let maxTermLength { reader.maxTermLength = maxTermLength }
    let head = try reader.readHead()
    var rows: [[Term?]] = []
    while let row = try reader.next() { rows.append(row) }
    #expect(reader.bytesRead == bytes.count)
    return (head, rows)
}

private func readAll(_ text: String, _ format: ResultsFormat, step: Int = 1 << 20) throws -> (ResultsHead, [[Term?]]) {
    try readAll(Array(text.utf8), format, step: step)
}

/// The error reading `bytes` raises (nil when it reads fine).
private func readError(_ bytes: [UInt8], _ format: ResultsFormat, step: Int = 1 << 20, maxTermLength: Int? = nil) -> ResultsParseError? {
    do {
        _ = try readAll(bytes, format, step: step, maxTermLength: maxTermLength)
        return nil
    } catch let error as ResultsParseError {
        return error
    } catch {
        return ResultsParseError(origin: "", line: 0, column: 0, message: "unexpected error type: \(error)")
    }
}

private func readError(_ text: String, _ format: ResultsFormat, step: Int = 1 << 20) -> ResultsParseError? {
    readError(Array(text.utf8), format, step: step)
}

/// Line and column (1-based, in Unicode scalars) of the first occurrence of `marker` in `text`:
/// where an error about that text must point.
private func place(of marker: String, in text: String, offset: Int = 0) -> (line: Int, column: Int) {
    let scalars = Array(text.unicodeScalars)
    let needle = Array(marker.unicodeScalars)
    var index = 0
    while !scalars[index..<min(index + needle.count, scalars.count)].elementsEqual(needle) { index += 1 }
    index += offset
    var line = 1, column = 1
    for s in scalars[..<index] {
        if s == "\n" { line += 1; column = 1 } else { column += 1 }
    }
    return (line, column)
}

private func expectError(_ error: ResultsParseError?, at expected: (line: Int, column: Int), containing words: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error else {
        Issue.record("expected an error containing \"\(words)\"", sourceLocation: sourceLocation)
        return
    }
    #expect(error.line == expected.line && error.column == expected.column,
            "error \(error) expected at \(expected.line):\(expected.column)", sourceLocation: sourceLocation)
    #expect(error.message.contains(words), "error \(error) should mention \"\(words)\"", sourceLocation: sourceLocation)
}

private let xsd = "http://www.w3.org/2001/XMLSchema#"

@Suite struct SolutionsReaderTests {
    // MARK: - JSON

    static let jsonSample = #"""
        {
          "head": { "vars": [ "s", "b", "plain", "lang", "typed", "old", "unbound" ],
                    "link": [ "http://example.org/about" ] },
          "results": {
            "distinct": false, "ordered": true,
            "bindings": [
              {
                "s": { "type": "uri", "value": "http://example.org/s\u00e9" },
                "b": { "type": "bnode", "value": "r1" },
                "plain": { "type": "literal", "value": "q\"b\\s\/l\bf\fn\nr\rt\t\ud83d\ude00 é€𝄞" },
                "lang": { "xml:lang": "fr-BE", "value": "chat", "type": "literal" },
                "typed": { "datatype": "http://www.w3.org/2001/XMLSchema#integer", "type": "literal", "value": "42" },
                "old": { "type": "typed-literal", "value": "1.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal" }
              },
              { "unbound": { "type": "literal", "value": "", "x-extension": { "deep": [1, -2.5e+3, true, null, "s"] } } },
              {}
            ]
          }
        }
        """#

    static let jsonExpected: [[Term?]] = [
        [.iri("http://example.org/sé"), .blank("r1"), .string("q\"b\\s/l\u{8}f\u{C}n\nr\rt\t😀 é€𝄞"),
         .langString("chat", "fr-BE"), .typed("42", xsd + "integer"), .typed("1.5", xsd + "decimal"), nil],
        [nil, nil, nil, nil, nil, nil, .string("")],
        [nil, nil, nil, nil, nil, nil, nil],
    ]

    @Test func jsonReadsEveryTermKindEscapesAndUnboundValues() throws {
        let (head, rows) = try readAll(Self.jsonSample, .json)
        #expect(head == .variables(["s", "b", "plain", "lang", "typed", "old", "unbound"]))
        #expect(rows == Self.jsonExpected)
        #expect(rows[0][3]?.literalValue?.datatype == RDFVocabulary.langString)
        #expect(rows[0][2]?.literalValue?.datatype == XSD.string)
    }

    @Test(arguments: [1, 7])
    func jsonReadsTheSameInSmallChunks(step: Int) throws {
        let (head, rows) = try readAll(Self.jsonSample, .json, step: step)
        #expect(head == .variables(["s", "b", "plain", "lang", "typed", "old", "unbound"]))
        #expect(rows == Self.jsonExpected)
    }

    @Test func jsonEmptyResults() throws {
        #expect(try readAll(#"{"head":{"vars":["x"]},"results":{"bindings":[]}}"#, .json) == (.variables(["x"]), []))
        #expect(try readAll(#"{"head":{"vars":[]},"results":{"bindings":[{}]}}"#, .json) == (.variables([]), [[]]))
        // A results object without bindings is no solution at all.
        #expect(try readAll(#"{"head":{"vars":["x"]},"results":{}}"#, .json) == (.variables(["x"]), []))
    }

    @Test func jsonAsk() throws {
        #expect(try readAll(#"{"head":{},"boolean":true}"#, .json).0 == .boolean(true))
        #expect(try readAll(" { \"boolean\" : false , \"head\" : { \"link\": [] } } \n", .json) == (.boolean(false), []))
        #expect(try readAll(Array(SolutionsSerializer.boolean(true, format: .json)), .json, step: 1).0 == .boolean(true))
    }

    @Test func jsonMembersInAnyOrder() throws {
        // "results" before "head": legal JSON, buffered until the head comes.
        let doc = #"""
            {"results": {"bindings": [{"y": {"value": "v", "type": "literal"}, "x": {"type": "uri", "value": "http://ex/a"}},
                                      {"x": {"value": "b1", "type": "bnode"}}],
                         "ordered": false},
             "extra": {"a": [[], {}, 0, -0.5, 1E3, "\u0041"]},
             "head": {"link": [], "vars": ["x", "y"]}}
            """#
        for step in [1, 7, 1 << 16] {
            let (head, rows) = try readAll(doc, .json, step: step)
            #expect(head == .variables(["x", "y"]))
            #expect(rows == [[.iri("http://ex/a"), .string("v")], [.blank("b1"), nil]])
        }
        // Unknown members before "head", and after "results".
        // An empty language tag is no language tag.
        let emptyTag = #"{"head": {"vars": ["v"]}, "results": {"bindings": [{"v": {"type": "literal", "value": "a", "xml:lang": ""}}]}}"#
        #expect(try readAll(emptyTag, .json) == (.variables(["v"]), [[.string("a")]]))
        let late = #"{"x-first": null, "head": {"vars": ["v"]}, "results": {"bindings": [{"v": {"type": "uri", "value": "u:1"}}], "x": 1}, "x-last": [true]}"#
        #expect(try readAll(late, .json) == (.variables(["v"]), [[.iri("u:1")]]))
    }

    @Test func jsonErrors() {
        let badEscape = """
            {"head": {"vars": ["x"]},
             "results": {"bindings": [
              {"x": {"type": "literal", "value": "a\\qb"}}]}}
            """
        expectError(readError(badEscape, .json), at: place(of: "\\q", in: badEscape), containing: "invalid escape \\q")

        let unknown = """
            {"head": {"vars": ["x"]},
             "results": {"bindings": [
              {"x": {"type": "uri", "value": "u:x"}, "zz": {"type": "uri", "value": "u:z"}}]}}
            """
        expectError(readError(unknown, .json), at: place(of: "\"zz\"", in: unknown), containing: "\"zz\"")
        // The same when the head comes last (the place is remembered).
        let unknownEarly = """
            {"results": {"bindings": [
              {"zz": {"type": "uri", "value": "u:z"}}]},
             "head": {"vars": ["x"]}}
            """
        expectError(readError(unknownEarly, .json), at: place(of: "\"zz\"", in: unknownEarly), containing: "\"zz\"")

        let badType = #"{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "iri", "value": "u:x"}}]}}"#
        expectError(readError(badType, .json), at: place(of: "\"iri\"", in: badType), containing: "unknown term type \"iri\"")

        let triple = #"{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "triple", "value": {"subject": {}}}}]}}"#
        expectError(readError(triple, .json), at: place(of: "\"triple\"", in: triple), containing: "triple terms are not supported")

        let noHead = #"{"results": {"bindings": []}}"#
        expectError(readError(noHead, .json), at: (1, 29), containing: "missing \"head\"")

        let noType = #"{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"value": "v"}}]}}"#
        expectError(readError(noType, .json), at: place(of: "}}]", in: noType), containing: "without a \"type\"")

        let trailing = #"{"head": {}, "boolean": true} x"#
        expectError(readError(trailing, .json), at: (1, 31), containing: "after the end")

        let lone = #"{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "\ud800x"}}]}}"#
        expectError(readError(lone, .json), at: place(of: "\\ud800", in: lone), containing: "surrogate")

        let control = "{\"head\": {\"vars\": [\"x\"]}, \"results\": {\"bindings\": [{\"x\": {\"type\": \"literal\", \"value\": \"a\tb\"}}]}}"
        expectError(readError(control, .json), at: place(of: "\t", in: control), containing: "must be escaped")

        let comma = #"{"head": {"vars": ["x"],}, "results": {"bindings": []}}"#
        expectError(readError(comma, .json), at: place(of: "}, \"results", in: comma), containing: "member name")
    }

    @Test func jsonRefusesDeepNesting() {
        let depthOK = "{\"head\": {\"vars\": []}, \"x\": " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
            + ", \"results\": {\"bindings\": []}}"
        #expect(readError(depthOK, .json) == nil)
        let tooDeep = "{\"head\": {\"vars\": []}, \"x\": " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
            + ", \"results\": {\"bindings\": []}}"
        // The top-level object is level 1, so the 64th bracket opens level 65.
        expectError(readError(tooDeep, .json), at: place(of: "\"x\": ", in: tooDeep, offset: 5 + 63), containing: "deeper than 64")
    }

    @Test func jsonTruncatedAnywhereIsAnError() {
        let doc = Array(#"{"head":{"vars":["a","b"]},"results":{"bindings":[{"a":{"type":"literal","value":"x\u00e9\ud83d\ude00\n€","xml:lang":"en"},"b":{"type":"uri","value":"u:1"}},{"b":{"type":"literal","value":"-1.5e3","datatype":"u:d"}}],"x":[1,-2.5e+3,true,false,null]}}"#.utf8)
        #expect(readError(doc, .json) == nil)
        for length in 0..<doc.count {
            let error = readError(Array(doc[..<length]), .json)
            #expect(error?.message == "unexpected end of input", "prefix of \(length) bytes: \(String(describing: error))")
            #expect(error?.column == doc[..<length].filter { $0 & 0xC0 != 0x80 }.count + 1)
        }
    }

    @Test func jsonInvalidUTF8() {
        var bytes = Array(#"{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ab"#.utf8)
        let column = bytes.count + 1
        bytes += [0xC3, 0x28] + Array(#""}}]}}"#.utf8)
        expectError(readError(bytes, .json), at: (1, column), containing: "invalid UTF-8")
        // An overlong encoding and a UTF-16 surrogate are invalid too.
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80]] {
            let doc = Array(#"{"head": {"vars": []}, "x": ""#.utf8) + bad + Array(#"", "results": {"bindings": []}}"#.utf8)
            #expect(readError(doc, .json)?.message.contains("invalid UTF-8") == true)
        }
    }

    @Test func jsonTermLengthLimit() {
        let doc = Array(#"{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": ""#.utf8)
            + Array(repeating: UInt8(ascii: "a"), count: 300) + Array(#""}}]}}"#.utf8)
        #expect(readError(doc, .json, maxTermLength: 1000) == nil)
        for step in [1, 1 << 16] {
            #expect(readError(doc, .json, step: step, maxTermLength: 100)?.message.contains("longer than 100 bytes") == true)
        }
    }

    // MARK: - XML

    static let xmlSample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment -->
        <?xml-stylesheet type="text/xsl" href="x.xsl"?>
        <res:sparql xmlns:res='http://www.w3.org/2005/sparql-results#' xmlns:ext="http://example.org/ext">
          <res:head>
            <res:variable name="s"/>
            <res:variable name='b'></res:variable>
            <res:variable name="lit"/>
            <res:variable name="lang"/>
            <res:variable name="typed"/>
            <res:link href="http://example.org/about"/>
          </res:head>
          <ext:note>ignored <ext:deep a="1">text &amp; more</ext:deep></ext:note>
          <res:results>
            <res:result>
              <res:binding name="s"><res:uri>http://example.org/s?a=1&amp;b=&#xE9;</res:uri></res:binding>
              <res:binding name="b"><res:bnode>r1</res:bnode></res:binding>
              <res:binding name="lit"><res:literal>&lt;a&gt; &quot;q&quot; &apos;s&apos; &#233;&#x1F600; é€𝄞 <![CDATA[<raw> & ]]> x<!-- c -->y</res:literal></res:binding>
              <res:binding name="lang"><res:literal xml:lang="fr-BE">chat</res:literal></res:binding>
              <res:binding name="typed"><res:literal datatype="http://www.w3.org/2001/XMLSchema#integer">42</res:literal></res:binding>
            </res:result>
            <res:result>
              <res:binding name="lit"><res:literal/></res:binding>
            </res:result>
            <res:result/>
          </res:results>
        </res:sparql>
        <!-- trailing comment -->
        """

    static let xmlExpected: [[Term?]] = [
        [.iri("http://example.org/s?a=1&b=é"), .blank("r1"), .string("<a> \"q\" 's' é😀 é€𝄞 <raw> &  xy"),
         .langString("chat", "fr-BE"), .typed("42", xsd + "integer")],
        [nil, nil, .string(""), nil, nil],
        [nil, nil, nil, nil, nil],
    ]

    @Test(arguments: [1, 7, 1 << 16])
    func xmlReadsEveryTermKindWithPrefixedNamespace(step: Int) throws {
        let (head, rows) = try readAll(Self.xmlSample, .xml, step: step)
        #expect(head == .variables(["s", "b", "lit", "lang", "typed"]))
        #expect(rows == Self.xmlExpected)
    }

    @Test func xmlDefaultNamespaceLineBreaksAndEmptyResults() throws {
        let doc = "\u{FEFF}<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\"><head><variable name=\"x\"/></head>\r\n"
            + "<results><result><binding name=\"x\"><literal>a\r\nb\rc&#13;d\te</literal></binding></result></results></sparql>"
        let (head, rows) = try readAll(doc, .xml)
        #expect(head == .variables(["x"]))
        #expect(rows == [[.string("a\nb\nc\rd\te")]])
        let empty = #"<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><results/></sparql>"#
        #expect(try readAll(empty, .xml) == (.variables([]), []))
        let noRows = #"<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head><results></results></sparql>"#
        #expect(try readAll(noRows, .xml, step: 3) == (.variables(["x"]), []))
    }

    @Test func xmlAsk() throws {
        for value in [true, false] {
            let bytes = SolutionsSerializer.boolean(value, format: .xml)
            #expect(try readAll(bytes, .xml, step: 1) == (.boolean(value), []))
        }
        let spaced = "<s:sparql xmlns:s=\"http://www.w3.org/2005/sparql-results#\"><s:head><s:link href=\"x\"/></s:head>\n<s:boolean> true </s:boolean></s:sparql>"
        #expect(try readAll(spaced, .xml).0 == .boolean(true))
    }

    @Test func xmlErrors() {
        let ns = "xmlns=\"http://www.w3.org/2005/sparql-results#\""
        let doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE sparql [<!ENTITY a \"aaaa\">]>\n<sparql \(ns)/>"
        expectError(readError(doctype, .xml), at: (2, 1), containing: "DOCTYPE")

        let unknown = "<sparql \(ns)>\n<head><variable name=\"x\"/></head>\n<results><result><binding name=\"zz\"><uri>u:1</uri></binding></result></results></sparql>"
        expectError(readError(unknown, .xml), at: place(of: "zz", in: unknown), containing: "\"zz\"")

        let mismatch = "<sparql \(ns)>\n<head></head>\n<results></result></sparql>"
        expectError(readError(mismatch, .xml), at: place(of: "</result>", in: mismatch), containing: "does not match")

        let entity = "<sparql \(ns)><head><variable name=\"x\"/></head><results><result><binding name=\"x\"><literal>&nbsp;</literal></binding></result></results></sparql>"
        expectError(readError(entity, .xml), at: place(of: "&nbsp;", in: entity), containing: "undefined entity")

        let triple = "<sparql \(ns)><head><variable name=\"x\"/></head><results><result><binding name=\"x\"><triple/></binding></result></results></sparql>"
        expectError(readError(triple, .xml), at: place(of: "<triple", in: triple), containing: "triple terms are not supported")

        let noNamespace = "<sparql><head/><results/></sparql>"
        expectError(readError(noNamespace, .xml), at: (1, 1), containing: "not in the SPARQL results namespace")

        let element = "<sparql \(ns)><head><variable name=\"x\"/></head><results><result><binding name=\"x\"><literal>a<b/></literal></binding></result></results></sparql>"
        expectError(readError(element, .xml), at: place(of: "<b/>", in: element), containing: "not allowed inside <literal>")

        let encoding = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><sparql \(ns)/>"
        expectError(readError(encoding, .xml), at: (1, 1), containing: "unsupported encoding")

        let text = "<sparql \(ns)><head>oops</head></sparql>"
        expectError(readError(text, .xml), at: place(of: "oops", in: text), containing: "unexpected text")

        let after = "<sparql \(ns)><head/><results/></sparql><sparql \(ns)/>"
        expectError(readError(after, .xml), at: place(of: "</sparql>", in: after, offset: 9), containing: "after the end")

        var invalid = Array("<sparql \(ns)><head><variable name=\"x\"/></head><results><result><binding name=\"x\"><literal>ab".utf8)
        let column = invalid.count + 1
        invalid += [0xFF] + Array("</literal></binding></result></results></sparql>".utf8)
        expectError(readError(invalid, .xml), at: (1, column), containing: "invalid UTF-8")
    }

    @Test func xmlTruncatedAnywhereIsAnError() {
        let doc = Array("<?xml version=\"1.0\"?><!--c--><s:sparql xmlns:s='http://www.w3.org/2005/sparql-results#'><s:head><s:variable name=\"a\"/></s:head><s:results><s:result><s:binding name=\"a\"><s:literal xml:lang=\"en\">x&amp;é<![CDATA[]]>&#x1F600;</s:literal></s:binding></s:result></s:results></s:sparql>".utf8)
        #expect(readError(doc, .xml) == nil)
        for length in 0..<doc.count {
            let error = readError(Array(doc[..<length]), .xml)
            #expect(error?.message == "unexpected end of input", "prefix of \(length) bytes: \(String(describing: error))")
        }
    }

    // MARK: - TSV

    static let tsvSample = "?s\t?b\t?lit\t?lang\t?typed\t?n\n"
        + "<http://example.org/s\\u00E9>\t_:r1\t\"q\\\"b\\\\t\\tn\\nr\\r\\U0001F600 é€𝄞'\"\t\"chat\"@fr-BE\t\"42\"^^<http://www.w3.org/2001/XMLSchema#integer>\t12\r\n"
        + "\t\t'single \\' quoted'\t\t\t-1.5\n"
        + "\t\t\t\t\t1e3\n"
        + "\t\t\t\t\ttrue\n"
        + "\t\t\t\t\t.5E-2\n"
        + "\t\t\t\t\t"

    static let tsvExpected: [[Term?]] = [
        [.iri("http://example.org/sé"), .blank("r1"), .string("q\"b\\t\tn\nr\r😀 é€𝄞'"), .langString("chat", "fr-BE"),
         .typed("42", xsd + "integer"), .typed("12", xsd + "integer")],
        [nil, nil, .string("single ' quoted"), nil, nil, .typed("-1.5", xsd + "decimal")],
        [nil, nil, nil, nil, nil, .typed("1e3", xsd + "double")],
        [nil, nil, nil, nil, nil, .typed("true", xsd + "boolean")],
        [nil, nil, nil, nil, nil, .typed(".5E-2", xsd + "double")],
        [nil, nil, nil, nil, nil, nil],
    ]

    @Test(arguments: [1, 7, 1 << 16])
    func tsvReadsEveryTermKind(step: Int) throws {
        let (head, rows) = try readAll(Self.tsvSample, .tsv, step: step)
        #expect(head == .variables(["s", "b", "lit", "lang", "typed", "n"]))
        #expect(rows == Self.tsvExpected)
    }

    @Test func tsvEmptyResultsAndZeroVariables() throws {
        #expect(try readAll("?x\t?y\n", .tsv) == (.variables(["x", "y"]), []))
        #expect(try readAll("?x\t?y", .tsv) == (.variables(["x", "y"]), []))
        #expect(try readAll("?x\r\n\r\n", .tsv) == (.variables(["x"]), [[nil]]))
        #expect(try readAll("\n\n\n", .tsv) == (.variables([]), [[], []]))
        // The word of an ASK result is just a variable and a boolean in TSV.
        #expect(try readAll(SolutionsSerializer.boolean(true, format: .tsv), .tsv) == (.variables(["_askResult"]), [[.typed("true", xsd + "boolean")]]))
    }

    @Test func tsvErrors() {
        let tooMany = "?a\t?b\n<u:1>\t<u:2>\n<u:1>\t<u:2>\t<u:3>\n"
        expectError(readError(tooMany, .tsv), at: (3, 12), containing: "more fields than the 2 variables")
        let tooFew = "?a\t?b\n<u:1>\n"
        expectError(readError(tooFew, .tsv), at: (2, 6), containing: "1 field where the header has 2")
        let badEscape = "?a\n\"a\\qb\"\n"
        expectError(readError(badEscape, .tsv), at: (2, 3), containing: "invalid escape")
        let badTerm = "?a\nhello\n"
        expectError(readError(badTerm, .tsv), at: (2, 1), containing: "invalid RDF term")
        let afterTerm = "?a\n<u:1> \n"
        expectError(readError(afterTerm, .tsv), at: (2, 6), containing: "after an RDF term")
        let truncated = "?a\n\"abc"
        expectError(readError(truncated, .tsv), at: (2, 5), containing: "unexpected end of input")
        let header = "a\tb\n"
        expectError(readError(header, .tsv), at: (1, 1), containing: "expected a variable")
        #expect(readError("", .tsv)?.message.contains("empty document") == true)
        var invalid = Array("?a\n\"é".utf8)
        invalid += [0xE2, 0x82] + Array("\"\n".utf8)
        expectError(readError(invalid, .tsv), at: (2, 3), containing: "invalid UTF-8")
    }

    // MARK: - Round trips through SolutionsSerializer

    /// Deterministic pseudo-random solutions with every kind of term and awkward characters.
    static func randomSolutions(variables: Int, rows: Int, seed: UInt64, controlCharacters: Bool) -> [[Term?]] {
        var state = seed
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var pieces = ["a", "Z", "0", " ", "\"", "'", "\\", "<", ">", "&", "\n", "\r", "\t", "é", "€", "😀", "𝄞", "]]>", "-->", "&amp;", "\\u0041"]
        if controlCharacters { pieces += ["\u{1}", "\u{1F}", "\u{7F}", "\u{0}"] }
        func text(_ maxLength: Int) -> String {
            (0..<random(maxLength + 1)).map { _ in pieces[random(pieces.count)] }.joined()
        }
        func label() -> String {
            let chars = Array("abcXYZ019_-")
            return "b" + String((0..<random(6)).map { _ in chars[random(chars.count)] })
        }
        return (0..<rows).map { _ in
            (0..<variables).map { _ -> Term? in
                switch random(7) {
                case 0: return nil
                case 1: return .iri("http://example.org/" + ["x", "é", "a?b=1&c=2", "%20", "#frag"][random(5)] + String(random(1000)))
                case 2: return .blank(label())
                case 3: return .string(text(12))
                case 4: return .langString(text(6), ["en", "fr-BE", "zh-Hant-TW"][random(3)])
                case 5: return .typed(String(random(100_000) - 50_000), XSD.integer)
                default: return .typed(text(5), ["http://example.org/dt", XSD.double, XSD.dateTime][random(3)])
                }
            }
        }
    }

    @Test(arguments: [ResultsFormat.json, .xml, .tsv])
    func roundTripThroughTheSerializer(format: ResultsFormat) throws {
        for (variables, seed) in [(4, UInt64(1)), (1, 2), (0, 3), (9, 4)] {
            let names = (0..<variables).map { "v\($0)" }
            // XML 1.0 cannot carry most control characters, and the serializer writes them raw.
            let solutions = Self.randomSolutions(variables: variables, rows: 60, seed: seed, controlCharacters: format != .xml)
            var bytes: [UInt8] = []
            let serializer = try SolutionsSerializer(format: format, variables: names, chunkSize: 512) { bytes += $0 }
            for solution in solutions { try serializer.write(solution) }
            try serializer.finish()
            for step in [1, 7, 1 << 16] {
                let (head, rows) = try readAll(bytes, format, step: step)
                #expect(head == .variables(names))
                #expect(rows == solutions, "\(format), \(variables) variables, step \(step)")
            }
        }
    }

    @Test func aLargeResultStreams() throws {
        let names = ["s", "p", "o"]
        let solutions = Self.randomSolutions(variables: 3, rows: 20_000, seed: 42, controlCharacters: false)
        for format in [ResultsFormat.json, .xml, .tsv] {
            var bytes: [UInt8] = []
            let serializer = try SolutionsSerializer(format: format, variables: names) { bytes += $0 }
            for solution in solutions { try serializer.write(solution) }
            try serializer.finish()
            let reader = try SolutionsReader(format: format, source: MemoryByteSource(bytes), origin: "big")
            #expect(try reader.readHead() == .variables(names))
            var count = 0
            while let row = try reader.next() {
                #expect(row == solutions[count])
                count += 1
                if count == 10 { #expect(reader.bytesRead < bytes.count) }
            }
            #expect(count == solutions.count)
            #expect(reader.bytesRead == bytes.count)
        }
    }

    // MARK: - Robustness

    @Test(arguments: [true, false])
    func errorPlacesDoNotDependOnChunking(lineBreaks: Bool) {
        // Documents of a few hundred KiB with multi-byte characters, on many lines or on one:
        // the place of an error far into the input is counted across many buffer refills.
        var json = "{\"head\": {\"vars\": [\"x\"]}, \"results\": {\"bindings\": [\n"
        var xml = "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\"><head><variable name=\"x\"/></head><results>\n"
        var tsv = "?x\n"
        for i in 0..<3000 {
            let separator = lineBreaks && i % 7 == 0 ? "\n" : " "
            json += "{\"x\": {\"type\": \"literal\", \"value\": \"é€𝄞 \(i)\"}}," + separator
            xml += "<result><binding name=\"x\"><literal>é€𝄞 \(i)</literal></binding></result>" + separator
            tsv += "\"é€𝄞\t\(i)\"\n"
        }
        json += "{\"x\": {\"type\": \"literal\", \"value\": \"bad \\x\"}}]}}"
        xml += "<result><binding name=\"x\"><literal>bad &x;</literal></binding></result></results></sparql>"
        tsv += "\"bad\" x\n"
        for step in [1, 7, 4096, 1 << 20] {
            expectError(readError(json, .json, step: step), at: place(of: "\\x", in: json), containing: "invalid escape")
            expectError(readError(xml, .xml, step: step), at: place(of: "&x;", in: xml), containing: "undefined entity")
            expectError(readError(tsv, .tsv, step: step), at: place(of: "\"bad\"", in: tsv, offset: 5), containing: "after an RDF term")
        }
    }

    @Test(arguments: [ResultsFormat.json, .xml, .tsv])
    func mutatedDocumentsNeverCrash(format: ResultsFormat) throws {
        let solutions = Self.randomSolutions(variables: 3, rows: 8, seed: 7, controlCharacters: false)
        var original: [UInt8] = []
        let serializer = try SolutionsSerializer(format: format, variables: ["a", "b", "c"]) { original += $0 }
        for solution in solutions { try serializer.write(solution) }
        try serializer.finish()
        var state: UInt64 = 99
        func random(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let interesting: [UInt8] = Array("{}[]<>/\"'\\:,&;!?-\t\n\r 0aé".utf8) + [0x00, 0xFF, 0xC3, 0xED]
        for _ in 0..<400 {
            var bytes = original
            for _ in 0...random(3) {
                let at = random(bytes.count)
                switch random(3) {
                case 0: bytes[at] = interesting[random(interesting.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(interesting[random(interesting.count)], at: at)
                }
            }
            // Either reads or raises a ResultsParseError with a real place; never traps or hangs.
            if let error = readError(bytes, format, step: 1 + random(9)) {
                #expect(error.line >= 1 && error.column >= 1, "\(error)")
            }
        }
    }

    // MARK: - API

    @Test func contentTypes() {
        #expect(SolutionsReader.format(forContentType: "application/sparql-results+json") == .json)
        #expect(SolutionsReader.format(forContentType: "Application/JSON; charset=utf-8") == .json)
        #expect(SolutionsReader.format(forContentType: "application/sparql-results+xml;charset=UTF-8") == .xml)
        #expect(SolutionsReader.format(forContentType: " text/xml ") == .xml)
        #expect(SolutionsReader.format(forContentType: "application/xml") == .xml)
        #expect(SolutionsReader.format(forContentType: "text/tab-separated-values; charset=utf-8") == .tsv)
        #expect(SolutionsReader.format(forContentType: "text/csv") == nil)
        #expect(SolutionsReader.format(forContentType: "text/html") == nil)
        #expect(SolutionsReader.format(forContentType: "") == nil)
    }

    @Test func csvIsRefused() {
        #expect(throws: ResultsParseError.self) {
            try SolutionsReader(format: .csv, source: MemoryByteSource([]), origin: "e")
        }
    }

    @Test func errorsRepeatAndDescribeThePlace() throws {
        let reader = try SolutionsReader(format: .json, source: MemoryByteSource(Array("{\"head\": {\"vars\": [\"x\"]},\n \"results\": {\"bindings\": [{\"x\": 1}]}}".utf8)), origin: "http://ex/sparql")
        #expect(try reader.readHead() == .variables(["x"]))
        var first: ResultsParseError?
        do { _ = try reader.next() } catch let error as ResultsParseError { first = error }
        #expect(first?.description == "http://ex/sparql:2:33: expected an RDF term object ('{') but found '1'")
        #expect(throws: ResultsParseError.self) { try reader.next() }
    }

    @Test func nextWithoutReadHeadReadsTheHead() throws {
        let reader = try SolutionsReader(format: .tsv, source: MemoryByteSource(Array("?x\n<u:1>\n".utf8)), origin: "t")
        #expect(try reader.next() == [.iri("u:1")])
        #expect(try reader.readHead() == .variables(["x"]))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }
}
