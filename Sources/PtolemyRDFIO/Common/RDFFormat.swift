/// The RDF concrete syntaxes Ptolemy reads and writes.
///
/// - ``ntriples``: https://www.w3.org/TR/n-triples/
/// - ``nquads``: https://www.w3.org/TR/n-quads/
/// - ``turtle``: https://www.w3.org/TR/turtle/
/// - ``trig``: https://www.w3.org/TR/trig/
/// - ``rdfxml``: https://www.w3.org/TR/rdf-syntax-grammar/
public enum RDFFormat: String, CaseIterable, Sendable {
    case ntriples, nquads, turtle, trig, rdfxml

    /// Guesses the syntax from a file name's extension (`.nt`, `.nq`, `.ttl`, `.trig`,
    /// `.rdf`, `.xml`, `.owl`), looking through a compression suffix (`.gz`, `.zst`, `.xz`).
    ///
    /// - Returns: the format, or `nil` when the extension is not one of these.
    public static func guess(fromFileName fileName: String) -> RDFFormat? {
        var name = Substring(fileName.lowercased())
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        for suffix in [".gz", ".gzip", ".zst", ".zstd", ".xz"] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "nt", "ntriples": return .ntriples
        case "nq", "nquads": return .nquads
        case "ttl", "turtle": return .turtle
        case "trig": return .trig
        case "rdf", "xml", "owl", "rdfxml": return .rdfxml
        default: return nil
        }
    }

    /// Whether the syntax can name graphs (N-Quads, TriG).
    public var supportsNamedGraphs: Bool { self == .nquads || self == .trig }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .ntriples: return "nt"
        case .nquads: return "nq"
        case .turtle: return "ttl"
        case .trig: return "trig"
        case .rdfxml: return "rdf"
        }
    }

    /// The registered media type.
    public var mediaType: String {
        switch self {
        case .ntriples: return "application/n-triples"
        case .nquads: return "application/n-quads"
        case .turtle: return "text/turtle"
        case .trig: return "application/trig"
        case .rdfxml: return "application/rdf+xml"
        }
    }
}
