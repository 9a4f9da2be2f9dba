import Testing
@testable import PtolemyMapping

@Suite struct TemplateTests {
    @Test func partsAndEscapes() throws {
        let t = try Template("http://ex/{a}/\\{x\\}/{$['b c']}")
        #expect(t.parts == [.text("http://ex/"), .reference(Reference("a")), .text("/{x}/"), .reference(Reference("$['b c']"))])
    }

    @Test(arguments: ["http://ex/{{a}}", "http://ex/{a\\}", "{}", "a}b", "{a", "x\\y"])
    func invalid(_ text: String) {
        #expect(throws: MappingError.self) { try Template(text) }
    }
}

@Suite struct JSONPathTests {
    let doc = try! JSONParser.parse("""
    {"store": {"book": [{"title": "A", "price": 8.95, "tags": ["x"]}, {"title": "B", "price": 22.5},
     {"title": "C", "price": 9}], "Country Code": 7}}
    """)

    func strings(_ path: String) throws -> [String] {
        try JSONPath(path).evaluate(doc).compactMap(\.stringValue)
    }

    @Test func childrenWildcardsAndIndexes() throws {
        #expect(try strings("$.store.book[*].title") == ["A", "B", "C"])
        #expect(try strings("$.store.book[-1].title") == ["C"])
        #expect(try strings("$.store.book[0:2].title") == ["A", "B"])
        #expect(try strings("$['store']['book'][1]['title']") == ["B"])
        #expect(try strings("$..title") == ["A", "B", "C"])
        #expect(try strings("$.store.Country Code") == ["7"])
        #expect(try strings("store.book[0].title") == ["A"])
    }

    @Test func filters() throws {
        #expect(try strings("$.store.book[?(@.price < 10)].title") == ["A", "C"])
        #expect(try strings("$.store.book[?(@.price > 10 || @.title == 'A')].title") == ["A", "B"])
        #expect(try strings("$.store.book[?(@.tags)].title") == ["A"])
    }

    @Test func singular() throws {
        #expect(try JSONPath("$.a.b[0]").isSingular)
        #expect(try !JSONPath("$.a[*]").isSingular)
    }

    @Test func invalidPaths() {
        #expect(throws: MappingError.self) { try JSONPath("$.students[*]]") }
        #expect(throws: MappingError.self) { try JSONPath("$[?(@.a <)]") }
    }

    @Test func numbersKeepTheirLexicalForm() throws {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("[01]") }
        let ok = try JSONParser.parse("[1.50e3, -0, 12]")
        guard case .array(let items) = ok else { Issue.record("not an array"); return }
        #expect(items.map(\.stringValue) == ["1.50e3", "-0", "12"])
        #expect(items[2].naturalDatatype == "http://www.w3.org/2001/XMLSchema#integer")
        #expect(items[0].naturalDatatype == "http://www.w3.org/2001/XMLSchema#double")
    }

    @Test func syntaxErrorsHaveLines() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": [1, 2,\n}")
            Issue.record("no error")
        } catch {
            #expect(error.line == 3)
        }
    }
}

@Suite struct XPathTests {
    let doc = try! XMLTreeParser.parse(Array("""
    <?xml version="1.0"?>
    <!-- people -->
    <people xmlns:ex="http://example.org/">
      <person id="1"><name>Ann &amp; Bo</name><age>30</age><ex:tag>a</ex:tag></person>
      <person id="2"><name><![CDATA[<Cy>]]></name><age>40</age></person>
    </people>
    """.utf8), fileName: "people.xml")

    func strings(_ path: String, namespaces: [String: String] = [:]) throws -> [String] {
        try XPath(path, namespaces: namespaces).strings(doc)
    }

    @Test func paths() throws {
        #expect(try strings("/people/person/name") == ["Ann & Bo", "<Cy>"])
        #expect(try strings("//person/@id") == ["1", "2"])
        #expect(try strings("/people/person[age > 35]/name") == ["<Cy>"])
        #expect(try strings("/people/person[2]/name/text()") == ["<Cy>"])
        #expect(try strings("count(//person)") == ["2"])
        #expect(try strings("concat(/people/person[1]/@id, '-', 'x')") == ["1-x"])
        #expect(try strings("//ex:tag", namespaces: ["ex": "http://example.org/"]) == ["a"])
        #expect(try strings("//ex:tag", namespaces: ["ex": "http://other/"]) == [])
    }

    @Test func relativeAndParent() throws {
        let people = try XPath("/people/person").nodes(doc)
        #expect(people.count == 2)
        #expect(try XPath("../person[1]/@id").strings(people[1]) == ["1"])
        #expect(try XPath("name").strings(people[0]) == ["Ann & Bo"])
    }

    @Test func malformedXML() {
        #expect(throws: MappingError.self) { try XMLTreeParser.parse(Array("<a><b></a>".utf8), fileName: "x.xml") }
        #expect(throws: MappingError.self) { try XPath("/a[") }
    }
}

@Suite struct CSVTests {
    @Test func quotedFieldsAndLines() throws {
        let chunk = CSVChunk(bytes: Array("a,\"b,\"\"c\"\"\",d\r\n\n\"multi\nline\",,x\n".utf8), firstLine: 1, firstRecord: 0)
        var records: [([String], Int)] = []
        try chunk.forEachRecord(delimiter: UInt8(ascii: ","), fileName: "t.csv") { records.append(($0, $1)) }
        #expect(records.map(\.0) == [["a", "b,\"c\"", "d"], ["multi\nline", "", "x"]])
        #expect(records.map(\.1) == [1, 3])
    }

    @Test func unclosedQuote() {
        let chunk = CSVChunk(bytes: Array("a,\"b\n".utf8), firstLine: 1, firstRecord: 0)
        #expect(throws: MappingError.self) { try chunk.forEachRecord(delimiter: 44, fileName: "t.csv") { _, _ in } }
    }

    @Test func inflateStoredAndFixed() throws {
        // "hello hello hello" compressed with fixed Huffman codes (zlib -9 raw output).
        let deflated: [UInt8] = [0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57, 0xc8, 0x40, 0x90, 0x00]
        #expect(String(decoding: try Inflate.decode(deflated), as: UTF8.self) == "hello hello hello")
    }
}
