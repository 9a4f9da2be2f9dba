import PtolemyRDF

/// A mapping document, read and checked: its triples maps and logical sources.
///
/// Made by ``MappingReader`` from RML in either vocabulary; run by ``MappingEngine``.
public struct MappingDocument: Sendable {
    var triplesMaps: [TriplesMap]
    var sources: [LogicalSource]
    /// Which RML the document is written in.
    public let dialect: MappingDialect
    /// The document's `@base`, the last resort for relative IRIs.
    public let documentBase: String?
    /// The mapping file, for messages.
    public let fileName: String?

    /// Number of triples maps.
    public var triplesMapCount: Int { triplesMaps.count }

    /// The files the mapping reads, resolved.
    public var sourceFiles: [String] {
        var seen: Set<String> = []
        return sources.compactMap { source -> String? in
            guard case .file(let file) = source.kind, seen.insert(file.resolvedPath).inserted else { return nil }
            return file.resolvedPath
        }
    }
}
