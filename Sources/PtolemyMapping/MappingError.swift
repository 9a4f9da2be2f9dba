/// An error raised while reading a mapping or running it, with the place it arose.
///
/// Every user-facing error of this module names what it can: the mapping file, the
/// triples map and the property of the mapping that failed, and the source file with
/// the row (CSV), line or path (JSON, XML) of the record being mapped. ``description``
/// reads like a compiler message: `mapping.ttl: triples map <#Person>, rml:objectMap:
/// student.csv:3 (row 2): no column "Nme" (columns: ID, Name)`.
public struct MappingError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, by kind; the CLI and the tests match on it.
    public enum Kind: String, Sendable {
        /// The mapping document is not valid RML (missing subject map, bad term type, ...).
        case invalidMapping = "invalid mapping"
        /// A source cannot be found, opened, decompressed or decoded.
        case source = "source error"
        /// A source's content is malformed (bad CSV, JSON, XML, Shapefile, ...).
        case syntax = "syntax error"
        /// A reference does not exist in the data (unknown column, key or field).
        case reference = "reference error"
        /// A generated term is invalid (an IRI with a space, a bad language tag, ...).
        case data = "data error"
        /// A function is unknown or failed.
        case function = "function error"
        /// Writing the output failed.
        case output = "output error"
    }

    public var kind: Kind
    public var message: String
    /// The mapping file, when known.
    public var mappingFile: String?
    /// The triples map (its IRI or blank-node label) the error arose in.
    public var triplesMap: String?
    /// The mapping property being evaluated (`rml:subjectMap`, `rml:objectMap`, ...).
    public var property: String?
    /// The source file and the position of the record in it (`student.csv:4`, `data.json $.students[2]`).
    public var sourcePosition: String?

    public init(_ kind: Kind, _ message: String, mappingFile: String? = nil, triplesMap: String? = nil,
                property: String? = nil, sourcePosition: String? = nil) {
        self.kind = kind
        self.message = message
        self.mappingFile = mappingFile
        self.triplesMap = triplesMap
        self.property = property
        self.sourcePosition = sourcePosition
    }

    public var description: String {
        var parts: [String] = []
        if let mappingFile { parts.append(mappingFile) }
        var place: [String] = []
        if let triplesMap { place.append("triples map \(triplesMap)") }
        if let property { place.append(property) }
        if !place.isEmpty { parts.append(place.joined(separator: ", ")) }
        if let sourcePosition { parts.append(sourcePosition) }
        parts.append("\(kind.rawValue): \(message)")
        return parts.joined(separator: ": ")
    }

    /// The same error with context filled in where it is still missing.
    func located(triplesMap: String? = nil, property: String? = nil, sourcePosition: String? = nil) -> MappingError {
        var copy = self
        if copy.triplesMap == nil { copy.triplesMap = triplesMap }
        if copy.property == nil { copy.property = property }
        if copy.sourcePosition == nil { copy.sourcePosition = sourcePosition }
        return copy
    }
}
