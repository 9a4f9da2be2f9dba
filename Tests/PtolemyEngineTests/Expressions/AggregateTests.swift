import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// Set functions of https://www.w3.org/TR/sparql11-query/#aggregateAlgebra, with the data
/// and expectations of the W3C tests sparql11/aggregates.
@Suite struct AggregateTests {
    /// Feeds the values to a fresh accumulator for `aggregate`.
    func aggregate(_ aggregate: Aggregate, _ values: [Term?]) -> Term? {
        var accumulator = AggregateAccumulators.make(for: aggregate)
        for value in values { accumulator.add(value.map { EvalValue($0) }) }
        return accumulator.result()?.term
    }

    let x = Expression.variable(Variable("x"))
    let ints = [intTerm("1"), intTerm("2"), intTerm("3")]
    let decimals = [decTerm("1.0"), decTerm("2.2"), decTerm("3.5")]
    let doubles = [dblTerm("1.0E2"), dblTerm("2.0E3"), dblTerm("3.0E4")]

    /// agg-sum-01, agg-sum-02.
    @Test func sum() {
        #expect(aggregate(Aggregate(.sum, x), ints) == intTerm("6"))
        #expect(aggregate(Aggregate(.sum, x), decimals) == decTerm("6.7"))
        #expect(aggregate(Aggregate(.sum, x), doubles) == dblTerm("3.21E4"))
        #expect(aggregate(Aggregate(.sum, x), [intTerm("1"), decTerm("2.2")]) == decTerm("3.2"))
        #expect(aggregate(Aggregate(.sum, x), [dblTerm("2E-1"), decTerm("0.2")]) == dblTerm("4.0E-1"))
        #expect(aggregate(Aggregate(.sum, x), decimals + [decTerm("2.2"), decTerm("2.2")]) == decTerm("11.1"))
        #expect(aggregate(Aggregate(.sum, x), []) == intTerm("0"))
    }

    /// agg-avg-01, agg-avg-02, agg-err-01, agg-err-02.
    @Test func average() {
        #expect(aggregate(Aggregate(.avg, x), ints) == decTerm("2.0"))
        #expect(aggregate(Aggregate(.avg, x), decimals + [decTerm("2.2"), decTerm("2.2")]) == decTerm("2.22"))
        #expect(aggregate(Aggregate(.avg, x), [intTerm("1"), decTerm("2.2")]) == decTerm("1.6"))
        #expect(aggregate(Aggregate(.avg, x), [dblTerm("2E-1"), decTerm("0.2")]) == dblTerm("2.0E-1"))
        #expect(aggregate(Aggregate(.avg, x), [intTerm("1"), intTerm("2"), intTerm("3"), intTerm("4")]) == decTerm("2.5"))
        #expect(aggregate(Aggregate(.avg, x), [decTerm("1.0"), decTerm("2.0"), decTerm("3.0"), intTerm("4")]) == decTerm("2.5"))
        #expect(aggregate(Aggregate(.avg, x), [intTerm("1"), dblTerm("2.0E0"), intTerm("3"), intTerm("4")]) == dblTerm("2.5E0"))
        #expect(aggregate(Aggregate(.avg, x), []) == intTerm("0"))
        // A non-number, or an error, makes the aggregate an error.
        #expect(aggregate(Aggregate(.avg, x), [intTerm("1"), .blank("b2"), intTerm("3")]) == nil)
        #expect(aggregate(Aggregate(.sum, x), [intTerm("1"), nil]) == nil)
    }

    /// agg-min-01/02, agg-max-01/02: the ORDER BY order across types; errors skipped.
    @Test func minAndMax() {
        #expect(aggregate(Aggregate(.min, x), decimals) == decTerm("1.0"))
        #expect(aggregate(Aggregate(.max, x), ints + decimals + doubles) == dblTerm("3.0E4"))
        #expect(aggregate(Aggregate(.max, x), [intTerm("1"), decTerm("2.2")]) == decTerm("2.2"))
        // agg-min-02: the result is the value, in canonical form.
        #expect(aggregate(Aggregate(.min, x), [dblTerm("2E-1"), decTerm("2.2")]) == dblTerm("2.0E-1"))
        #expect(aggregate(Aggregate(.max, x), [Term.typed("07", XSD.int), .typed("5", XSD.int)]) == .typed("7", XSD.int))
        #expect(aggregate(Aggregate(.min, x), [decTerm("1.50"), decTerm("2")]) == decTerm("1.50"))
        #expect(aggregate(Aggregate(.min, x), [intTerm("1"), .blank("b2"), intTerm("3")]) == .blank("b2"))
        #expect(aggregate(Aggregate(.max, x), [.string("a"), .iri("http://z"), nil]) == .string("a"))
        #expect(aggregate(Aggregate(.max, x), []) == nil)
    }

