import Testing
import PtolemyRDF
import PtolemyStorage
@testable import PtolemyEngine

/// ORDER BY, https://www.w3.org/TR/sparql11-query/#modOrderBy
@Suite struct OrderingTests {
    func value(_ t: Term) -> EvalValue { EvalValue(t) }

    @Test func kindsComeInTheOrderTheSpecFixes() {
        let ordered: [EvalValue?] = [nil, value(.blank("b")), value(.iri("http://a")), value(.string("a"))]
        for i in ordered.indices {
            for j in ordered.indices {
                let expected = i < j ? -1 : (i == j ? 0 : 1)
                #expect(ExpressionEvaluator.compareForOrdering(ordered[i], ordered[j]) == expected)
            }
        }
    }

    @Test func literalsCompareByValueWhereLessThanApplies() {
        let numbers = [intTerm("9"), intTerm("10"), decTerm("10.5"), dblTerm("1.1E1"), fltTerm("30")].map(value)
        #expect(numbers.sorted { ExpressionEvaluator.compareForOrdering($0, $1) < 0 } == numbers)
        #expect(ExpressionEvaluator.compareForOrdering(value(.string("Z")), value(.string("a"))) < 0)
        #expect(ExpressionEvaluator.compareForOrdering(value(.typed("2006-08-22", XSD.date)), value(.typed("2006-08-23Z", XSD.date))) < 0)
    }

    /// Mixed and incomparable literals still sort into one total, stable order.
    @Test func theOrderIsTotal() {
        let terms: [Term] = [
            intTerm("1"), decTerm("1.0"), intTerm("01"), dblTerm("NaN"), dblTerm("-INF"), .string("b"), .string("a"),
            .langString("a", "en"), .langString("a", "de"), trueTerm, falseTerm, .typed("2006-08-23", XSD.date),
            .typed("2006-08-23Z", XSD.date), .typed("2006-08-23T00:00:00Z", XSD.dateTime), .typed("x", "http://t/1"),
            .typed("abc", XSD.integer), .iri("http://b"), .iri("http://a"), .blank("z"), .typed("P1M", XSD.duration),
        ]
        let values = terms.map(value)
        for a in values {
            #expect(ExpressionEvaluator.compareForOrdering(a, a) == 0)
            for b in values where a != b {
                let ab = ExpressionEvaluator.compareForOrdering(a, b)
                #expect(ab != 0, "\(a.term) and \(b.term) are different terms")
                #expect(ab == -ExpressionEvaluator.compareForOrdering(b, a))
                for c in values where ab < 0 && ExpressionEvaluator.compareForOrdering(b, c) < 0 {
                    #expect(ExpressionEvaluator.compareForOrdering(a, c) < 0, "transitivity \(a.term) < \(b.term) < \(c.term)")
                }
            }
        }
    }
}

/// The ID comparator agrees with the term comparator, decoding only when it must.
@Suite struct IDOrderingTests {
    @Test func agreesWithTheTermOrder() throws {
        let context = TestContext()
        let terms: [Term] = [
            intTerm("-5"), intTerm("7"), intTerm("1"), decTerm("1.0"), decTerm("1.00"), decTerm("-2.5"), decTerm("0.75"),
            trueTerm, falseTerm, .string("abc"), .string("a much longer string"), .langString("a", "en"),
            .typed("2020-01-01T00:00:00Z", XSD.dateTime), .typed("2020-01-01T01:00:00+01:00", XSD.dateTime),
            .typed("2019-12-31T23:00:00", XSD.dateTime), .typed("2020-01-01", XSD.date), dblTerm("1E0"),
            .iri("http://a"), .iri("http://b"), .blank("x"), .typed("z", "http://t"),
        ]
        let ids = terms.map(context.intern)
        final class Counter { var decodes = 0 }
        let counter = Counter()
        let decode: (TermID) throws -> Term = { counter.decodes += 1; return try context.decode($0) }
        for (i, a) in ids.enumerated() {
            #expect(try SolutionOrdering.compare(a, .none, decode: decode) == 1)
            for (j, b) in ids.enumerated() {
                let expected = SolutionOrdering.compare(EvalValue(terms[i], id: a), EvalValue(terms[j], id: b))
                #expect(try SolutionOrdering.compare(a, b, decode: decode) == expected, "\(terms[i]) vs \(terms[j])")
            }
        }
        #expect(counter.decodes < ids.count * ids.count)
        counter.decodes = 0
        #expect(try SolutionOrdering.compare(ids[0], ids[1], decode: decode) == -1)
        #expect(try SolutionOrdering.compare(ids[17], ids[19], decode: decode) == 1)
        #expect(counter.decodes == 0)
    }
}
