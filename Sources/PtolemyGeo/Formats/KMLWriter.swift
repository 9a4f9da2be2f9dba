/// Writes a ``Shape`` as a KML 2.2 geometry element (the KML namespace declared
/// on the root): Point, LineString, Polygon with outerBoundaryIs/innerBoundaryIs,
/// and MultiGeometry for every multi-part type. Coordinates are `x,y[,z]`
/// tuples; the caller makes sure they are CRS84 longitude/latitude. An empty
/// geometry is an empty element.
enum KMLWriter {
    static let namespace = "http://www.opengis.net/kml/2.2"

    static func write(_ shape: Shape) -> String {
        var out = ""
        write(shape, attributes: " xmlns=\"\(namespace)\"", into: &out)
        return out
    }

    private static func write(_ shape: Shape, attributes: String, into out: inout String) {
        let name: String = switch shape.type {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        default: "MultiGeometry"
        }
        if shape.isEmpty {
            out += "<\(name)\(attributes)/>"
            return
        }
        out += "<\(name)\(attributes)>"
        switch shape.type {
        case .point, .lineString:
            coordinates(shape, into: &out)
        case .polygon:
            for (index, ring) in shape.parts.enumerated() {
                let boundary = index == 0 ? "outerBoundaryIs" : "innerBoundaryIs"
                out += "<\(boundary)><LinearRing>"
                coordinates(ring, into: &out)
                out += "</LinearRing></\(boundary)>"
            }
        default:
            for part in shape.parts { write(part, attributes: "", into: &out) }
        }
        out += "</\(name)>"
    }

    private static func coordinates(_ shape: Shape, into out: inout String) {
        out += "<coordinates>"
        let stride = shape.dimensions.stride
        let written = shape.dimensions.hasZ ? 3 : 2
        var index = 0
        while index < shape.coordinates.count {
            if index > 0 { out += " " }
            NumberFormatting.append(shape.coordinates, from: index, count: written, separator: ",", to: &out)
            index += stride
        }
        out += "</coordinates>"
    }
}
