import PtolemyRDF

/// A function execution (RML-FNML, https://w3id.org/rml/fnml/spec): a function IRI,
/// its inputs, and which of its outputs the term map takes.
struct FunctionExecution: Sendable {
    /// The function's IRI (`rml:function`, or a constant `rml:functionMap`).
    var function: String
    var inputs: [FunctionInput]
    /// `rml:return` (or a constant `rml:returnMap`), nil for the function's first output.
    var output: String?
    var node: String

    var references: [Reference] { inputs.flatMap(\.value.references) }
}

/// One parameter of a function execution and the term map giving its value.
struct FunctionInput: Sendable {
    var parameter: String
    var value: TermMap
}

/// RML-CC gather map (https://w3id.org/rml/cc/spec): the term maps whose values make
/// up a collection or container.
struct GatherMap: Sendable {
    var maps: [TermMap]
    /// `rdf:List`, `rdf:Bag`, `rdf:Seq` or `rdf:Alt`.
    var gatherAs: String
    /// `rml:cartesianProduct` rather than the default `rml:append`.
    var cartesian: Bool
    /// `rml:allowEmptyListAndContainer`.
    var allowEmpty: Bool
}
