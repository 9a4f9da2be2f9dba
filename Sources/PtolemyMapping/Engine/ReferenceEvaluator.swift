import PtolemyRDF
import PtolemyGeo

/// Evaluates references against the records of one logical source.
///
/// References are compiled once per source (a CSV column name becomes a column index
/// once the header is read; JSONPath and XPath expressions are parsed) and kept in an
/// array indexed by the reference's interned number.
struct ReferenceEvaluator: Sendable {
    enum Compiled: Sendable {
        case column(Int)
        case jsonPath(JSONPath)
        case xpath(XPath)
        case field(String)
        case featureAttribute(String)
        case featureJSONPath(JSONPath)
        case featureWKT
        case featureGeoJSON
        case featureCRS
        case index
    }

    let formulation: ReferenceFormulation
    /// The source file (for messages).
    let fileName: String
    /// CSV column names.
    let header: [String]
    /// Values that mean "no value".
    let nullValues: Set<String>
    /// Classic CSV: an empty cell is no value (what RML.io's engines do).
    let emptyIsNull: Bool
    private var compiled: [Compiled?] = []

    init(formulation: ReferenceFormulation, fileName: String, header: [String] = [], nullValues: [String], emptyIsNull: Bool) {
        self.formulation = formulation
        self.fileName = fileName
        self.header = header
        self.nullValues = Set(nullValues)
        self.emptyIsNull = emptyIsNull
    }

    /// An uncompiled evaluator like this one whose strings share no storage with it.
    func isolatedCopy() -> ReferenceEvaluator {
        func fresh(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        return ReferenceEvaluator(formulation: formulation, fileName: fresh(fileName), header: header.map(fresh),
                                  nullValues: nullValues.map(fresh), emptyIsNull: emptyIsNull)
    }

    /// Compiles `references`.
    /// - Throws: ``MappingError`` for an expression that does not parse, or a column the CSV header lacks.
    mutating func compile(_ references: [Reference]) throws {
        let needed = (references.map(\.id).max() ?? -1) + 1
        if compiled.count < needed { compiled += Array(repeating: nil, count: needed - compiled.count) }
        for reference in references where compiled[reference.id] == nil {
            compiled[reference.id] = try compile(reference.text)
        }
    }

    private func compile(_ text: String) throws -> Compiled {
        switch formulation {
        case .csv:
            if let i = header.firstIndex(of: text) { return .column(i) }
            throw MappingError(.reference, "no column \"\(text)\" in \(fileName) (columns: \(header.joined(separator: ", ")))")
        case .jsonPath:
            return .jsonPath(try JSONPath(text))
        case .xpath(let namespaces):
            return .xpath(try XPath(text, namespaces: namespaces))
        case .view:
            return .field(text)
        case .geoJSON, .shapefile:
            switch text {
            case "ptm:wkt", PtolemyRML.ns + "wkt", "wkt()": return .featureWKT
            case "ptm:geojson", PtolemyRML.ns + "geojson", "geojson()": return .featureGeoJSON
            case "ptm:crs", PtolemyRML.ns + "crs": return .featureCRS
            case "#": return .index
            default:
                if formulation == .geoJSON && (text.hasPrefix("$") || text.hasPrefix("@")) {
                    return .featureJSONPath(try JSONPath(text))
                }
                if formulation == .geoJSON, text.hasPrefix("properties.") {
                    return .featureJSONPath(try JSONPath("$." + text))
                }
                if formulation == .shapefile, !header.contains(text) {
                    throw MappingError(.reference, "no attribute \"\(text)\" in \(fileName) (attributes: \(header.joined(separator: ", ")))")
                }
                return .featureAttribute(text)
            }
        }
    }

    /// The CSV column `reference` reads, once compiled.
    func column(of reference: Reference) -> Int? {
        guard reference.id < compiled.count, case .column(let i)? = compiled[reference.id] else { return nil }
        return i
    }

    /// The values of `reference` in `record`, nulls left out.
    /// - Throws: ``MappingError`` (`.reference`) for a view field that does not exist.
    @inline(__always)
    func values(_ reference: Reference, in record: Record) throws -> [DataValue] {
        guard reference.id < compiled.count, let c = compiled[reference.id] else {
            throw MappingError(.reference, "reference \"\(reference.text)\" was not compiled for \(fileName)")
        }
        switch (c, record) {
        case (.column(let i), .row(let fields)):
            let value = fields[i]
            if emptyIsNull && value.isEmpty { return [] }
            if !nullValues.isEmpty && nullValues.contains(value) { return [] }
            return [.string(value)]
        case (.jsonPath(let path), .json(let node)):
            return filterNulls(path.evaluate(node).compactMap { n -> DataValue? in
                if case .null = n { return nil }
                return .json(n)
            })
        case (.xpath(let path), .xml(let node)):
            switch path.evaluate(node) {
            case .nodes(let nodes): return filterNulls(nodes.map { .xml($0) })
            case let other: return filterNulls([.string(other.string)])
            }
        case (.field(let name), .view(let row)):
            guard let value = row[name] else {
                throw MappingError(.reference, "the logical view has no field \"\(name)\" (fields: \(row.keys.joined(separator: ", ")))")
            }
            return value.map { [$0] } ?? []
        case (.featureAttribute(let name), .feature(let feature)):
            // GeoJSON features need not all have the same properties: a missing one is null.
            guard let value = feature.attribute(name), let v = value else { return [] }
            return filterNulls([v])
        case (.featureJSONPath(let path), .feature(let feature)):
            guard let json = feature.json else { return [] }
            return path.evaluate(json).compactMap { n -> DataValue? in
                if case .null = n { return nil }
                return .json(n)
            }
        case (.featureWKT, .feature(let feature)):
            guard let g = feature.geometry else { return [] }
            return [.typed(try Self.lexical(g, .wkt), datatype: GeometryLiteral.Format.wkt.datatypeIRI)]
        case (.featureGeoJSON, .feature(let feature)):
            guard let g = feature.geometry else { return [] }
            return [.typed(try Self.lexical(g, .geoJSON), datatype: GeometryLiteral.Format.geoJSON.datatypeIRI)]
        case (.featureCRS, .feature(let feature)):
            guard let g = feature.geometry else { return [] }
            return [.string(g.crs.iri)]
        case (.index, .feature(let feature)):
            return [.typed(String(feature.index), datatype: XSD.integer)]
        default:
            throw MappingError(.reference, "reference \"\(reference.text)\" does not apply to this record")
        }
    }

    private static func lexical(_ g: GeometryLiteral, _ format: GeometryLiteral.Format) throws -> String {
        do { return try g.lexicalForm(format) } catch {
            throw MappingError(.data, "cannot write the geometry as \(format): \(error)")
        }
    }

    @inline(__always)
    private func filterNulls(_ values: [DataValue]) -> [DataValue] {
        if nullValues.isEmpty { return values }
        return values.filter { !nullValues.contains($0.string) }
    }
}
