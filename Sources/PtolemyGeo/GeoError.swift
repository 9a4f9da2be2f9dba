/// An error raised by the geometry layer, named for what failed and, for text
/// inputs, carrying the character offset where it went wrong.
///
/// A struct with static kinds rather than an enum so that new kinds can be added
/// without breaking callers that switch over them (the SwiftNIO convention).
public struct GeoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What class of failure this is.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A geometry text or binary encoding (WKT, WKB, GeoJSON, GML, KML) is malformed.
        public static let syntax = Kind(name: "syntax error")
        /// The input is well-formed but uses something this layer does not handle
        /// (curved geometries, an unknown CRS, ...).
        public static let unsupported = Kind(name: "unsupported")
        /// GEOS reported an error (a topology exception, an invalid argument).
        public static let geos = Kind(name: "GEOS error")
        /// PROJ reported an error (unknown CRS, failed transformation).
        public static let proj = Kind(name: "PROJ error")
        /// A caller passed an argument outside the accepted domain.
        public static let invalidArgument = Kind(name: "invalid argument")
        /// A serialized spatial index is truncated or corrupt.
        public static let corruptIndex = Kind(name: "corrupt spatial index")

        public var description: String { name }
    }

    /// The class of failure.
    public let kind: Kind
    /// A human-readable explanation of what is wrong.
    public let message: String
    /// Where in the input it went wrong: a character offset (counted in
    /// Unicode scalars from the start of the text) for text formats, a byte offset
    /// for binary ones; `nil` when there is no input position.
    public let offset: Int?

    /// An error of `kind`, explained by `message`, at `offset` in the input if known.
    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset {
            return "\(kind): \(message) (at offset \(offset))"
        }
        return "\(kind): \(message)"
    }
}
