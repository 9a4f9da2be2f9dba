import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// The prepared form agrees with the interpreter (the harness checks that for every
/// expression of the other suites); these cases aim at its shortcuts.
@Suite struct PreparedExpressionTests {
    let h = Harness()

    static let values: [Term?] = [
        intTerm("5"), intTerm("-7"), intTerm("500"), intTerm("501"), decTerm("5.0"), decTerm("499.99"), dblTerm("5E0"),
        dblTerm("NaN"), fltTerm("INF"), typed("6", XSD.int).termValue, .typed("abc", XSD.integer), .string("5"),
        .iri("http://a"), .langString("5", "en"), nil,
    ]

    @Test(arguments: values)
    func comparisonsOfAVariableWithANumber(value: Term?) throws {
        let x = v("x")
        let bindings: [String: Term] = value.map { ["x": $0] } ?? [:]
        for constant in [int("5"), int("500"), dec("5.0"), dbl("5.0E0")] {
            for e: Expression in [.equal(x, constant), .notEqual(x, constant), .less(x, constant), .greater(constant, x),
                                  .lessOrEqual(constant, x), .greaterOrEqual(x, constant), .not(.equal(constant, x))] {
                _ = try h.value(e, bindings) // checks prepared against interpreted
            }
        }
    }

    @Test func arithmeticInsideComparisons() throws {
        for value in [intTerm("499"), decTerm("0.5"), dblTerm("1E300"), .string("x")] {
            _ = try h.value(.greater(.add(v("x"), int("1")), int("500")), ["x": value])
            _ = try h.value(.less(.divide(v("x"), int("0")), int("1")), ["x": value])
            _ = try h.value(.in(.multiply(v("x"), dec("2.0")), [int("998"), dec("1.0"), lit("a")]), ["x": value])
        }
    }

    @Test func preparedValuesMaterialiseResults() throws {
        let p = h.evaluator.prepare(.add(v("x"), int("1")))
        #expect(try h.evaluator.evaluate(p, h.solution(["x": intTerm("41")])).term == intTerm("42"))
        #expect(try h.evaluator.evaluateOrUnbound(p, h.solution([:])) == nil)
        #expect(try h.evaluator.isTrue(h.evaluator.prepare(.greater(v("x"), int("1"))), h.solution(["x": intTerm("2")])))
    }
}

extension Expression {
    /// The constant term of a constant expression.
    var termValue: Term? {
        if case .term(let t) = self { return t }
        return nil
    }
}
