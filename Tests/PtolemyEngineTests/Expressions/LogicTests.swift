import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// Effective boolean value and the three-valued `||`, `&&`, `!`,
/// https://www.w3.org/TR/sparql11-query/#ebv and #evaluation.
@Suite struct LogicTests {
    let h = Harness()
    let error = Expression.divide(int("1"), int("0"))

    @Test(arguments: [
        (typed("true", XSD.boolean), true), (typed("false", XSD.boolean), false), (typed("0", XSD.boolean), false),
        (typed("maybe", XSD.boolean), false), (lit(""), false), (lit("a"), true), (typed("", XSD.string), false),
        (int("0"), false), (int("2"), true), (dbl("NaN"), false), (dbl("-0.0E0"), false), (dec("0.0"), false),
        (typed("abc", XSD.integer), false), (flt("1e-30"), true),
    ])
    func effectiveBooleanValue(expression: Expression, expected: Bool) throws {
        #expect(try h.evaluator.effectiveBooleanValue(expression, h.solution([:])) == expected)
    }

    @Test(arguments: [lang("a", "en"), iri("http://a"), typed("2010-01-01", XSD.date), typed("x", "http://example/t")])
    func noEffectiveBooleanValue(expression: Expression) throws {
        #expect(throws: ExpressionError.self) { try h.evaluator.effectiveBooleanValue(expression, h.solution([:])) }
        #expect(try !h.evaluator.isTrue(expression, h.solution([:])))
    }

    @Test func orIsTrueWhenEitherSideIsTrueDespiteErrors() throws {
        let t = typed("true", XSD.boolean), f = typed("false", XSD.boolean)
        #expect(try h.term(.or(t, error)) == trueTerm)
        #expect(try h.term(.or(error, t)) == trueTerm)
        #expect(try h.isError(.or(f, error)))
        #expect(try h.isError(.or(error, error)))
        #expect(try h.term(.or(f, f)) == falseTerm)
    }

    @Test func andIsFalseWhenEitherSideIsFalseDespiteErrors() throws {
        let t = typed("true", XSD.boolean), f = typed("false", XSD.boolean)
        #expect(try h.term(.and(f, error)) == falseTerm)
        #expect(try h.term(.and(error, f)) == falseTerm)
        #expect(try h.isError(.and(t, error)))
        #expect(try h.term(.and(t, t)) == trueTerm)
    }

    @Test func notOfAnErrorIsAnError() throws {
        #expect(try h.isError(.not(error)))
        #expect(try h.term(.not(lit(""))) == trueTerm)
    }

    @Test func unboundVariablesAreErrors() throws {
        #expect(try h.isError(v("nope")))
        #expect(try !h.evaluator.isTrue(.equal(v("nope"), int("1")), h.solution([:])))
        #expect(try h.evaluator.isTrue(.or(call(.bound, v("nope")), int("1")), h.solution([:])))
    }
}
