import PtolemyGeo
import Foundation

/// A GeoJSON file (RFC 7946, https://www.rfc-editor.org/rfc/rfc7946) as a logical
/// source (`ptm:GeoJSON`): one record per feature of a FeatureCollection (or the one
/// Feature, or a bare geometry), with its properties and its geometry (always CRS84,
/// as RFC 7946 requires).
///
/// The file is parsed as one JSON document; its features are then converted and
/// handed out in batches. A feature's `rml:iterator`, if given, is a JSONPath that
/// selects the features instead (`$.features[?(@.properties.kind == 'ice')]`).
final class GeoJSONRecordSource: RecordSource {
    var evaluator: ReferenceEvaluator
    private let features: [JSONNode]
    private let fileName: String
    private var position = 0
    private let batchSize: Int
    let totalBytes: Int?
    private(set) var bytesRead = 0

    init(_ source: LogicalSource, file: SourceFile, batchSize: Int) throws {
        let bytes = try InputOpener.readAll(file)
        let document: JSONNode
        do {
            document = try JSONParser.parse(bytes)
        } catch let error {
            throw MappingError(.syntax, "GeoJSON: \(error.message)", sourcePosition: "\(file.path):\(error.line):\(error.column)")
        }
        if let iterator = source.iterator {
            features = try JSONPath(iterator).evaluate(document)
        } else {
            switch document["type"] {
            case .string("FeatureCollection")?:
                guard case .array(let items)? = document["features"] else {
                    throw MappingError(.syntax, "GeoJSON: a FeatureCollection without a \"features\" array", sourcePosition: file.path)
                }
                features = items
            case .string("Feature")?:
                features = [document]
            case .string(let type)? where ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"].contains(type):
                var object = JSONObject()
                object.keys = ["type", "geometry", "properties"]
                object.values = [.string("Feature"), document, .object(JSONObject())]
                features = [.object(object)]
            default:
                throw MappingError(.syntax, "GeoJSON: the document is not a FeatureCollection, Feature or geometry", sourcePosition: file.path)
            }
        }
        fileName = file.path
        self.batchSize = batchSize
        totalBytes = bytes.count
        evaluator = ReferenceEvaluator(formulation: .geoJSON, fileName: file.path, nullValues: source.nullValues, emptyIsNull: false)
    }

    func next() throws -> SourceBatch? {
        guard position < features.count else {
            bytesRead = totalBytes ?? 0
            return nil
        }
        let end = min(position + batchSize, features.count)
        var records: [Record] = []
        for i in position..<end {
            records.append(.feature(try feature(features[i], index: i)))
        }
        defer {
            position = end
            bytesRead = (totalBytes ?? 0) * position / max(features.count, 1)
        }
        return .records(RecordBatch(records: records, firstIndex: position, lines: []))
    }

    private func feature(_ node: JSONNode, index: Int) throws -> Feature {
        guard case .object = node else {
            throw MappingError(.syntax, "GeoJSON: feature \(index) is not an object", sourcePosition: fileName)
        }
        var names: [String] = []
        var values: [DataValue?] = []
        if case .object(let properties)? = node["properties"] {
            names = properties.keys
            values = properties.values.map { v -> DataValue? in
                if case .null = v { return nil }
                return .json(v)
            }
        }
        var geometry: GeometryLiteral?
        if let g = node["geometry"], g != .null {
            do {
                geometry = try GeometryLiteral(parsing: g.serialized, format: .geoJSON)
            } catch {
                throw MappingError(.syntax, "GeoJSON: feature \(index): invalid geometry: \(error)", sourcePosition: "\(fileName) $.features[\(index)].geometry")
            }
        }
        return Feature(index: index, attributeNames: names, attributeValues: values, json: node, geometry: geometry)
    }
}
