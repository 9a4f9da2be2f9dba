/// Writes a ``Shape`` as a GeoJSON geometry object (RFC 7946). M values are
/// dropped (GeoJSON positions are X, Y and optional Z); an empty geometry has
/// `"coordinates":[]`.
enum GeoJSONWriter {
    static func write(_ shape: Shape) -> String {
        var out = ""
        write(shape, into: &out)
        return out
    }

    private static func write(_ shape: Shape, into out: inout String) {
        out += "{\"type\":\"\(shape.type.name)\","
        if shape.type == .geometryCollection {
            out += "\"geometries\":["
            for (index, part) in shape.parts.enumerated() {
                if index > 0 { out += "," }
                write(part, into: &out)
            }
            out += "]}"
            return
        }
        out += "\"coordinates\":"
        coordinates(shape, into: &out)
        out += "}"
    }

    private static func coordinates(_ shape: Shape, into out: inout String) {
        switch shape.type {
        case .point:
            if shape.coordinates.isEmpty { out += "[]" } else { position(shape.coordinates, 0, shape.dimensions, into: &out) }
        case .lineString:
            out += "["
            var index = 0
            while index < shape.coordinates.count {
                if index > 0 { out += "," }
                position(shape.coordinates, index, shape.dimensions, into: &out)
                index += shape.dimensions.stride
            }
            out += "]"
        default:
            out += "["
            for (index, part) in shape.parts.enumerated() {
                if index > 0 { out += "," }
                coordinates(part, into: &out)
            }
            out += "]"
        }
    }

    private static func position(_ values: [Double], _ start: Int, _ dimensions: CoordinateDimensions, into out: inout String) {
        out += "["
        NumberFormatting.append(values, from: start, count: dimensions.hasZ ? 3 : 2, separator: ",", to: &out)
        out += "]"
    }
}