    /// agg-count-*, agg-empty-group-count-*.
    @Test func count() {
        #expect(aggregate(Aggregate(.count, x), [intTerm("1"), nil, intTerm("1")]) == intTerm("2"))
        #expect(aggregate(Aggregate(.count, x, distinct: true), [intTerm("1"), nil, intTerm("1"), intTerm("01")]) == intTerm("2"))
        #expect(aggregate(Aggregate(.count, nil), [nil, nil, nil]) == intTerm("3"))
        #expect(aggregate(Aggregate(.count, nil), []) == intTerm("0"))
    }

    /// agg-sum-distinct, agg-avg-distinct: distinct terms, not values.
    @Test func distinctAggregatesDeduplicateTerms() {
        let values = [intTerm("1"), intTerm("1"), intTerm("2"), intTerm("2")]
        #expect(aggregate(Aggregate(.sum, x, distinct: true), values) == intTerm("3"))
        #expect(aggregate(Aggregate(.avg, x, distinct: true), values) == decTerm("1.5"))
        #expect(aggregate(Aggregate(.sum, x, distinct: true), [intTerm("1"), decTerm("1.0")]) == decTerm("2.0"))
    }

    /// agg-groupconcat-1 to -6.
    @Test func groupConcat() {
        #expect(aggregate(Aggregate(.groupConcat(separator: " "), x), [.string("1"), .string("22")]) == .string("1 22"))
        #expect(aggregate(Aggregate(.groupConcat(separator: ":"), x), [.string("1"), .string("22")]) == .string("1:22"))
        #expect(aggregate(Aggregate(.groupConcat(separator: " "), x), [.langString("1", "en"), .langString("2", "en")]) == .string("1 2"))
        #expect(aggregate(Aggregate(.groupConcat(separator: " "), x), [.langString("1", "en")]) == .string("1"))
        #expect(aggregate(Aggregate(.groupConcat(separator: ","), x), [intTerm("1"), nil, .iri("http://a")]) == .string("1,http://a"))
        #expect(aggregate(Aggregate(.groupConcat(separator: ","), x, distinct: true), [.string("a"), .string("a")]) == .string("a"))
        #expect(aggregate(Aggregate(.groupConcat(separator: " "), x), []) == .string(""))
        #expect(aggregate(Aggregate(.groupConcat(separator: " "), x), [.blank("b")]) == nil)
    }

    @Test func sample() {
        #expect(aggregate(Aggregate(.sample, x), [nil, decTerm("2.2"), decTerm("1.0")]) == decTerm("2.2"))
        #expect(aggregate(Aggregate(.sample, x), [nil]) == nil)
    }

    /// The group operator's helper: arguments are evaluated per solution, COUNT(DISTINCT *)
    /// compares whole solutions.
    @Test func groupAggregatorEvaluatesArguments() throws {
        let h = Harness()
        let bindings = [
            AggregateBinding(Variable("c", kind: .internal), Aggregate(.count, nil, distinct: true)),
            AggregateBinding(Variable("s", kind: .internal), Aggregate(.sum, .multiply(v("p"), int("2")))),
            AggregateBinding(Variable("n", kind: .internal), Aggregate(.count, v("p"))),
        ]
        var group = GroupAggregator(bindings, variables: [Variable("g"), Variable("p")])
        for (index, p) in [intTerm("1"), intTerm("1"), intTerm("4")].enumerated() {
            try group.add(h.solution(["g": .iri("http://g"), "p": p], index: index), evaluator: h.evaluator)
        }
        try group.add(h.solution(["g": .iri("http://g")], index: 3), evaluator: h.evaluator)
        let results = group.results().map { $0?.term }
        #expect(results == [intTerm("3"), nil, intTerm("3")])
        // A fresh copy starts from nothing.
        var next = group.fresh()
        try next.add(h.solution(["g": .iri("http://h"), "p": intTerm("5")], index: 4), evaluator: h.evaluator)
        #expect(next.results().map { $0?.term } == [intTerm("1"), intTerm("10"), intTerm("1")])
        #expect(group.results().map { $0?.term } == results)
    }
}
