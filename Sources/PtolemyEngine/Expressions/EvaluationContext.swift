import Foundation
import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// A value an expression produced: the term, and its ID when it is known without work
/// (a variable's binding, an interned constant). Keeping the ID lets caches key on it
/// (parsed geometries, decoded numbers) and lets the executor skip re-interning.
public struct EvalValue: Sendable, Hashable {
    public let term: Term
    public let id: TermID?

    @inlinable
    public init(_ term: Term, id: TermID? = nil) {
        self.term = term
        self.id = id
    }

    public static func == (lhs: EvalValue, rhs: EvalValue) -> Bool { lhs.term == rhs.term }
    public func hash(into hasher: inout Hasher) { hasher.combine(term) }
}

/// A SPARQL expression error (https://www.w3.org/TR/sparql11-query/#evaluation):
/// a type error, an unbound variable, an invalid argument. FILTER treats it as false,
/// BIND leaves the variable unbound, ORDER BY sorts it first.
public struct ExpressionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    public static let unbound = ExpressionError("unbound variable")
}

/// What expression evaluation needs from the query that runs it.
///
/// One context per query execution; not shared between threads.
public protocol EvaluationContext: AnyObject {
    /// The term an ID stands for (store dictionary, inline value or query-local term).
    func decode(_ id: TermID) throws -> Term
    /// The ID of a term: the store's ID when the store knows it (so joins with stored
    /// data work), an inline ID, or a query-local ID.
    func intern(_ term: Term) -> TermID
    /// The instant `NOW()` returns: fixed for the whole query.
    var queryTime: Date { get }
    /// A fresh blank node (`BNODE()`).
    func freshBlankNode() -> Term
    /// The blank node for `BNODE(label)` within the current solution: the same label
    /// gives the same node within one solution, different nodes across solutions.
    func blankNode(label: String, solution: Int) -> Term
    /// Whether `pattern` has a solution compatible with `bindings` (EXISTS).
    func exists(_ pattern: Algebra, bindings: [Variable: TermID]) throws -> Bool
    /// An extension function named by IRI (GeoSPARQL functions, casts are built in).
    func extensionFunction(_ iri: String) -> ExtensionFunction?
}

/// A function named by an IRI, supplied by a module above the evaluator (GeoSPARQL).
public struct ExtensionFunction: Sendable {
    /// Evaluates the function on already-evaluated arguments.
    public let evaluate: @Sendable ([EvalValue]) throws -> EvalValue
    /// The allowed number of arguments.
    public let arity: ClosedRange<Int>

    public init(arity: ClosedRange<Int>, evaluate: @escaping @Sendable ([EvalValue]) throws -> EvalValue) {
        self.arity = arity
        self.evaluate = evaluate
    }
}

/// The bindings of one solution, as the evaluator reads them.
public protocol SolutionView {
    /// The ID bound to `variable`, or nil when it is unbound.
    func value(of variable: Variable) -> TermID?
    /// The solution's number within its result (for BNODE(label) scoping).
    var solutionIndex: Int { get }
}
