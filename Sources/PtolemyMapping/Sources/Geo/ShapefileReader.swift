internal import CShapelib
import Foundation

/// Reads an ESRI Shapefile through shapelib: its shapes (`.shp` with the `.shx`
/// index) and their dBASE attributes (`.dbf`).
///
/// The one owner of shapelib's handles in Ptolemy: nothing else imports `CShapelib`,
/// and no pointer leaves this type. Format: ESRI Shapefile Technical Description
/// (https://www.esri.com/content/dam/esrisites/sitecore-archive/Files/Pdfs/library/whitepapers/pdfs/shapefile.pdf).
/// A reader is used by one thread at a time (shapelib handles hold a read buffer).
final class ShapefileReader {
    /// One shape's geometry as shapelib gives it: parts of vertices.
    struct Shape {
        enum Kind { case null, point, multiPoint, arc, polygon, multiPatch }
        var kind: Kind
        var hasZ: Bool
        /// Vertices per part (one part for points and multipoints).
        var parts: [[(x: Double, y: Double, z: Double)]]
    }

    /// A dBASE field.
    struct Field {
        enum Kind { case string, integer, double, logical, date, other }
        var name: String
        var kind: Kind
    }

    private let shp: SHPHandle
    private let dbf: DBFHandle?
    let path: String
    let count: Int
    let fields: [Field]

    /// Opens `path` (the `.shp` file, or its name without extension).
    /// - Throws: ``MappingError`` (`.source`) naming the missing or broken file.
    init(path: String) throws {
        var base = path
        for ext in [".shp", ".SHP"] where base.hasSuffix(ext) { base = String(base.dropLast(4)) }
        self.path = path
        let fm = FileManager.default
        for ext in ["shp", "shx"] where !fm.fileExists(atPath: base + "." + ext) && !fm.fileExists(atPath: base + "." + ext.uppercased()) {
            throw MappingError(.source, "shapefile \(path): the .\(ext) file is missing")
        }
        var hooks = SAHooks()
        SASetupDefaultHooks(&hooks)
        // shapelib reports through this hook on stderr; our own messages say what failed.
        hooks.Error = { _ in }
        guard let shp = SHPOpenLL(base, "rb", &hooks) else {
            throw MappingError(.syntax, "shapefile \(path): the .shp or .shx file is damaged or not a shapefile")
        }
        self.shp = shp
        var entities: Int32 = 0
        var shapeType: Int32 = 0
        var minBound = [Double](repeating: 0, count: 4)
        var maxBound = [Double](repeating: 0, count: 4)
        SHPGetInfo(shp, &entities, &shapeType, &minBound, &maxBound)
        count = Int(entities)
        if fm.fileExists(atPath: base + ".dbf") || fm.fileExists(atPath: base + ".DBF") {
            guard let dbf = DBFOpenLL(base, "rb", &hooks) else {
                SHPClose(shp)
                throw MappingError(.syntax, "shapefile \(path): the .dbf file is damaged")
            }
            self.dbf = dbf
            var fields: [Field] = []
            for i in 0..<DBFGetFieldCount(dbf) {
                var name = [CChar](repeating: 0, count: 16)
                var width: Int32 = 0
                var decimals: Int32 = 0
                let type = DBFGetFieldInfo(dbf, i, &name, &width, &decimals)
                let kind: Field.Kind
                switch type {
                case FTString: kind = .string
                case FTInteger: kind = .integer
                case FTDouble: kind = decimals == 0 ? .integer : .double
                case FTLogical: kind = .logical
                case FTDate: kind = .date
                default: kind = .other
                }
                fields.append(Field(name: String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), kind: kind))
            }
            self.fields = fields
            if Int(DBFGetRecordCount(dbf)) != count {
                let records = DBFGetRecordCount(dbf)
                DBFClose(dbf)
                SHPClose(shp)
                throw MappingError(.syntax, "shapefile \(path): the .dbf has \(records) records, the .shp \(entities) shapes")
            }
        } else {
            dbf = nil
            fields = []
        }
    }

    deinit {
        SHPClose(shp)
        if let dbf { DBFClose(dbf) }
    }

    /// The shape at `index`.
    /// - Throws: ``MappingError`` (`.syntax`) when shapelib cannot read it.
    func shape(at index: Int) throws -> Shape {
        guard let object = SHPReadObject(shp, Int32(index)) else {
            throw MappingError(.syntax, "shapefile \(path): shape \(index) cannot be read (damaged .shp or .shx)")
        }
        defer { SHPDestroyObject(object) }
        let o = object.pointee
        let kind: Shape.Kind
        var hasZ = false
        switch o.nSHPType {
        case SHPT_NULL: kind = .null
        case SHPT_POINT, SHPT_POINTM: kind = .point
        case SHPT_POINTZ: kind = .point; hasZ = true
        case SHPT_MULTIPOINT, SHPT_MULTIPOINTM: kind = .multiPoint
        case SHPT_MULTIPOINTZ: kind = .multiPoint; hasZ = true
        case SHPT_ARC, SHPT_ARCM: kind = .arc
        case SHPT_ARCZ: kind = .arc; hasZ = true
        case SHPT_POLYGON, SHPT_POLYGONM: kind = .polygon
        case SHPT_POLYGONZ: kind = .polygon; hasZ = true
        case SHPT_MULTIPATCH: kind = .multiPatch; hasZ = true
        default:
            throw MappingError(.syntax, "shapefile \(path): shape \(index) has unknown type \(o.nSHPType)")
        }
        if kind == .null || o.nVertices == 0 { return Shape(kind: .null, hasZ: false, parts: []) }
        var starts: [Int] = []
        if o.nParts > 0, let partStart = o.panPartStart {
            for p in 0..<Int(o.nParts) { starts.append(Int(partStart[p])) }
        } else {
            starts = [0]
        }
        let n = Int(o.nVertices)
        var parts: [[(x: Double, y: Double, z: Double)]] = []
        for (p, start) in starts.enumerated() {
            let end = p + 1 < starts.count ? starts[p + 1] : n
            guard start >= 0, start <= end, end <= n else {
                throw MappingError(.syntax, "shapefile \(path): shape \(index) has inconsistent parts")
            }
            var part: [(x: Double, y: Double, z: Double)] = []
            part.reserveCapacity(end - start)
            for v in start..<end {
                part.append((o.padfX[v], o.padfY[v], hasZ && o.padfZ != nil ? o.padfZ[v] : 0))
            }
            parts.append(part)
        }
        return Shape(kind: kind, hasZ: hasZ, parts: parts)
    }

    /// The attribute values of record `index` (nil for a null value), as text in the
    /// field's natural form (dates as `YYYY-MM-DD`).
    func attributes(at index: Int) -> [String?] {
        guard let dbf else { return [] }
        return fields.indices.map { f -> String? in
            if DBFIsAttributeNULL(dbf, Int32(index), Int32(f)) != 0 { return nil }
            guard let raw = DBFReadStringAttribute(dbf, Int32(index), Int32(f)) else { return nil }
            let text = String(cString: raw).trimmingSpaces
            switch fields[f].kind {
            case .date where text.count == 8:
                let c = Array(text)
                return String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8])
            case .logical:
                switch text.uppercased() {
                case "T", "Y": return "true"
                case "F", "N": return "false"
                default: return nil
                }
            default:
                return text
            }
        }
    }
}
