/// Writes a ``Shape`` as a GML 3.2 geometry element, declaring the GML 3.2
/// namespace on the root element: Point/pos, LineString/posList,
/// Polygon/exterior/interior/LinearRing, MultiPoint/pointMember,
/// MultiCurve/curveMember, MultiSurface/surfaceMember and
/// MultiGeometry/geometryMember. `srsDimension="3"` is written for XYZ; M is
/// dropped (GML has no M). An empty geometry is an empty element.
enum GMLWriter {
    static let namespace = "http://www.opengis.net/gml/3.2"

    static func write(_ shape: Shape, srsName: String?) -> String {
        var root = " xmlns:gml=\"\(namespace)\""
        if let srsName { root += " srsName=\"\(escape(srsName))\"" }
        if shape.dimensions.hasZ { root += " srsDimension=\"3\"" }
        var out = ""
        write(shape, attributes: root, into: &out)
        return out
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func elementName(_ type: GeometryType) -> String {
        switch type {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiCurve"
        case .multiPolygon: "MultiSurface"
        case .geometryCollection: "MultiGeometry"
        }
    }

    private static func memberName(_ type: GeometryType) -> String {
        switch type {
        case .multiPoint: "pointMember"
        case .multiLineString: "curveMember"
        case .multiPolygon: "surfaceMember"
        default: "geometryMember"
        }
    }

    private static func write(_ shape: Shape, attributes: String, into out: inout String) {
        let name = "gml:" + elementName(shape.type)
        if shape.isEmpty {
            out += "<\(name)\(attributes)/>"
            return
        }
        out += "<\(name)\(attributes)>"
        switch shape.type {
        case .point:
            out += "<gml:pos>"
            ordinates(shape, into: &out)
            out += "</gml:pos>"
        case .lineString:
            out += "<gml:posList>"
            ordinates(shape, into: &out)
            out += "</gml:posList>"
        case .polygon:
            for (index, ring) in shape.parts.enumerated() {
                let boundary = index == 0 ? "gml:exterior" : "gml:interior"
                out += "<\(boundary)><gml:LinearRing><gml:posList>"
                ordinates(ring, into: &out)
                out += "</gml:posList></gml:LinearRing></\(boundary)>"
            }
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            let member = "gml:" + memberName(shape.type)
            for part in shape.parts {
                out += "<\(member)>"
                write(part, attributes: "", into: &out)
                out += "</\(member)>"
            }
        }
        out += "</\(name)>"
    }

    /// Space-separated X Y [Z] of every coordinate.
    private static func ordinates(_ shape: Shape, into out: inout String) {
        let stride = shape.dimensions.stride
        let written = shape.dimensions.hasZ ? 3 : 2
        var index = 0
        while index < shape.coordinates.count {
            if index > 0 { out += " " }
            NumberFormatting.append(shape.coordinates, from: index, count: written, separator: " ", to: &out)
            index += stride
        }
    }
}
