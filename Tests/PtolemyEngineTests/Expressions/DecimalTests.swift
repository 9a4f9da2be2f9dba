import Testing
@testable import PtolemyEngine

/// The exact decimal type behind `xsd:decimal` arithmetic.
@Suite struct DecimalTests {
    func d(_ s: String) throws -> XSDDecimal { try #require(XSDDecimal(lexical: s)) }

    @Test(arguments: [("1.0", "1.0"), ("+33.3300", "33.3300"), ("-0.5", "-0.5"), (".5", "0.5"), ("5.", "5"), ("007", "7"), ("-0.0", "0.0")])
    func parsesTheLexicalSpaceKeepingTheScale(lexical: String, rendered: String) throws {
        #expect(try d(lexical).description == rendered)
    }

    @Test(arguments: ["", ".", "1e3", "1.2.3", "--1", "+", "1 ", "0x1", "١"])
    func rejectsWhatIsNotADecimal(lexical: String) {
        #expect(XSDDecimal(lexical: lexical) == nil)
    }

    @Test func roundsDigitsBeyondThirtyEightAwayFromTheFraction() throws {
        let long = try d("0.123456789012345678901234567890123456789012")
        #expect(long.scale == 38)
        #expect(long.description == "0.12345678901234567890123456789012345679")
        #expect(XSDDecimal(lexical: String(repeating: "9", count: 39)) == nil)
    }

    @Test func additionTakesTheLargerScale() throws {
        #expect(try (d("1.0") + d("2")).description == "3.0")
        #expect(try (d("0.1") + d("0.2")).description == "0.3")
        #expect(try (d("1.50") - d("0.25")).description == "1.25")
    }

    @Test func multiplicationAddsScales() throws {
        #expect(try (d("1.5") * d("2.0")).description == "3.00")
        #expect(try (d("3") * d("3")).description == "9")
        // A product beyond 38 digits gives up fraction digits, rounding half to even.
        let big = try d("1234567890123456789.0123456789")
        let product = try big * big
        #expect(product.description == "1524157875323883675049535156253619878.75")
    }

    @Test func divisionIsExactWhenItTerminatesAndKeepsOneFractionDigit() throws {
        #expect(try (d("6") / d("3")).description == "2.0")
        #expect(try (d("11.1") / d("5")).description == "2.22")
        #expect(try (d("3.2") / d("2")).description == "1.6")
        #expect(try (d("1") / d("8")).description == "0.125")
        #expect(try (d("1") / d("0.04")).description == "25.0")
    }

    @Test func nonTerminatingDivisionRoundsAtTwentyDigits() throws {
        #expect(try (d("2") / d("3")).description == "0.66666666666666666667")
        #expect(try (d("-1") / d("3")).description == "-0.33333333333333333333")
    }

    @Test func divisionByZeroIsAnError() throws {
        #expect(throws: ExpressionError.self) { try d("1") / d("0.0") }
    }

    @Test func comparesByValue() throws {
        #expect(try d("1.0") == d("1"))
        #expect(try d("-2.5") < d("-2.25"))
        #expect(try d("0.1") < d("0.10000000000000000000000000000000000001"))
        #expect(XSDDecimal.compare(try d("99999999999999999999999999999999999999"), try d("0.5")) == 1)
    }

    @Test(arguments: [("2.5", "3", "2", "3"), ("-2.5", "-2", "-3", "-2"), ("1.1", "2", "1", "1"), ("-1.6", "-1", "-2", "-2"), ("4", "4", "4", "4")])
    func ceilingFloorAndRoundHalfUp(value: String, ceiling: String, floor: String, rounded: String) throws {
        let x = try d(value)
        #expect(x.ceiling().description == ceiling)
        #expect(x.floor().description == floor)
        #expect(x.rounded().description == rounded)
    }

    @Test func canonicalFormHasOneFractionDigitAtLeast() throws {
        #expect(try d("13").canonical.description == "13.0")
        #expect(try d("+33.3300").canonical.description == "33.33")
        #expect(try d("0").canonical.description == "0.0")
    }
}
