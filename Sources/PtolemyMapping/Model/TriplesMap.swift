import PtolemyRDF

/// A triples map: a logical source, a subject map, and predicate-object maps.
///
/// RML-Core section 4 (https://w3id.org/rml/core/spec#triples-map); R2RML section 6.
struct TriplesMap: Sendable {
    /// The mapping node and its name for messages (`<#Person>`).
    var node: Term
    var name: String
    /// Index into ``MappingDocument/sources``.
    var source: Int
    var subjectMap: TermMap
    /// `rml:class` IRIs of the subject map.
    var classes: [String]
    /// Graph maps of the subject map: they apply to every triple of the map.
    var subjectGraphMaps: [TermMap]
    var predicateObjectMaps: [PredicateObjectMap]
    /// `rml:baseIRI` of the triples map (RML-Core 4.1), overriding the engine's base.
    var baseIRI: String?
}

/// A predicate-object map: predicates × objects, in the graphs of its graph maps.
struct PredicateObjectMap: Sendable {
    var predicateMaps: [TermMap]
    var objectMaps: [ObjectMap]
    var graphMaps: [TermMap]
    var node: String
}

/// An object map or a referencing object map.
enum ObjectMap: Sendable {
    case term(TermMap)
    case reference(RefObjectMap)
}

/// A referencing object map: the subjects of a parent triples map, joined on conditions.
///
/// RML-Core section 8 (https://w3id.org/rml/core/spec#referencing-object-map).
struct RefObjectMap: Sendable {
    /// Index of the parent triples map.
    var parent: Int
    var joinConditions: [JoinCondition]
    var node: String
}

/// A join condition: the child's expression values must equal the parent's.
struct JoinCondition: Sendable {
    var child: TermMap
    var parent: TermMap
}
