import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// Arithmetic operators with type promotion, https://www.w3.org/TR/sparql11-query/#OperatorMapping
@Suite struct NumericTests {
    let h = Harness()

    @Test func integersStayIntegers() throws {
        #expect(try h.term(.add(int("1"), int("2"))) == intTerm("3"))
        #expect(try h.term(.multiply(int("3"), int("3"))) == intTerm("9"))
        #expect(try h.term(.subtract(int("01"), int("10"))) == intTerm("-9"))
    }

    /// W3C sparql11/functions plus-1: 1.0 + 2 is "3.0"^^xsd:decimal.
    @Test func integerAndDecimalGiveDecimal() throws {
        #expect(try h.term(.add(dec("1.0"), int("2"))) == decTerm("3.0"))
    }

    @Test func integerDivisionGivesDecimal() throws {
        #expect(try h.term(.divide(int("3"), int("3"))) == decTerm("1.0"))
        #expect(try h.term(.divide(int("1"), int("4"))) == decTerm("0.25"))
    }

    /// W3C sparql10/expr-ops *-numbers-cast: promotion to the larger type.
    @Test func promotionFollowsIntegerDecimalFloatDouble() throws {
        #expect(try h.term(.add(int("3"), flt("3"))) == fltTerm("6.0E0"))
        #expect(try h.term(.add(dec("3"), dbl("3"))) == dblTerm("6.0E0"))
        #expect(try h.term(.add(flt("3"), dbl("3"))) == dblTerm("6.0E0"))
        #expect(try h.term(.multiply(typed("2", XSD.short), typed("4", XSD.unsignedByte))) == intTerm("8"))
    }

    /// W3C sparql11/aggregates agg-sum-02 expects these canonical doubles.
    @Test(arguments: [(32100.0, "3.21E4"), (0.4, "4.0E-1"), (0.2, "2.0E-1"), (2.5, "2.5E0"), (1e6, "1.0E6"),
                      (0, "0.0E0"), (-0.0, "-0.0E0"), (-1.5e-7, "-1.5E-7"), (Double.infinity, "INF"), (-Double.infinity, "-INF"),
                      (Double.nan, "NaN"), (123456789012345680.0, "1.2345678901234568E17")])
    func doublesPrintCanonically(value: Double, canonical: String) {
        #expect(NumericValue.double(value).literal.lexicalForm == canonical)
    }

    @Test func floatsPrintWithFloatDigits() {
        #expect(NumericValue.float(1.3).literal.lexicalForm == "1.3E0")
        #expect(NumericValue.float(-10200).literal.lexicalForm == "-1.02E4")
    }

    @Test func divisionByZero() throws {
        #expect(try h.isError(.divide(int("1"), int("0"))))
        #expect(try h.isError(.divide(dec("1.5"), dec("0.0"))))
        #expect(try h.term(.divide(dbl("1"), int("0"))) == dblTerm("INF"))
        #expect(try h.term(.divide(dbl("0"), dbl("0"))) == dblTerm("NaN"))
        #expect(try h.term(.divide(flt("-1"), int("0"))) == fltTerm("-INF"))
    }

    @Test func integerOverflowIsAnError() throws {
        let max = "170141183460469231731687303715884105727"
        #expect(try h.isError(.add(int(max), int("1"))))
        #expect(try h.isError(.multiply(int(max), int("2"))))
        #expect(try h.term(.add(int("9223372036854775807"), int("1"))) == intTerm("9223372036854775808"))
    }

    @Test func nonNumbersAreTypeErrors() throws {
        #expect(try h.isError(.add(lit("1"), int("2"))))
        #expect(try h.isError(.add(int("1"), typed("x", XSD.integer))))
        #expect(try h.isError(.add(iri("http://example/a"), int("1"))))
        #expect(try h.isError(.unaryMinus(lit("a"))))
        #expect(try h.isError(.add(typed("-1", XSD.positiveInteger), int("1"))))
    }

    /// W3C sparql10/expr-ops unplus-2 and unminus-2.
    @Test func unaryOperators() throws {
        #expect(try h.term(.unaryPlus(dbl("3"))) == dblTerm("3"))
        #expect(try h.term(.unaryPlus(typed("05", XSD.int))) == intTerm("5"))
        #expect(try h.term(.unaryMinus(int("3"))) == intTerm("-3"))
        #expect(try h.term(.unaryMinus(dec("3"))) == decTerm("-3"))
        #expect(try h.term(.unaryMinus(dbl("3"))) == dblTerm("-3.0E0"))
    }

    @Test func inlineIDsAreDecodedWithoutTheLexicalForm() throws {
        // Variables bound to inline integers and decimals take the ID fast path.
        #expect(try h.term(.add(v("a"), v("b")), ["a": intTerm("40"), "b": decTerm("2.50")]) == decTerm("42.50"))
    }
}
