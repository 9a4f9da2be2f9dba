/// A logical view (RML-LV, https://w3id.org/rml/lv/spec): records made of named fields
/// over another logical source, optionally joined with other views.
struct LogicalView: Sendable {
    /// Index of the logical source (or view) it is a view on.
    var viewOn: Int
    var fields: [ViewField]
    var joins: [ViewJoin]
}

/// A field of a logical view: an expression field (a value per record, possibly several)
/// or an iterable field (nested records), each with child fields.
struct ViewField: Sendable {
    enum Kind: Sendable {
        /// `rml:ExpressionField`: a reference, constant, template or function.
        case expression(TermMap.Expression)
        /// `rml:IterableField`: an iterator, possibly under another reference formulation.
        case iterable(iterator: String, formulation: ReferenceFormulation?)
    }

    var name: String
    var kind: Kind
    var children: [ViewField]
}

/// `rml:leftJoin` / `rml:innerJoin` of a logical view.
struct ViewJoin: Sendable {
    /// Index of the parent view.
    var parent: Int
    var inner: Bool
    var conditions: [JoinCondition]
    /// Fields taken from the parent's records.
    var fields: [ViewField]
}
