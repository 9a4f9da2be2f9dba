import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// `=`, `!=`, `<` and friends, https://www.w3.org/TR/sparql11-query/#OperatorMapping,
/// with the expectations of the W3C tests sparql10/open-world/open-eq-*, date-*, open-cmp-*.
@Suite struct ComparisonTests {
    let h = Harness()

    /// The terms of open-world/data-2.ttl.
    static let xyz: [String: Term] = [
        "x1": .string("xyz"), "x2": .langString("xyz", "en"), "x3": .langString("xyz", "EN"),
        "x4": .typed("xyz", XSD.string), "x5": .typed("xyz", XSD.integer), "x6": .typed("xyz", "http://example/unknown"),
        "x7": .blank("xyz"), "x8": .iri("http://example/xyz"),
    ]

    /// open-eq-07 (=), open-eq-08 (!=): which pairs are equal, unequal, or an error.
    @Test func openWorldEqualityMatchesW3CExpectations() throws {
        let equal: Set<[String]> = [["x1", "x1"], ["x1", "x4"], ["x4", "x1"], ["x4", "x4"], ["x2", "x2"], ["x2", "x3"], ["x3", "x2"],
                                    ["x3", "x3"], ["x5", "x5"], ["x6", "x6"], ["x7", "x7"], ["x8", "x8"]]
        // Pairs where neither = nor != holds (open-eq-12).
        let errors: Set<[String]> = [["x1", "x5"], ["x1", "x6"], ["x4", "x5"], ["x4", "x6"], ["x5", "x1"], ["x5", "x4"],
                                     ["x5", "x6"], ["x6", "x1"], ["x6", "x4"], ["x6", "x5"]]
        for (a, ta) in Self.xyz {
            for (b, tb) in Self.xyz {
                let bindings = ["a": ta, "b": tb]
                let eq = try h.value(.equal(v("a"), v("b")), bindings)
                let ne = try h.value(.notEqual(v("a"), v("b")), bindings)
                if errors.contains([a, b]) {
                    #expect(eq == nil && ne == nil, "\(a) = \(b) should be an error")
                } else if equal.contains([a, b]) {
                    #expect(eq == trueTerm && ne == falseTerm, "\(a) = \(b)")
                } else {
                    #expect(eq == falseTerm && ne == trueTerm, "\(a) != \(b)")
                }
            }
        }
    }

    @Test func numbersCompareByValue() throws {
        #expect(try h.term(.equal(int("1"), dec("1.0"))) == trueTerm)
        #expect(try h.term(.equal(int("01"), dbl("1E0"))) == trueTerm)
        #expect(try h.term(.less(int("9"), int("10"))) == trueTerm)
        #expect(try h.term(.greaterOrEqual(dec("2.5"), flt("2.5"))) == trueTerm)
        #expect(try h.term(.lessOrEqual(dec("2.5"), int("2"))) == falseTerm)
    }

    @Test func nanIsNeitherEqualNorOrdered() throws {
        let ops: [(Expression, Expression) -> Expression] = [Expression.equal, Expression.less, Expression.greater, Expression.lessOrEqual, Expression.greaterOrEqual]
        for op in ops {
            #expect(try h.term(op(dbl("NaN"), dbl("NaN"))) == falseTerm)
        }
        #expect(try h.term(.notEqual(dbl("NaN"), dbl("NaN"))) == trueTerm)
    }

    @Test func knownTypesOfDifferentValueSpacesAreUnequal() throws {
        #expect(try h.term(.equal(int("1"), lit("1"))) == falseTerm)
        #expect(try h.term(.notEqual(typed("true", XSD.boolean), int("1"))) == trueTerm)
        #expect(try h.isError(.less(int("1"), lit("1"))))
    }

    @Test func stringsCompareByCodePoint() throws {
        #expect(try h.term(.less(lit("Z"), lit("a"))) == trueTerm)
        #expect(try h.term(.less(lit("abc"), lit("abd"))) == trueTerm)
        #expect(try h.term(.less(lit("ab"), lit("abc"))) == trueTerm)
        // Canonically equivalent but different code points: not equal (Swift's == would say equal).
        #expect(try h.term(.equal(lit("\u{E9}"), lit("e\u{301}"))) == falseTerm)
        #expect(try h.term(.equal(lit("abc"), typed("abc", XSD.string))) == trueTerm)
    }

