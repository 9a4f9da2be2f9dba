import Testing
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
@testable import PtolemyEngine

/// The dispatcher: variables, IN, EXISTS, extension functions, error propagation.
@Suite struct EvaluatorTests {
    let h = Harness()

    @Test func variablesKeepTheirIDs() throws {
        let solution = h.solution(["x": .iri("http://a"), "n": intTerm("7")])
        let x = try h.evaluator.evaluate(v("x"), solution)
        #expect(x.term == .iri("http://a") && x.id == solution.bindings[Variable("x")])
        #expect(try h.evaluator.evaluate(v("n"), solution).id == InlineTerms.integer(7))
        // Computed booleans and integers come with their inline IDs.
        #expect(try h.evaluator.evaluate(.add(v("n"), int("1")), solution).id == InlineTerms.integer(8))
        #expect(try h.evaluator.evaluate(call(.isIRI, v("x")), solution).id == InlineTerms.boolean(true))
    }

    /// in01, in02, notin01, notin02.
    @Test func inAndNotIn() throws {
        #expect(try h.term(.in(int("2"), [int("1"), int("2"), int("3")])) == trueTerm)
        #expect(try h.term(.in(int("2"), [int("1"), int("3")])) == falseTerm)
        #expect(try h.term(.notIn(int("2"), [])) == trueTerm)
        #expect(try h.term(.notIn(int("2"), [.divide(int("1"), int("0")), int("2")])) == falseTerm)
        #expect(try h.isError(.in(int("2"), [.divide(int("1"), int("0")), int("3")])))
        #expect(try h.term(.in(int("2"), [.divide(int("1"), int("0")), dec("2.0")])) == trueTerm)
        #expect(try h.isError(.in(v("unbound"), [int("1")])))
    }

    @Test func existsPassesTheBindingsThePatternMentions() throws {
        let pattern = Algebra.filter(.equal(v("o"), v("outer")),
                                     .bgp([TriplePattern(.variable(Variable("s")), .iri("http://p"), .variable(Variable("o")))]))
        var asked: [Variable: TermID] = [:]
        h.context.existsHandler = { _, bindings in asked = bindings; return true }
        let solution = h.solution(["s": .iri("http://s"), "outer": intTerm("1"), "other": intTerm("2")])
        #expect(try h.evaluator.evaluate(.exists(pattern), solution).term == trueTerm)
        #expect(Set(asked.keys) == [Variable("s"), Variable("outer")])
        #expect(try h.evaluator.evaluate(.notExists(pattern), solution).term == falseTerm)
    }

    @Test func failuresThatAreNotExpressionErrorsEndTheEvaluation() throws {
        struct Cancelled: Error {}
        h.context.existsHandler = { _, _ in throw Cancelled() }
        #expect(throws: Cancelled.self) { try h.evaluator.isTrue(.or(.exists(.empty), lit("x")), h.solution([:])) }
        #expect(throws: TestContextError.self) {
            try h.evaluator.evaluate(v("x"), TestSolution(bindings: [Variable("x"): TermID(tag: .iri, payload: 999)], solutionIndex: 0))
        }
    }

    @Test func extensionFunctions() throws {
        h.context.functions["http://example/twice"] = ExtensionFunction(arity: 1...1) { args in
            guard case .literal(let l) = args[0].term else { throw ExpressionError("not a literal") }
            return EvalValue(.string(l.lexicalForm + l.lexicalForm))
        }
        struct GeometryError: Error {}
        h.context.functions["http://example/fails"] = ExtensionFunction(arity: 0...2) { _ in throw GeometryError() }
        #expect(try h.term(.function("http://example/twice", [lit("ab")], distinct: false)) == .string("abab"))
        #expect(try h.isError(.function("http://example/twice", [iri("http://a")], distinct: false)))
        #expect(try h.isError(.function("http://example/twice", [], distinct: false)))
        #expect(try h.isError(.function("http://example/fails", [], distinct: false)))
        #expect(try h.isError(.function("http://example/missing", [], distinct: false)))
    }

    @Test func filterAndBindHelpers() throws {
        let s = h.solution([:])
        #expect(try h.evaluator.isTrue(.divide(int("1"), int("0")), s) == false)
        #expect(try h.evaluator.evaluateOrUnbound(.divide(int("1"), int("0")), s) == nil)
        #expect(try ExpressionEvaluator.effectiveBooleanValue(of: EvalValue(.string("x"))))
    }

    @Test func randIsADoubleBelowOne() throws {
        for _ in 0..<20 {
            let r = try #require(h.term(call(.rand)).literalValue)
            #expect(r.datatype == XSD.double)
            #expect(try h.term(.and(.greaterOrEqual(.term(.literal(r)), dbl("0")), .less(.term(.literal(r)), dbl("1")))) == trueTerm)
        }
    }
}
