import PtolemyRDF
import PtolemySPARQL
import Testing

@Suite("Expressions")
struct ExpressionParsingTests {
    /// The expression of `FILTER(text)`.
    func expression(_ text: String) throws -> Expression? {
        if case .filter(let e, _) = try T.pattern("FILTER(\(text))") { return e }
        return nil
    }

    @Test func precedenceOfLogicalRelationalAndArithmeticOperators() throws {
        let e = try expression("?a || ?b && ?c = ?d + ?e * -?f")
        #expect(e == .or(T.ev("a"), .and(T.ev("b"), .equal(T.ev("c"), .add(T.ev("d"), .multiply(T.ev("e"), .unaryMinus(T.ev("f"))))))))
        #expect(try expression("!?a = ?b") == .equal(.not(T.ev("a")), T.ev("b")))
        #expect(try expression("?a - ?b - ?c") == .subtract(.subtract(T.ev("a"), T.ev("b")), T.ev("c")))
        #expect(try expression("?a / ?b * ?c") == .multiply(.divide(T.ev("a"), T.ev("b")), T.ev("c")))
    }

    @Test func signedNumberAfterAnOperandIsAnAdditiveOperator() throws {
        #expect(try expression("?x -1") == .subtract(T.ev("x"), T.eint("1")))
        #expect(try expression("?x +2.5") == .add(T.ev("x"), .literal(Literal("2.5", datatype: XSD.decimal))))
        #expect(try expression("?x -2 * ?y") == .subtract(T.ev("x"), .multiply(T.eint("2"), T.ev("y"))))
        #expect(try expression("?x * -1") == .multiply(T.ev("x"), T.eint("-1")))
        #expect(try expression("?x -1 -2") == .subtract(.subtract(T.ev("x"), T.eint("1")), T.eint("2")))
        #expect(try expression("?x -1 * 2 +3 / ?y") ==
                .add(.subtract(T.ev("x"), .multiply(T.eint("1"), T.eint("2"))), .divide(T.eint("3"), T.ev("y"))))
        #expect(try expression("?x * 2 -1") == .subtract(.multiply(T.ev("x"), T.eint("2")), T.eint("1")))
        #expect(try expression("-1") == T.eint("-1"))
    }

    @Test func literalsKeepLexicalFormAndDatatype() throws {
        #expect(try expression("?x = 0012") == .equal(T.ev("x"), T.eint("0012")))
        #expect(try expression("?x = 1.50") == .equal(T.ev("x"), .literal(Literal("1.50", datatype: XSD.decimal))))
        #expect(try expression("?x = 1E0") == .equal(T.ev("x"), .literal(Literal("1E0", datatype: XSD.double))))
        #expect(try expression("?x = TRUE") == .equal(T.ev("x"), .literal(Literal("true", datatype: XSD.boolean))))
        #expect(try expression("?x = 'a'@en-GB") == .equal(T.ev("x"), .literal(Literal("a", language: "en-GB"))))
        #expect(try expression("?x = \"2\"^^:t") == .equal(T.ev("x"), .literal(Literal("2", datatype: T.ex + "t"))))
    }

    @Test func inAndNotIn() throws {
        #expect(try expression("?o IN (1, ?s + 57)") == .in(T.ev("o"), [T.eint("1"), .add(T.ev("s"), T.eint("57"))]))
        #expect(try expression("?o NOT IN ()") == .notIn(T.ev("o"), []))
    }

    @Test func builtInCallsAreNamedByEnum() throws {
        #expect(try expression("regex(str(?x), 'a', 'i')") == .builtIn(.regex, [.builtIn(.str, [T.ev("x")]), .literal(Literal("a")), .literal(Literal("i"))]))
        #expect(try expression("isURI(?x) && BOUND(?y)") == .and(.builtIn(.isIRI, [T.ev("x")]), .builtIn(.bound, [T.ev("y")])))
        #expect(try expression("COALESCE() = CONCAT(?a, ?b)") == .equal(.builtIn(.coalesce, []), .builtIn(.concat, [T.ev("a"), T.ev("b")])))
        #expect(try expression("BNODE() != BNODE(?x)") == .notEqual(.builtIn(.bnode, []), .builtIn(.bnode, [T.ev("x")])))
        #expect(try expression("RAND() < 1") == .less(.builtIn(.rand, []), T.eint("1")))
        #expect(try expression("IF(?a, SUBSTR(?s, 1), REPLACE(?s, 'a', 'b', 'i'))") ==
                .builtIn(.if, [T.ev("a"), .builtIn(.substr, [T.ev("s"), T.eint("1")]),
                               .builtIn(.replace, [T.ev("s"), .literal(Literal("a")), .literal(Literal("b")), .literal(Literal("i"))])]))
    }

    @Test func everyBuiltInNameParses() throws {
        for function in BuiltInFunction.allCases {
            let arguments: String
            switch function {
            case .bound: arguments = "(?x)"
            default: arguments = "(" + Array(repeating: "?x", count: function.arity.lowerBound).joined(separator: ", ") + ")"
            }
            let e = try expression(function.keyword.lowercased() + arguments)
            guard case .builtIn(let parsed, let parsedArguments) = e else {
                Issue.record("\(function) parsed as \(String(describing: e))")
                continue
            }
            #expect(parsed == function)
            #expect(parsedArguments.count == function.arity.lowerBound)
        }
    }

    @Test func customFunctionsKeepTheirIRI() throws {
        let query = try Query(parsing: """
            PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
            SELECT * { ?a ?p ?b FILTER geof:sfIntersects(?a, ?b) }
            """)
        guard case .project(.filter(let e, _), _) = query.algebra else {
            Issue.record("unexpected \(query.algebra)")
            return
        }
        #expect(e == .function("http://www.opengis.net/def/function/geosparql/sfIntersects", [T.ev("a"), T.ev("b")], distinct: false))
        #expect(try expression("<http://f>(DISTINCT ?x) && <http://g>()") ==
                .and(.function("http://f", [T.ev("x")], distinct: true), .function("http://g", [], distinct: false)))
        #expect(try expression("<http://iri> = ?x") == .equal(.iri("http://iri"), T.ev("x")))
    }

    @Test func wrongArgumentCountsAreSyntaxErrors() {
        #expect(T.queryError("SELECT * { FILTER(STR(?a, ?b)) }")?.message == "STR takes 1 argument, not 2")
        #expect(T.queryError("SELECT * { FILTER(REGEX(?a)) }") != nil)
        #expect(T.queryError("SELECT * { FILTER(NOW(1)) }") != nil)
        #expect(T.queryError("SELECT * { FILTER(BOUND(1)) }") != nil)
        #expect(T.queryError("SELECT * { FILTER(FOO(1)) }") != nil)
    }
}