    @Test func languageTaggedStringsAreEqualOnlyToTheSameTaggedString() throws {
        #expect(try h.term(.equal(lang("a", "en"), lang("a", "EN"))) == trueTerm)
        #expect(try h.term(.equal(lang("a", "en"), lang("a", "fr"))) == falseTerm)
        #expect(try h.isError(.less(lang("a", "en"), lang("b", "en"))))
    }

    @Test func booleansAndIRIs() throws {
        #expect(try h.term(.less(typed("false", XSD.boolean), typed("true", XSD.boolean))) == trueTerm)
        #expect(try h.term(.equal(typed("1", XSD.boolean), typed("true", XSD.boolean))) == trueTerm)
        #expect(try h.term(.equal(iri("http://a"), iri("http://a"))) == trueTerm)
        #expect(try h.term(.notEqual(iri("http://a"), lit("http://a"))) == trueTerm)
        #expect(try h.isError(.less(iri("http://a"), iri("http://b"))))
    }

    /// open-world date-1, date-2, date-3: a date without time zone against one with a
    /// zone is indeterminate within 14 hours.
    @Test func datesFollowTheXSDPartialOrder() throws {
        let day = typed("2006-08-23", XSD.date)
        #expect(try h.term(.equal(typed("2006-08-23", XSD.date), day)) == trueTerm)
        #expect(try h.isError(.equal(typed("2006-08-23Z", XSD.date), day)))
        #expect(try h.isError(.notEqual(typed("2006-08-23+00:00", XSD.date), day)))
        #expect(try h.term(.notEqual(typed("2001-01-01Z", XSD.date), day)) == trueTerm)
        #expect(try h.term(.notEqual(typed("2006-08-23T09:00:00+01:00", XSD.dateTime), day)) == trueTerm)
        #expect(try h.term(.greater(typed("2006-08-23Z", XSD.date), typed("2006-08-22", XSD.date))) == trueTerm)
        #expect(try h.isError(.greater(typed("2006-08-23T09:00:00+01:00", XSD.dateTime), typed("2006-08-22", XSD.date))))
    }

    @Test func dateTimesCompareAsInstants() throws {
        let a = typed("2010-06-21T11:28:01Z", XSD.dateTime), b = typed("2010-06-21T13:28:01+02:00", XSD.dateTime)
        #expect(try h.term(.equal(a, b)) == trueTerm)
        #expect(try h.term(.less(typed("2010-06-21T11:28:01.5Z", XSD.dateTime), typed("2010-06-21T11:28:01.51Z", XSD.dateTime))) == trueTerm)
        #expect(try h.term(.equal(typed("2010-06-21T24:00:00Z", XSD.dateTime), typed("2010-06-22T00:00:00Z", XSD.dateTime))) == trueTerm)
        #expect(try h.term(.less(typed("2010-06-21T00:00:00Z", XSD.dateTime), typed("2010-06-22T00:00:00", XSD.dateTime))) == trueTerm)
    }

    @Test func durationsOfTheSameKindAreOrdered() throws {
        #expect(try h.term(.equal(typed("PT1H", XSD.dayTimeDuration), typed("PT60M", XSD.dayTimeDuration))) == trueTerm)
        #expect(try h.term(.less(typed("-PT8H", XSD.dayTimeDuration), typed("PT0S", XSD.dayTimeDuration))) == trueTerm)
        #expect(try h.term(.equal(typed("P1Y", XSD.yearMonthDuration), typed("P12M", XSD.yearMonthDuration))) == trueTerm)
    }

    /// open-world open-cmp-01, open-cmp-02.
    @Test func unknownTypesHaveNoOrder() throws {
        let x = typed("x", "http://example/unknown")
        #expect(try h.isError(.less(x, x)))
        #expect(try h.term(.or(.or(.less(x, x), .equal(x, x)), .greater(x, x))) == trueTerm)
    }

    @Test func sameTermIsExact() throws {
        #expect(try h.term(call(.sameTerm, int("1"), int("01"))) == falseTerm)
        #expect(try h.term(call(.sameTerm, int("1"), int("1"))) == trueTerm)
        #expect(try h.term(call(.sameTerm, lang("a", "en"), lang("a", "EN"))) == trueTerm)
        #expect(try h.term(call(.sameTerm, lit("a"), typed("a", XSD.string))) == trueTerm)
    }
}
