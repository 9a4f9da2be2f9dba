import Testing
import PtolemyRDF
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
