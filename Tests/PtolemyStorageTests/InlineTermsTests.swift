import Testing
import PtolemyRDF
@testable import PtolemyStorage

@Suite struct InlineTermsTests {
    @Test(arguments: [
        ("0", XSD.integer), ("42", XSD.integer), ("-17", XSD.integer), ("576460752303423487", XSD.integer),
        ("1.5", XSD.decimal), ("-0.25", XSD.decimal), ("10.50", XSD.decimal), ("0.0", XSD.decimal),
        ("true", XSD.boolean), ("false", XSD.boolean),
        ("2024-02-29", XSD.date), ("2024-02-29Z", XSD.date), ("1999-12-31+05:30", XSD.date),
        ("2020-01-01T00:00:00Z", XSD.dateTime), ("2020-06-15T13:45:30.123+02:00", XSD.dateTime),
        ("2020-06-15T13:45:30.1", XSD.dateTime), ("0001-01-01T00:00:00", XSD.dateTime), ("9999-12-31T23:59:59.999-14:00", XSD.dateTime),
        ("", XSD.string), ("abc", XSD.string), ("7 bytes", XSD.string), ("é", XSD.string),
    ])
    func inlinesAndRoundTripsExactly(lexical: String, datatype: String) throws {
        let literal = Literal(lexical, datatype: datatype)
        let id = try #require(InlineTerms.encode(literal))
        #expect(id.isInline)
        #expect(InlineTerms.decode(id) == literal)
    }

    @Test(arguments: [
        ("01", XSD.integer), ("+1", XSD.integer), ("-0", XSD.integer), ("1e3", XSD.integer), ("99999999999999999999", XSD.integer),
        (".5", XSD.decimal), ("1.", XSD.decimal), ("-0.0", XSD.decimal), ("01.5", XSD.decimal),
        ("1", XSD.boolean), ("TRUE", XSD.boolean),
        ("2023-02-29", XSD.date), ("2020-01-01-00:00", XSD.date),
        ("2020-01-01T24:00:00", XSD.dateTime), ("2020-01-01T00:00:00.1234", XSD.dateTime), ("2020-01-01T00:00:00+01:07", XSD.dateTime),
        ("eight by", XSD.string), ("1", XSD.int), ("1.0E0", XSD.double),
    ])
    func refusesWhatItCannotReproduce(lexical: String, datatype: String) {
        #expect(InlineTerms.encode(Literal(lexical, datatype: datatype)) == nil)
    }

    @Test func languageStringsAreNeverInlined() {
        #expect(InlineTerms.encode(Literal("a", language: "en")) == nil)
    }

    @Test func integerIDsSortByValue() throws {
        let values: [Int64] = [-1000, -1, 0, 1, 7, 1_000_000]
        let ids = try values.map { try #require(InlineTerms.encode(Literal(String($0), datatype: XSD.integer))) }
        #expect(ids == ids.sorted())
        #expect(InlineTerms.integerValue(ids[0]) == -1000)
    }

    @Test func dateTimeIDsSortByInstant() throws {
        let a = try #require(InlineTerms.encode(Literal("2020-01-01T10:00:00+02:00", datatype: XSD.dateTime)))
        let b = try #require(InlineTerms.encode(Literal("2020-01-01T09:00:00Z", datatype: XSD.dateTime)))
        // 10:00+02:00 is 08:00Z, before 09:00Z.
        #expect(InlineTerms.dateTimeMillis(a).millis < InlineTerms.dateTimeMillis(b).millis)
    }

    @Test func termKeysRoundTrip() {
        let terms: [Term] = [.iri("http://ex/a"), .blank("x1"), .string("hello\u{0}world"), .langString("chat", "fr-BE"),
                             .typed("01", XSD.integer), .typed("POINT(1 2)", GeoVocabulary.wktLiteral)]
        for term in terms {
            let decoded = TermKey.decode(TermKey.encode(term))
            if case .literal(let l) = term, let lang = l.language {
                #expect(decoded == .langString(l.lexicalForm, lang.lowercased()))
            } else {
                #expect(decoded == term)
            }
        }
    }
}
