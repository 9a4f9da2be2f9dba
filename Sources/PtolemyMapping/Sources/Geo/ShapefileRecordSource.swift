import PtolemyRDF
import PtolemyGeo
import Foundation

/// An ESRI Shapefile as a logical source (`ptm:Shapefile`): one record per shape, with
/// its dBASE attributes and its geometry in the CRS of the `.prj` file.
///
/// Shapes are read one batch at a time (shapelib seeks through the `.shx` index), so a
/// large Shapefile streams. The CRS comes from the `.prj`, else from `ptm:crs` on the
/// logical source, else is OGC CRS84; a `.prj` Ptolemy cannot identify is an error
/// unless `ptm:crs` says what it is.
final class ShapefileRecordSource: RecordSource {
    var evaluator: ReferenceEvaluator
    private let reader: ShapefileReader
    private let crs: CRS
    private let batchSize: Int
    private var position = 0
    let totalBytes: Int?
    var bytesRead: Int { totalBytes.map { count == 0 ? $0 : $0 * position / count } ?? 0 }
    private var count: Int { reader.count }

    init(_ source: LogicalSource, file: SourceFile, batchSize: Int) throws {
        reader = try ShapefileReader(path: file.resolvedPath)
        self.batchSize = batchSize
        totalBytes = (try? FileManager.default.attributesOfItem(atPath: file.resolvedPath)[.size] as? Int) ?? nil
        var base = file.resolvedPath
        if base.lowercased().hasSuffix(".shp") { base = String(base.dropLast(4)) }
        if let override = file.crs {
            crs = CRS(iri: override)
        } else if let prj = ["prj", "PRJ"].lazy.compactMap({ FileManager.default.contents(atPath: base + "." + $0) }).first {
            let text = String(decoding: prj, as: UTF8.self)
            guard let identified = ProjectionFile.crs(fromWKT: text) else {
                throw MappingError(.source, "shapefile \(file.path): the CRS of the .prj file is not recognised (\(text.prefix(60))…); state it with ptm:crs on the logical source")
            }
            crs = identified
        } else {
            crs = .crs84
        }
        let nulls = source.nullValues
        evaluator = ReferenceEvaluator(formulation: .shapefile, fileName: file.path, header: reader.fields.map(\.name), nullValues: nulls,
                                       emptyIsNull: true)
    }

    func next() throws -> SourceBatch? {
        guard position < count else { return nil }
        let end = min(position + batchSize, count)
        var records: [Record] = []
        records.reserveCapacity(end - position)
        let names = reader.fields.map(\.name)
        let datatypes: [String?] = reader.fields.map {
            switch $0.kind {
            case .integer: XSD.integer
            case .double: XSD.double
            case .logical: XSD.boolean
            case .date: XSD.date
            default: nil
            }
        }
        let swap = crs.isLatitudeFirst
        for i in position..<end {
            let shape = try reader.shape(at: i)
            let values = reader.attributes(at: i).enumerated().map { f, text -> DataValue? in
                guard let text, !text.isEmpty else { return nil }
                if let datatype = datatypes[f] { return .typed(text, datatype: datatype) }
                return .string(text)
            }
            let geometry: GeometryLiteral?
            if let wkt = Self.wkt(shape, swapAxes: swap) {
                let lexical = crs.isCRS84 ? wkt : "<\(crs.iri)> \(wkt)"
                do {
                    geometry = try GeometryLiteral(parsing: lexical, format: .wkt)
                } catch {
                    throw MappingError(.syntax, "shapefile \(reader.path): shape \(i): \(error)")
                }
            } else {
                geometry = nil
            }
            records.append(.feature(Feature(index: i, attributeNames: names, attributeValues: values, json: nil, geometry: geometry)))
        }
        defer { position = end }
        return .records(RecordBatch(records: records, firstIndex: position, lines: []))
    }

    /// WKT for a shape: points, multipoints, (multi)linestrings, and (multi)polygons
    /// whose holes are assigned to the outer ring that contains them (outer rings run
    /// clockwise in a Shapefile, holes counter-clockwise). Nil for a null shape.
    static func wkt(_ shape: ShapefileReader.Shape, swapAxes: Bool) -> String? {
        let z = shape.hasZ ? " Z" : ""
        func coordinate(_ p: (x: Double, y: Double, z: Double)) -> String {
            let (a, b) = swapAxes ? (p.y, p.x) : (p.x, p.y)
            return shape.hasZ ? "\(number(a)) \(number(b)) \(number(p.z))" : "\(number(a)) \(number(b))"
        }
        func sequence(_ part: [(x: Double, y: Double, z: Double)]) -> String {
            "(" + part.map(coordinate).joined(separator: ", ") + ")"
        }
        switch shape.kind {
        case .null:
            return nil
        case .point:
            return "POINT\(z) (\(coordinate(shape.parts[0][0])))"
        case .multiPoint:
            return "MULTIPOINT\(z) (" + shape.parts[0].map { "(" + coordinate($0) + ")" }.joined(separator: ", ") + ")"
        case .arc:
            if shape.parts.count == 1 { return "LINESTRING\(z) " + sequence(shape.parts[0]) }
            return "MULTILINESTRING\(z) (" + shape.parts.map(sequence).joined(separator: ", ") + ")"
        case .polygon, .multiPatch:
            var polygons: [[[(x: Double, y: Double, z: Double)]]] = []
            var holes: [[(x: Double, y: Double, z: Double)]] = []
            for ring in shape.parts where ring.count >= 4 {
                if signedArea(ring) <= 0 { polygons.append([ring]) } else { holes.append(ring) }
            }
            if polygons.isEmpty {
                // Rings all counter-clockwise: a writer that ignored the convention; take each as a polygon.
                polygons = holes.map { [$0] }
                holes = []
            }
            for hole in holes {
                let probe = hole[0]
                let owner = polygons.firstIndex { contains($0[0], probe) } ?? polygons.count - 1
                polygons[owner].append(hole)
            }
            func polygon(_ rings: [[(x: Double, y: Double, z: Double)]]) -> String {
                "(" + rings.map(sequence).joined(separator: ", ") + ")"
            }
            if polygons.count == 1 { return "POLYGON\(z) " + polygon(polygons[0]) }
            return "MULTIPOLYGON\(z) (" + polygons.map(polygon).joined(separator: ", ") + ")"
        }
    }

    /// Twice the signed area (shoelace): negative for clockwise rings.
    private static func signedArea(_ ring: [(x: Double, y: Double, z: Double)]) -> Double {
        var sum = 0.0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum
    }

    /// Point in ring (even-odd rule).
    private static func contains(_ ring: [(x: Double, y: Double, z: Double)], _ p: (x: Double, y: Double, z: Double)) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }

    /// Shortest round-tripping decimal text of a coordinate.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
