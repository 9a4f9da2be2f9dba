import Foundation
import Testing
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage
@testable import PtolemyEngine

/// An in-memory ``EvaluationContext`` for expression tests: terms get inline IDs when
/// they have one, query-local dictionary IDs otherwise.
final class TestContext: EvaluationContext {
    private var terms: [TermID: Term] = [:]
    private var ids: [Term: TermID] = [:]
    private var nextSequence: UInt64 = 1
    private var blankCounter = 0
    private var labelledBlanks: [String: Term] = [:]

    let queryTime: Date
    var functions: [String: ExtensionFunction] = [:]
    /// Answers EXISTS; records what it was asked.
    var existsHandler: (Algebra, [Variable: TermID]) throws -> Bool = { _, _ in false }

    init(queryTime: Date = Date(timeIntervalSince1970: 1_262_304_000.5)) {
        self.queryTime = queryTime
    }

    func decode(_ id: TermID) throws -> Term {
        if id.isInline, let literal = InlineTerms.decode(id) { return .literal(literal) }
        guard let term = terms[id] else { throw TestContextError.unknownID(id) }
        return term
    }

    func intern(_ term: Term) -> TermID {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline }
        if let id = ids[term] { return id }
        let tag: TermID.Tag
        switch term {
        case .iri: tag = .iri
        case .blank: tag = .blank
        case .literal(let l): tag = l.language != nil ? .langLiteral : (l.datatype == XSD.string ? .stringLiteral : .typedLiteral)
        }
        let id = TermID(tag: tag, payload: nextSequence)
        nextSequence += 1
        ids[term] = id
        terms[id] = term
        return id
    }

    func freshBlankNode() -> Term {
        blankCounter += 1
        return .blank("fresh\(blankCounter)")
    }

    func blankNode(label: String, solution: Int) -> Term {
        let key = "\(solution)/\(label)"
        if let node = labelledBlanks[key] { return node }
        blankCounter += 1
        let node = Term.blank("labelled\(blankCounter)")
        labelledBlanks[key] = node
        return node
    }

    func exists(_ pattern: Algebra, bindings: [Variable: TermID]) throws -> Bool {
        try existsHandler(pattern, bindings)
    }

    func extensionFunction(_ iri: String) -> ExtensionFunction? { functions[iri] }
}

enum TestContextError: Error { case unknownID(TermID) }

/// A solution of named variables.
struct TestSolution: SolutionView {
    var bindings: [Variable: TermID]
    var solutionIndex: Int

    func value(of variable: Variable) -> TermID? { bindings[variable] }
}

/// Builds expressions and evaluates them against one solution.
struct Harness {
    let context = TestContext()
    let evaluator: ExpressionEvaluator

    init(base: String? = "http://example.org/base/") {
        evaluator = ExpressionEvaluator(context: context, baseIRI: base)
    }

    func solution(_ bindings: [String: Term], index: Int = 0) -> TestSolution {
        TestSolution(bindings: Dictionary(uniqueKeysWithValues: bindings.map { (Variable($0.key), context.intern($0.value)) }),
                     solutionIndex: index)
    }

    /// The value, or nil when the evaluation is an expression error. The prepared form of
    /// the expression must agree with the interpreter (on the value and on the effective
    /// boolean value), so every test checks both.
    func value(_ e: Expression, _ bindings: [String: Term] = [:]) throws -> Term? {
        let s = solution(bindings)
        let interpreted = try evaluator.evaluateOrUnbound(e, s)?.term
        if Harness.isDeterministic(e) {
            let prepared = evaluator.prepare(e)
            let value = try evaluator.evaluateOrUnbound(prepared, s)?.term
            #expect(value == interpreted, "prepared \(e) gives \(String(describing: value)), not \(String(describing: interpreted))")
            let ebv = try? evaluator.effectiveBooleanValue(e, s)
            #expect((try? evaluator.effectiveBooleanValue(prepared, s)) == ebv, "effective boolean value of prepared \(e)")
        }
        return interpreted
    }

    /// Whether two evaluations of `e` give the same result (no RAND, UUID, STRUUID, BNODE()).
    static func isDeterministic(_ e: Expression) -> Bool {
        switch e {
        case .term, .variable, .exists, .notExists: return true
        case .builtIn(let f, let args):
            if [.rand, .uuid, .strUUID].contains(f) || (f == .bnode && args.isEmpty) { return false }
            return args.allSatisfy(isDeterministic)
        case .function(_, let args, _): return args.allSatisfy(isDeterministic)
        case .or(let a, let b), .and(let a, let b), .equal(let a, let b), .notEqual(let a, let b), .less(let a, let b),
             .greater(let a, let b), .lessOrEqual(let a, let b), .greaterOrEqual(let a, let b), .add(let a, let b),
             .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
            return isDeterministic(a) && isDeterministic(b)
        case .not(let a), .unaryPlus(let a), .unaryMinus(let a): return isDeterministic(a)
        case .in(let a, let list), .notIn(let a, let list): return isDeterministic(a) && list.allSatisfy(isDeterministic)
        }
    }

    /// The value, which must not be an error.
    func term(_ e: Expression, _ bindings: [String: Term] = [:]) throws -> Term {
        try #require(try value(e, bindings), "\(e) is an error")
    }

    /// Whether the evaluation is an expression error.
    func isError(_ e: Expression, _ bindings: [String: Term] = [:]) throws -> Bool {
        try value(e, bindings) == nil
    }
}

// MARK: - expression and term shorthands

/// Foundation has an `Expression` type too.
typealias Expression = PtolemySPARQL.Expression

func lit(_ s: String) -> Expression { .term(.string(s)) }
func lang(_ s: String, _ tag: String) -> Expression { .term(.langString(s, tag)) }
func typed(_ s: String, _ datatype: String) -> Expression { .term(.typed(s, datatype)) }
func int(_ s: String) -> Expression { typed(s, XSD.integer) }
func dec(_ s: String) -> Expression { typed(s, XSD.decimal) }
func dbl(_ s: String) -> Expression { typed(s, XSD.double) }
func flt(_ s: String) -> Expression { typed(s, XSD.float) }
func iri(_ s: String) -> Expression { .term(.iri(s)) }
func v(_ name: String) -> Expression { .variable(Variable(name)) }
func call(_ f: BuiltInFunction, _ args: Expression...) -> Expression { .builtIn(f, args) }
func cast(_ datatype: String, _ arg: Expression) -> Expression { .function(datatype, [arg], distinct: false) }

let trueTerm = Term.typed("true", XSD.boolean)
let falseTerm = Term.typed("false", XSD.boolean)
func intTerm(_ s: String) -> Term { .typed(s, XSD.integer) }
func decTerm(_ s: String) -> Term { .typed(s, XSD.decimal) }
func dblTerm(_ s: String) -> Term { .typed(s, XSD.double) }
func fltTerm(_ s: String) -> Term { .typed(s, XSD.float) }
