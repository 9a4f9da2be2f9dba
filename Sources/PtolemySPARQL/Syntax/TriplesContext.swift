/// Where triples are being parsed, which decides what they may contain and what blank
/// nodes mean.
enum TriplesContext {
    /// A graph pattern (WHERE): property paths allowed; blank nodes are variables.
    case pattern
    /// A CONSTRUCT template or an INSERT template: blank nodes are fresh per solution.
    case template
    /// INSERT DATA: no variables.
    case insertData
    /// DELETE DATA: no variables, no blank nodes.
    case deleteData
    /// A DELETE template: no blank nodes.
    case deleteTemplate
    /// DELETE WHERE: no blank nodes (the quads are both template and pattern).
    case deleteWhere

    var allowsPaths: Bool { self == .pattern }

    var allowsVariables: Bool { self != .insertData && self != .deleteData }

    var allowsBlankNodes: Bool { self == .pattern || self == .template || self == .insertData }

    /// The reason blank nodes are refused (https://www.w3.org/TR/sparql11-update/#deleteData).
    var blankNodeRestriction: String {
        switch self {
        case .deleteData: return "blank nodes are not allowed in DELETE DATA"
        case .deleteWhere: return "blank nodes are not allowed in DELETE WHERE"
        default: return "blank nodes are not allowed in a DELETE template"
        }
    }
}
