/// Writes a ``Shape`` as ISO Well-Known Text: `POINT Z (1 2 3)`,
/// `MULTIPOINT ((1 2), (3 4))`, `POLYGON EMPTY`. Numbers use the shortest
/// round-tripping form (``NumberFormatting``).
enum WKTWriter {
    static func write(_ shape: Shape) -> String {
        var out = ""
        out.reserveCapacity(16 + shape.pointCount * 24)
        write(shape, into: &out)
        return out
    }

    private static func write(_ shape: Shape, into out: inout String) {
        out += shape.type.wktKeyword
        out += " "
        out += shape.dimensions.wktTag
        if shape.isEmpty && (shape.type == .point || shape.type == .lineString || shape.parts.isEmpty) {
            out += "EMPTY"
            return
        }
        body(shape, into: &out)
    }

    /// The part after the keyword: EMPTY or a parenthesised list.
    private static func body(_ shape: Shape, into out: inout String) {
        switch shape.type {
        case .point, .lineString:
            sequence(shape, into: &out)
        case .polygon, .multiLineString, .multiPolygon, .multiPoint:
            if shape.parts.isEmpty { out += "EMPTY"; return }
            out += "("
            for (index, part) in shape.parts.enumerated() {
                if index > 0 { out += ", " }
                body(part, into: &out)
            }
            out += ")"
        case .geometryCollection:
            out += "("
            for (index, part) in shape.parts.enumerated() {
                if index > 0 { out += ", " }
                write(part, into: &out)
            }
            out += ")"
        }
    }

    private static func sequence(_ shape: Shape, into out: inout String) {
        let stride = shape.dimensions.stride
        if shape.coordinates.isEmpty { out += "EMPTY"; return }
        out += "("
        var index = 0
        while index < shape.coordinates.count {
            if index > 0 { out += ", " }
            NumberFormatting.append(shape.coordinates, from: index, count: stride, separator: " ", to: &out)
            index += stride
        }
        out += ")"
    }
}
