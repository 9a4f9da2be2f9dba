import PtolemyRDF
import PtolemySPARQL
import Testing

/// SPARQL 1.1 Update requests.
@Suite("Update parsing")
struct UpdateParsingTests {
    func operations(_ text: String) throws -> [UpdateOperation] {
        try Update(parsing: "PREFIX : <http://example.org/>\n" + text).operations
    }

    @Test func graphManagementOperations() throws {
        let parsed = try operations("""
            LOAD SILENT <http://src> INTO GRAPH :g ; LOAD <http://src2> ;
            CLEAR DEFAULT ; CLEAR SILENT NAMED ; DROP ALL ; DROP GRAPH :g ; CREATE SILENT GRAPH :g ;
            ADD DEFAULT TO :g ; MOVE SILENT GRAPH :a TO DEFAULT ; COPY :a TO GRAPH :b
            """)
        #expect(parsed == [
            .load(source: "http://src", destination: "http://example.org/g", silent: true),
            .load(source: "http://src2", destination: nil, silent: false),
            .clear(.defaultGraph, silent: false), .clear(.namedGraphs, silent: true), .drop(.allGraphs, silent: false),
            .drop(.graph("http://example.org/g"), silent: false), .create(graph: "http://example.org/g", silent: true),
            .add(from: .defaultGraph, to: .graph("http://example.org/g"), silent: false),
            .move(from: .graph("http://example.org/a"), to: .defaultGraph, silent: true),
            .copy(from: .graph("http://example.org/a"), to: .graph("http://example.org/b"), silent: false),
        ])
    }

    @Test func insertAndDeleteData() throws {
        let parsed = try operations("""
            INSERT DATA { :s :p 1 . GRAPH :g { :s :q _:b, "x" } } ;
            DELETE DATA { :s :p 1 }
            """)
        let s = Term.iri("http://example.org/s")
        let g = Term.iri("http://example.org/g")
        #expect(parsed == [
            .insertData([Quad(s, .iri("http://example.org/p"), .typed("1", XSD.integer)),
                         Quad(s, .iri("http://example.org/q"), .blank("b"), graph: g),
                         Quad(s, .iri("http://example.org/q"), .string("x"), graph: g)]),
            .deleteData([Quad(s, .iri("http://example.org/p"), .typed("1", XSD.integer))]),
        ])
    }

    @Test func modifyWithUsingAndTemplates() throws {
        let parsed = try operations("""
            WITH :g DELETE { ?s :p ?o } INSERT { GRAPH ?h { ?s :q [] } } USING :d USING NAMED :n WHERE { ?s :p ?o BIND(:x AS ?h) }
            """)
        guard case .modify(let modify) = parsed.first else {
            Issue.record("not a modify: \(parsed)")
            return
        }
        #expect(modify.with == "http://example.org/g")
        #expect(modify.delete == [QuadPattern(T.v("s"), T.iri("p"), T.v("o"))])
        #expect(modify.insert.count == 1)
        #expect(modify.insert[0].graph == T.v("h"))
        #expect(modify.insert[0].object.term?.isBlank == true)
        #expect(modify.using == QueryDataset(defaultGraphs: ["http://example.org/d"], namedGraphs: ["http://example.org/n"]))
        #expect(modify.pattern == .extend(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), variable: Variable("h"),
                                          expression: .iri("http://example.org/x")))
    }

    @Test func deleteWhereIsDeleteOfItsPattern() throws {
        let parsed = try operations("DELETE WHERE { ?s :p ?o GRAPH :g { ?s :q ?x } }")
        let graph = TermPattern.iri("http://example.org/g")
        #expect(parsed == [.modify(Modify(
            delete: [QuadPattern(T.v("s"), T.iri("p"), T.v("o")), QuadPattern(T.v("s"), T.iri("q"), T.v("x"), graph: graph)],
            pattern: .join(T.bgp(T.triple(T.v("s"), T.iri("p"), T.v("o"))), .graph(name: graph, T.bgp(T.triple(T.v("s"), T.iri("q"), T.v("x"))))),
            baseIRI: nil))])
    }

    @Test func eachOperationMayHaveItsOwnPrologue() throws {
        let update = try Update(parsing: """
            BASE <http://a/> INSERT { <s> <p> <o> } WHERE {} ;
            BASE <http://b/> PREFIX x: <y#> INSERT { <s> x:p <o> } WHERE {}
            """)
        guard update.operations.count == 2, case .modify(let first) = update.operations[0], case .modify(let second) = update.operations[1] else {
            Issue.record("unexpected \(update)")
            return
        }
        #expect(first.insert == [QuadPattern(.iri("http://a/s"), .iri("http://a/p"), .iri("http://a/o"))])
        #expect(second.insert == [QuadPattern(.iri("http://b/s"), .iri("http://b/y#p"), .iri("http://b/o"))])
        #expect(first.baseIRI == "http://a/")
        #expect(second.baseIRI == "http://b/")
    }

    @Test func emptyRequestsAndTrailingSemicolon() throws {
        #expect(try Update(parsing: "# nothing").operations.isEmpty)
        #expect(try Update(parsing: "PREFIX : <http://x/>").operations.isEmpty)
        #expect(try operations("CLEAR ALL ;").count == 1)
    }

    static let invalidUpdates: [(String, String)] = [
        ("INSERT DATA { ?s :p :o }", "variables are not allowed in INSERT DATA or DELETE DATA"),
        ("DELETE DATA { GRAPH ?g { :s :p :o } }", "variables are not allowed in INSERT DATA or DELETE DATA"),
        ("DELETE DATA { _:b :p :o }", "blank nodes are not allowed in DELETE DATA"),
        ("DELETE WHERE { [] :p :o }", "blank nodes are not allowed in DELETE WHERE"),
        ("DELETE { :s :p ( 1 ) } WHERE {}", "blank nodes are not allowed in a DELETE template"),
        ("INSERT DATA { _:b :p :o } ; INSERT DATA { _:b :p :o }", "blank node label _:b is used in two operations of the request"),
        ("INSERT DATA { GRAPH :g { GRAPH :h { :s :p :o } } }", "expected '}' but found 'GRAPH'"),
        ("INSERT WHERE { ?s ?p ?o }", "expected '{' but found 'WHERE'"),
        ("CLEAR ALL CLEAR ALL", "expected ';' or end of input but found 'CLEAR'"),
        ("CLEAR ALL ;;", "expected an update operation but found ';'"),
        ("INSERT { :s :p :o } WHERE { FILTER(COUNT(*)) }", "aggregate COUNT is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY"),
        ("SELECT * {}", "expected an update operation but found 'SELECT'"),
    ]

    @Test(arguments: invalidUpdates)
    func rejectsInvalidUpdate(_ text: String, message: String) {
        #expect(T.updateError("PREFIX : <http://example.org/>\n" + text)?.message == message)
    }

    @Test func blankNodeScopesRestartWithEachOperation() throws {
        #expect(try operations("DELETE { ?s :p ?o } WHERE { _:a :p ?o } ; DELETE { ?s :p ?o } WHERE { _:a :q ?o }").count == 2)
        #expect(T.updateError("DELETE { ?s ?p ?o } WHERE { _:a ?p ?o OPTIONAL { _:a ?q ?o } }")?.message ==
                "blank node label _:a is used in two basic graph patterns")
    }

    @Test func templateBlankNodesMayRepeatAcrossOperations() throws {
        // sparql11/basic-update insert-where-same-bnode: each operation makes fresh blank nodes.
        #expect(try operations("INSERT { :a :p _:b } WHERE {} ; INSERT { :a :q _:b } WHERE {}").count == 2)
        #expect(try operations("INSERT DATA { GRAPH :g1 { _:b :p :o } GRAPH :g2 { _:b :p :o } }").count == 1)
    }
}
