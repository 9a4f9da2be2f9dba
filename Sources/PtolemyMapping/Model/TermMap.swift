import PtolemyRDF

/// A term map: a rule that makes RDF terms from a record of a logical source.
///
/// RML-Core section 6 (https://w3id.org/rml/core/spec#term-map); R2RML section 7
/// (https://www.w3.org/TR/r2rml/#term-map). The expression is a constant, a reference,
/// a template, a function execution (RML-FNML) or, for collections and containers, a
/// gather map (RML-CC). The reader fills in the default term type, so the engine never
/// has to know which position a map is in.
struct TermMap: Sendable {
    /// How the map computes its values.
    indirect enum Expression: Sendable {
        case constant(Term)
        case reference(Reference)
        case template(Template)
        case function(FunctionExecution)
        /// A blank node map without an expression: a new blank node per record.
        case freshBlankNode
    }

    /// The kind of term made; IRIs have four flavours of percent-encoding (RML-Core
    /// section 6.2.1: `rml:IRI`, `rml:URI`, `rml:UnsafeIRI`, `rml:UnsafeURI`).
    enum TermType: Sendable, Equatable {
        case iri(IRIEncoding)
        case blankNode
        case literal
    }

    /// How template values are made safe in an IRI.
    enum IRIEncoding: Sendable, Equatable {
        /// Percent-encode everything but IRI unreserved characters (R2RML "IRI-safe").
        case iri
        /// Also percent-encode non-ASCII characters.
        case uri
        /// No encoding.
        case unsafeIRI
        /// Percent-encode only non-ASCII characters... kept for completeness: same as `.unsafeIRI` plus ASCII check.
        case unsafeURI
    }

    var expression: Expression
    var termType: TermType
    /// Literal language: a constant tag or a language map.
    var language: LanguageOrDatatype?
    /// Literal datatype: a constant IRI or a datatype map.
    var datatype: LanguageOrDatatype?
    /// RML-FNML `rml:condition`: no term unless this function returns true.
    var condition: FunctionExecution?
    /// RML-CC gather map, when the map builds a collection or container.
    var gather: GatherMap?
    /// The mapping node, for messages.
    var node: String
    /// RML-CC: a referencing object map among a gather map's members (its values are
    /// the parent's subjects).
    var gatherReference: RefObjectMap?

    /// A constant or a term map for the language or datatype of a literal.
    indirect enum LanguageOrDatatype: Sendable {
        case constant(String)
        case map(TermMap)
    }

    /// True for a constant expression without a condition or gather (one value for every record).
    var isConstant: Bool {
        if case .constant = expression, condition == nil, gather == nil { return true }
        return false
    }

    /// The references this map reads (for checks against a source's columns).
    var references: [Reference] {
        var result: [Reference] = []
        switch expression {
        case .constant: break
        case .reference(let r): result.append(r)
        case .template(let t): result += t.references
        case .function(let f): result += f.references
        case .freshBlankNode: break
        }
        if case .map(let m)? = language { result += m.references }
        if case .map(let m)? = datatype { result += m.references }
        if let condition { result += condition.references }
        if let gather { for m in gather.maps { result += m.references } }
        if let r = gatherReference { for c in r.joinConditions { result += c.child.references } }
        return result
    }
}
