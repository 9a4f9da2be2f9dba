/// The RML vocabularies, reduced to one.
///
/// Mappings come in two vocabularies: the classic rml.io one (`rml:` =
/// `http://semweb.mmlab.be/ns/rml#` on top of R2RML's `rr:`, with `ql:` reference
/// formulations; https://rml.io/specs/rml/) and the kg-construct modules (RML-Core,
/// RML-IO, RML-FNML, RML-CC, RML-LV: `rml:` = `http://w3id.org/rml/`;
/// https://w3id.org/rml/portal/). ``MappingReader`` rewrites the classic terms into
/// the current namespace, which holds the same local names, so the rest of the module
/// speaks one vocabulary; where the two specifications disagree on behaviour the
/// reader records which one the mapping used (``MappingDialect``).
public enum RML {
    /// The RML-Core / RML-IO namespace.
    public static let ns = "http://w3id.org/rml/"
    /// The classic RML namespace.
    public static let classicNS = "http://semweb.mmlab.be/ns/rml#"
    /// R2RML. https://www.w3.org/TR/r2rml/
    public static let r2rmlNS = "http://www.w3.org/ns/r2rml#"
    /// Classic reference formulations.
    public static let qlNS = "http://semweb.mmlab.be/ns/ql#"
    /// Classic FnML (https://fno.io/rml/).
    public static let classicFnmlNS = "http://semweb.mmlab.be/ns/fnml#"
    /// The Function Ontology.
    public static let fnoNS = "https://w3id.org/function/ontology#"
    /// CSV on the Web (dialects of classic CSV sources). https://www.w3.org/ns/csvw
    public static let csvwNS = "http://www.w3.org/ns/csvw#"
    /// The older FnO namespace some mappings still use.
    public static let fnoOldNS = "http://w3id.org/function/ontology#"

    // Core
    public static let TriplesMap = ns + "TriplesMap"
    public static let logicalSource = ns + "logicalSource"
    public static let subjectMap = ns + "subjectMap"
    public static let subject = ns + "subject"
    public static let predicateObjectMap = ns + "predicateObjectMap"
    public static let predicateMap = ns + "predicateMap"
    public static let predicate = ns + "predicate"
    public static let objectMap = ns + "objectMap"
    public static let object = ns + "object"
    public static let graphMap = ns + "graphMap"
    public static let graph = ns + "graph"
    public static let `class` = ns + "class"
    public static let constant = ns + "constant"
    public static let reference = ns + "reference"
    public static let template = ns + "template"
    public static let termType = ns + "termType"
    public static let IRI = ns + "IRI"
    public static let URI = ns + "URI"
    public static let UnsafeIRI = ns + "UnsafeIRI"
    public static let UnsafeURI = ns + "UnsafeURI"
    public static let BlankNode = ns + "BlankNode"
    public static let Literal = ns + "Literal"
    public static let datatype = ns + "datatype"
    public static let datatypeMap = ns + "datatypeMap"
    public static let language = ns + "language"
    public static let languageMap = ns + "languageMap"
    public static let defaultGraph = ns + "defaultGraph"
    public static let parentTriplesMap = ns + "parentTriplesMap"
    public static let joinCondition = ns + "joinCondition"
    public static let child = ns + "child"
    public static let parent = ns + "parent"
    public static let childMap = ns + "childMap"
    public static let parentMap = ns + "parentMap"
    public static let baseIRI = ns + "baseIRI"
    public static let RefObjectMap = ns + "RefObjectMap"

    // IO
    public static let source = ns + "source"
    public static let path = ns + "path"
    public static let root = ns + "root"
    public static let MappingDirectory = ns + "MappingDirectory"
    public static let CurrentWorkingDirectory = ns + "CurrentWorkingDirectory"
    public static let referenceFormulation = ns + "referenceFormulation"
    public static let iterator = ns + "iterator"
    public static let encoding = ns + "encoding"
    public static let compression = ns + "compression"
    public static let null = ns + "null"
    public static let namespace = ns + "namespace"
    public static let namespacePrefix = ns + "namespacePrefix"
    public static let namespaceURL = ns + "namespaceURL"
    public static let CSV = ns + "CSV"
    public static let JSONPath = ns + "JSONPath"
    public static let XPath = ns + "XPath"
    public static let gzip = ns + "gzip"
    public static let zip = ns + "zip"
    public static let tarxz = ns + "tarxz"
    public static let targz = ns + "targz"
    public static let UTF16 = ns + "UTF-16"

    // FNML
    public static let functionExecution = ns + "functionExecution"
    public static let function = ns + "function"
    public static let functionMap = ns + "functionMap"
    public static let input = ns + "input"
    public static let parameter = ns + "parameter"
    public static let parameterMap = ns + "parameterMap"
    public static let inputValue = ns + "inputValue"
    public static let inputValueMap = ns + "inputValueMap"
    public static let `return` = ns + "return"
    public static let returnMap = ns + "returnMap"
    public static let condition = ns + "condition"

    // CC
    public static let gather = ns + "gather"
    public static let gatherAs = ns + "gatherAs"
    public static let strategy = ns + "strategy"
    public static let append = ns + "append"
    public static let cartesianProduct = ns + "cartesianProduct"
    public static let allowEmptyListAndContainer = ns + "allowEmptyListAndContainer"

    // LV
    public static let LogicalView = ns + "LogicalView"
    public static let viewOn = ns + "viewOn"
    public static let field = ns + "field"
    public static let fieldName = ns + "fieldName"
    public static let IterableField = ns + "IterableField"
    public static let leftJoin = ns + "leftJoin"
    public static let innerJoin = ns + "innerJoin"
    public static let parentLogicalView = ns + "parentLogicalView"

    /// The current-vocabulary IRI for a classic one (`rr:`, classic `rml:`, `ql:`,
    /// classic `fnml:`), or nil when `iri` is not classic.
    static func modernized(_ iri: String) -> String? {
        if iri.hasPrefix(r2rmlNS) { return ns + iri.dropFirst(r2rmlNS.count) }
        if iri.hasPrefix(classicNS) { return ns + iri.dropFirst(classicNS.count) }
        if iri.hasPrefix(qlNS) {
            switch iri.dropFirst(qlNS.count) {
            case "CSV": return CSV
            case "JSONPath": return JSONPath
            case "XPath": return XPath
            default: return ns + iri.dropFirst(qlNS.count)
            }
        }
        return nil
    }

    /// A short form for messages: `rml:objectMap` for any RML IRI.
    static func short(_ iri: String) -> String {
        if iri.hasPrefix(ns) { return "rml:" + iri.dropFirst(ns.count) }
        return "<\(iri)>"
    }
}

/// Which RML the mapping document was written in; decides where the specifications
/// differ (the natural datatypes of JSON values, invalid IRIs from templates).
public enum MappingDialect: Sendable {
    /// The rml.io vocabulary (`http://semweb.mmlab.be/ns/rml#` with R2RML).
    case classic
    /// The kg-construct RML modules (`http://w3id.org/rml/`).
    case core
}
