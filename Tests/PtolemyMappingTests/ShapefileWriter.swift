import Foundation

/// Writes small ESRI Shapefiles for the tests (points, lines, polygons; string fields),
/// byte by byte after the ESRI technical description, so that each geometry kind and
/// each kind of damage can be made on the spot.
enum ShapefileWriter {
    enum Shape {
        case point(Double, Double)
        case polyline([[(Double, Double)]])
        case polygon([[(Double, Double)]])
    }

    static func write(base: String, shapes: [Shape], fields: [String], rows: [[String]], prj: String? = nil) throws {
        let type: Int32
        switch shapes.first {
        case .point?: type = 1
        case .polyline?: type = 3
        default: type = 5
        }
        var records: [[UInt8]] = []
        var allX: [Double] = [], allY: [Double] = []
        for shape in shapes {
            var content: [UInt8] = []
            switch shape {
            case .point(let x, let y):
                le32(&content, 1); f64(&content, x); f64(&content, y)
                allX.append(x); allY.append(y)
            case .polyline(let parts), .polygon(let parts):
                if case .polyline = shape { le32(&content, 3) } else { le32(&content, 5) }
                let points = parts.flatMap { $0 }
                let xs = points.map(\.0), ys = points.map(\.1)
                allX += xs; allY += ys
                for v in [xs.min()!, ys.min()!, xs.max()!, ys.max()!] { f64(&content, v) }
                le32(&content, Int32(parts.count)); le32(&content, Int32(points.count))
                var start: Int32 = 0
                for part in parts { le32(&content, start); start += Int32(part.count) }
                for p in points { f64(&content, p.0); f64(&content, p.1) }
            }
            records.append(content)
        }
        func header(fileLengthWords: Int) -> [UInt8] {
            var h: [UInt8] = []
            be32(&h, 9994)
            h += [UInt8](repeating: 0, count: 20)
            be32(&h, Int32(fileLengthWords))
            le32(&h, 1000); le32(&h, type)
            for v in [allX.min() ?? 0, allY.min() ?? 0, allX.max() ?? 0, allY.max() ?? 0, 0, 0, 0, 0] { f64(&h, v) }
            return h
        }
        var shp: [UInt8] = []
        var shx: [UInt8] = []
        var offset = 50
        for (i, content) in records.enumerated() {
            be32(&shx, Int32(offset)); be32(&shx, Int32(content.count / 2))
            be32(&shp, Int32(i + 1)); be32(&shp, Int32(content.count / 2))
            shp += content
            offset += 4 + content.count / 2
        }
        shp = header(fileLengthWords: 50 + shp.count / 2) + shp
        shx = header(fileLengthWords: 50 + shx.count / 2) + shx
        FileManager.default.createFile(atPath: base + ".shp", contents: Data(shp))
        FileManager.default.createFile(atPath: base + ".shx", contents: Data(shx))
        var dbf: [UInt8] = [0x03, 124, 1, 1]
        le32(&dbf, Int32(rows.count))
        let width = 20
        le16(&dbf, UInt16(32 + 32 * fields.count + 1))
        le16(&dbf, UInt16(1 + width * fields.count))
        dbf += [UInt8](repeating: 0, count: 20)
        for name in fields {
            var d = Array(name.utf8.prefix(10)) + [UInt8](repeating: 0, count: 11 - min(name.utf8.count, 10))
            d.append(UInt8(ascii: "C"))
            d += [0, 0, 0, 0, UInt8(width), 0]
            d += [UInt8](repeating: 0, count: 14)
            dbf += d
        }
        dbf.append(0x0D)
        for row in rows {
            dbf.append(0x20)
            for value in row {
                let bytes = Array(value.utf8.prefix(width))
                dbf += bytes + [UInt8](repeating: 0x20, count: width - bytes.count)
            }
        }
        dbf.append(0x1A)
        FileManager.default.createFile(atPath: base + ".dbf", contents: Data(dbf))
        if let prj { try prj.write(toFile: base + ".prj", atomically: true, encoding: .utf8) }
    }

    private static func be32(_ out: inout [UInt8], _ v: Int32) { withUnsafeBytes(of: v.bigEndian) { out += $0 } }
    private static func le32(_ out: inout [UInt8], _ v: Int32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    private static func le16(_ out: inout [UInt8], _ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    private static func f64(_ out: inout [UInt8], _ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
}
