import PtolemyRDF
import Testing
@testable import PtolemySPARQL

@Suite("Lexer")
struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(Array(text.utf8)).tokens.map(\.kind)
    }

    func values(_ text: String) -> [String] {
        Lexer.tokenize(Array(text.utf8)).tokens.dropLast().map(\.value)
    }

    @Test func numbersKeepTheirLexicalFormAndKind() {
        let text = "1 +2 -3 1.5 .5 -0.5 1e3 1.E-2 .5e+1 +1.0e0 1. 12"
        #expect(kinds(text) == [.integer, .integer, .integer, .decimal, .decimal, .decimal, .double, .double,
                                .double, .double, .integer, .dot, .integer, .endOfInput])
        #expect(values(text) == ["1", "+2", "-3", "1.5", ".5", "-0.5", "1e3", "1.E-2", ".5e+1", "+1.0e0", "1", "", "12"])
    }

    @Test func signedNumberDependsOnTheNextCharacter() {
        #expect(kinds("?x -1") == [.variable, .integer, .endOfInput])
        #expect(kinds("?x - 1") == [.variable, .minus, .integer, .endOfInput])
        #expect(kinds(":p+ ?o") == [.prefixedName, .plus, .variable, .endOfInput])
    }

    @Test func longestMatchMakesAnIRIOutOfComparisons() {
        // syn-bad-26: `<?a&&?b>` is an IRIREF, not `<` and `&&`.
        #expect(kinds("?x<?a&&?b>?y") == [.variable, .iri, .variable, .endOfInput])
        #expect(kinds("?x < ?a && ?b > ?y") == [.variable, .less, .variable, .and, .variable, .greater, .variable, .endOfInput])
        #expect(kinds("?a<=?b") == [.variable, .lessOrEqual, .variable, .endOfInput])
    }

    @Test func stringsInAllFourQuoteStylesWithEscapes() {
        let text = #"'a\'b' "c\"d" '''e''f'g''' """h""i\n""" "\u00E9\U0001F46A\t""#
        #expect(kinds(text) == [.string, .string, .string, .string, .string, .endOfInput])
        #expect(values(text) == ["a'b", "c\"d", "e''f'g", "h\"\"i\n", "é👪\t"])
    }

    @Test func stringErrors() {
        #expect(kinds("'a\nb'").last == .error)
        #expect(kinds(#""\uD800""#).last == .error)
        #expect(kinds(#""\q""#).last == .error)
        #expect(kinds("\"open").last == .error)
    }

    @Test func codepointEscapesAreNotRescanned() {
        // \u005C is a backslash; the escape it starts is not processed again.
        let tokens = Lexer.tokenize(Array(#"<a\u005Cu0031>"#.utf8)).tokens
        #expect(tokens[0].kind == .iri)
        #expect(tokens[0].value == #"a\u0031"#)
        #expect(kinds(#"\u0031"#) == [.error])
    }

    @Test func prefixedNamesWithEscapesDotsAndColons() {
        let tokens = Lexer.tokenize(Array(#"ex:a.b. :c\~z\. og:audio:title x: :123 ::"#.utf8)).tokens
        #expect(tokens.map(\.kind) == [.prefixedName, .dot, .prefixedName, .prefixedName, .prefixedName,
                                       .prefixedName, .prefixedName, .endOfInput])
        #expect(tokens.dropLast().map(\.value) == ["ex", "", "", "og", "x", "", ""])
        #expect(tokens.dropLast().map(\.local) == ["a.b", "", "c~z.", "audio:title", "", "123", ":"])
    }

    @Test func percentEscapesStayInTheLocalName() {
        let token = Lexer.tokenize(Array("og:audio%3Atitle".utf8)).tokens[0]
        #expect(token.local == "audio%3Atitle")
    }

    @Test func variablesBlankNodesAndLanguageTags() {
        let (tokens, labels) = Lexer.tokenize(Array("?x $y _:b1.x _:c. \"s\"@en-GB ?".utf8))
        #expect(tokens.map(\.kind) == [.variable, .variable, .blankNodeLabel, .blankNodeLabel, .dot, .string, .langTag, .question, .endOfInput])
        #expect(tokens[2].value == "b1.x")
        #expect(tokens[3].value == "c")
        #expect(tokens[6].value == "en-GB")
        #expect(labels == ["b1.x", "c"])
    }

    @Test func keywordsAreWordsComparedCaseInsensitively() {
        let tokens = Lexer.tokenize(Array("select Group_Concat a".utf8)).tokens
        #expect(tokens[0].isKeyword("SELECT"))
        #expect(tokens[1].isKeyword("GROUP_CONCAT"))
        #expect(!tokens[1].isKeyword("GROUP"))
        #expect(tokens[2].value == "a")
    }

    @Test func commentsAreSkipped() {
        #expect(kinds("# comment\n?x # more\n<a> # end") == [.variable, .iri, .endOfInput])
    }

    @Test func nonASCIINamesAndColumnsInScalars() {
        let text = "?é ex:ä\n  ?§"
        let tokens = Lexer.tokenize(Array(text.utf8)).tokens
        #expect(tokens.map(\.kind) == [.variable, .prefixedName, .question, .error])
        let locator = SourceLocator(bytes: Array(text.utf8))
        #expect(locator.location(of: tokens[1].start) == (1, 4))
        #expect(locator.location(of: tokens[3].start) == (2, 4))
    }
}
