import Foundation
import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

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

/// The bindings of one solution, as the evaluator reads them.
public protocol SolutionView {
    /// The ID bound to `variable`, or nil when it is unbound.
    func value(of variable: Variable) -> TermID?
    /// The solution's number within its result (for BNODE(label) scoping).
    var solutionIndex: Int { get }
}
