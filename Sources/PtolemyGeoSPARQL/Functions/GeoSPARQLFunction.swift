import PtolemyRDF

/// One `geof:` function of GeoSPARQL: its IRI, the numbers of arguments it takes,
/// and its evaluation on already-evaluated argument terms.
///
/// The engine wraps each as an extension function (`GeoSPARQLRegistration.swift` in
/// PtolemyEngine); the evaluation throws ``GeoSPARQLError`` for what SPARQL calls an
/// expression error (https://www.w3.org/TR/sparql11-query/#evaluation).
public struct GeoSPARQLFunction: Sendable {
    /// The function IRI, e.g. `http://www.opengis.net/def/function/geosparql/sfIntersects`.
    public let iri: String
    /// The allowed numbers of arguments.
    public let arity: ClosedRange<Int>
    /// Evaluates the function; the arguments' count is within ``arity``.
    public let evaluate: @Sendable ([Term]) throws(GeoSPARQLError) -> Term

    public init(iri: String, arity: ClosedRange<Int>, evaluate: @escaping @Sendable ([Term]) throws(GeoSPARQLError) -> Term) {
        self.iri = iri
        self.arity = arity
        self.evaluate = evaluate
    }

    /// The local name in the `geof:` namespace.
    public var localName: String {
        iri.hasPrefix(GeoSPARQL.geof) ? String(iri.dropFirst(GeoSPARQL.geof.count)) : iri
    }
}
