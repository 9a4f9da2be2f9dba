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

    /// How to read the document again (see ``isolatedCopy()``).
    var origin: (turtle: String, reader: MappingReader, mappingDirectory: String)?

    /// The same document read again from its text: equal in content, but sharing no
    /// heap storage with this one. Worker threads each map with their own copy, so that
    /// they do not contend on the reference counts of the same strings.
    func isolatedCopy() throws -> MappingDocument {
        guard let origin else { return self }
        var copy = try origin.reader.read(turtle: origin.turtle, fileName: fileName, mappingDirectory: origin.mappingDirectory)
        copy.origin = nil
        return copy
    }

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
