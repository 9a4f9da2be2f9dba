import PtolemySPARQL
import Testing

/// Syntax errors, their positions, and the static rules of the specification.
@Suite("Syntax errors and static rules")
struct SyntaxErrorTests {
    @Test func errorNamesLineColumnAndTokens() throws {
        let error = try #require(T.queryError("SELECT *\nWHERE {\n  ?s ?p ?o .\n  ?s ?p FILTER(?o) }"))
        #expect(error.line == 4)
        #expect(error.column == 9)
        #expect(error.description == "line 4, column 9: expected an object but found 'FILTER'")
    }

    @Test func columnsCountUnicodeScalars() throws {
        let error = try #require(T.queryError("SELECT * { \"é👪\" ?p ?o . ] }"))
        #expect(error.column == 25)
        #expect(error.message == "expected a subject but found ']'")
    }

    @Test func byteOrderMarkIsSkippedAndTakesNoColumn() throws {
        #expect(T.queryError("\u{FEFF}SELECT * {}") == nil)
        let error = try #require(T.queryError("\u{FEFF}SELECT * { ] }"))
        #expect(error.column == 12)
    }

    @Test func endOfInputIsNamed() throws {
        let error = try #require(T.queryError("SELECT * {"))
        #expect(error.message == "expected a subject but found end of input")
    }

    @Test func lexicalErrorsCarryTheirOwnMessage() throws {
        let error = try #require(T.queryError("SELECT * { ?s ?p 'a\n' }"))
        #expect(error.message == "line break in a single-line string")
        #expect(error.line == 1)
    }

    @Test func undefinedPrefix() throws {
        let error = try #require(T.queryError("SELECT * { ?s ex:p ?o }"))
        #expect(error.message == "undefined prefix 'ex:'")
        #expect(error.column == 15)
    }

