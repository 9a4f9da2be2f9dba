import PtolemyGeo

/// Why a GeoSPARQL function could not produce a value: an argument of the wrong
/// kind, a malformed or unsupported geometry literal, a unit or CRS it cannot handle.
///
/// For SPARQL these are expression errors
/// (https://www.w3.org/TR/sparql11-query/#evaluation): a FILTER treats them as false,
/// BIND leaves its variable unbound. The message says what was wrong, for EXPLAIN
/// and logs.
public struct GeoSPARQLError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// An argument is not of the type the function takes (not a geometry literal,
        /// not a number, not an IRI).
        public static let typeError = Kind(name: "type error")
        /// A geometry literal's lexical form is not valid for its datatype.
        public static let invalidLiteral = Kind(name: "invalid geometry literal")
        /// Well-formed input this implementation does not handle (a DGGS literal,
        /// an unknown unit, an unknown CRS).
        public static let unsupported = Kind(name: "unsupported")
        /// The geometry layer failed (a GEOS topology error, a failed PROJ transformation).
        public static let geometry = Kind(name: "geometry error")
        /// The function is not defined for this input (the distance to an empty
        /// geometry, `geometryN` out of range).
        public static let undefined = Kind(name: "undefined")

        public var description: String { name }
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }

    /// Wraps an error of the geometry layer (syntax errors become ``Kind-swift.struct/invalidLiteral``).
    init(wrapping error: GeoError, context: String) {
        switch error.kind {
        case .syntax: self.init(.invalidLiteral, "\(context): \(error)")
        case .unsupported: self.init(.unsupported, "\(context): \(error.message)")
        case .invalidArgument: self.init(.undefined, "\(context): \(error.message)")
        default: self.init(.geometry, "\(context): \(error)")
        }
    }
}
