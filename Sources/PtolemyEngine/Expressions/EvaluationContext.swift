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