    /// Queries the grammar or its static rules reject, with the message expected.
    static let invalidQueries: [(String, String)] = [
        ("SELECT * { ?s ?p ?o } GROUP BY ?s", "SELECT * is not allowed in a query with GROUP BY or aggregates"),
        ("SELECT * { ?s ?p ?o } HAVING (COUNT(*) > 1)", "SELECT * is not allowed in a query with GROUP BY or aggregates"),
        ("SELECT ?o { ?s ?p ?o } GROUP BY ?s", "variable ?o is selected but is not a GROUP BY key"),
        ("SELECT ?o (COUNT(*) AS ?c) { ?s ?p ?o }", "variable ?o is selected but is not a GROUP BY key"),
        ("SELECT ((?o + 1) AS ?x) { ?s ?p ?o } GROUP BY (?o + 1)", "variable ?o in a SELECT expression is neither a GROUP BY key nor aggregated"),
        ("SELECT (1 AS ?x) (2 AS ?x) {}", "variable ?x of (... AS ?x) is already in scope"),
        ("SELECT (1 AS ?o) { ?s ?p ?o }", "variable ?o of (... AS ?o) is already in scope"),
        ("SELECT (1 AS ?x) { SELECT (2 AS ?x) {} }", "variable ?x of (... AS ?x) is already in scope"),
        ("SELECT ?x { ?s ?p ?o } GROUP BY (?s AS ?o)", "variable ?o of GROUP BY ... AS is already in scope"),
        ("SELECT * { ?s ?p ?o BIND(1 AS ?o) }", "variable ?o is already in scope: BIND must introduce a new variable"),
        ("SELECT * { { ?s ?p ?o } BIND(1 AS ?o) }", "variable ?o is already in scope: BIND must introduce a new variable"),
        ("SELECT * { OPTIONAL { ?s ?p ?o } BIND(1 AS ?o) }", "variable ?o is already in scope: BIND must introduce a new variable"),
        ("SELECT * { ?s ?p ?o FILTER(COUNT(*) > 1) }", "aggregate COUNT is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY"),
        ("SELECT * { BIND(SUM(?x) AS ?y) }", "aggregate SUM is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY"),
        ("SELECT ?s { ?s ?p ?o } GROUP BY (MAX(?o))", "aggregate MAX is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY"),
        ("SELECT (SUM(COUNT(?x)) AS ?y) {}", "aggregate COUNT is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY"),
        ("SELECT (EXISTS { FILTER(MIN(?x)) } AS ?y) {}", "aggregate MIN is not allowed here: aggregates may only appear in SELECT, HAVING and ORDER BY"),
        ("SELECT * { _:a ?p ?o OPTIONAL { _:a ?q ?r } }", "blank node label _:a is used in two basic graph patterns"),
        ("SELECT * { _:a ?p ?o BIND(1 AS ?x) _:a ?q ?r }", "blank node label _:a is used in two basic graph patterns"),
        ("SELECT * { _:a ?p ?o { SELECT * { _:a ?q ?r } } }", "blank node label _:a is used in two basic graph patterns"),
        ("SELECT * { _:a ?p ?o FILTER EXISTS { _:a ?q ?r } }", "blank node label _:a is used in two basic graph patterns"),
        ("SELECT * { VALUES (?a ?a) { (1 2) } }", "variable ?a appears twice in VALUES"),
        ("SELECT * { VALUES (?a ?b) { (1) } }", "VALUES row has 1 values for 2 variables"),
        ("SELECT * { VALUES ?a { _:b } }", "expected an IRI, a literal or UNDEF but found '_:b'"),
        ("SELECT * { } LIMIT 99999999999999999999", "integer 99999999999999999999 is too large"),
        ("SELECT * { } LIMIT -1", "expected an integer but found '-1'"),
        ("SELECT * { {} SELECT * {} }", "expected a subject but found 'SELECT'"),
        ("SELECT * { ?s ?p ?o :p }", "expected '.' or '}' but found ':p'"),
        ("CONSTRUCT WHERE { ?s ?p ?o FILTER(true) }", "expected '}' but found 'FILTER'"),
        ("CONSTRUCT { ?s :p/:q ?o } WHERE {}", "expected an object but found '/'"),
        ("SELECT * { ?s ?p ?o } garbage", "expected end of input but found 'garbage'"),
        ("SELECT * { ?s ?p ?o }}", "expected end of input but found '}'"),
        ("SELECT * { ?s :p{2} ?o }", "expected an object but found '{'"),
    ]

    @Test(arguments: invalidQueries)
    func rejectsInvalidQuery(_ text: String, message: String) {
        let query = text.contains(":") ? "PREFIX : <http://example.org/>\n" + text : text
        #expect(T.queryError(query)?.message == message)
    }

    /// Queries close to the invalid ones that the rules allow.
    static let validQueries: [String] = [
        "SELECT * { ?s ?p ?o { BIND(1 AS ?o) } }",
        "SELECT * { ?s ?p ?o MINUS { ?x ?y ?z } BIND(1 AS ?z) }",
        "SELECT * { FILTER(?o) BIND(1 AS ?o) }",
        "SELECT * { _:a ?p ?o FILTER(true) _:a ?q ?r }",
        "SELECT * { { _:a ?p ?o } UNION { _:b ?q ?r } }",
        "SELECT ?s (COUNT(*) AS ?c) ((?c + 1) AS ?d) { ?s ?p ?o } GROUP BY ?s",
        "SELECT (SUM(?o) AS ?s) { ?x ?p ?o } HAVING (SUM(?o) > 1) ORDER BY ?s",
        "SELECT ?k { ?s ?p ?o } GROUP BY (STR(?s) AS ?k)",
        "SELECT * { SELECT (1 AS ?x) {} } ",
        "SELECT * { {SELECT (1 AS ?X) {}} {SELECT (1 AS ?X) {}} }",
        "CONSTRUCT { _:a <http://p> ?o } WHERE { _:a <http://q> ?o }",
        "ASK {} GROUP BY ?x",
        "SELECT * WHERE { ?s ?p ?o } OFFSET 0",
    ]

    @Test(arguments: validQueries)
    func acceptsValidQuery(_ text: String) {
        #expect(T.queryError(text) == nil)
    }
}
