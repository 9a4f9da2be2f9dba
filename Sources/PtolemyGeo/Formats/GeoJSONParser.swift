/// Reads a GeoJSON geometry object (RFC 7946 section 3.1) into ISO WKB.
///
/// Accepts the seven geometry types, and a Feature (its `geometry`). Positions
/// have 2 or 3 numbers (a 4th is kept as M); all positions of one geometry must
/// have the same count. Polygon rings must be closed with at least 4 positions,
/// which RFC 7946 requires and GEOS enforces. `"coordinates": []` is an empty
/// geometry. https://www.rfc-editor.org/rfc/rfc7946#section-3.1
enum GeoJSONParser {
    static func parse(_ string: String) throws -> EncodedGeometry {
        var string = string
        return try string.withUTF8 { try parse($0) }
    }

    static func parse(_ text: UnsafeBufferPointer<UInt8>) throws -> EncodedGeometry {
        let json = try JSONReader.parse(text, what: "GeoJSON")
        var converter = Converter(text: text)
        var shape = try converter.geometry(json, depth: 0)
        // Shapes built before the first position was seen carry a provisional
        // XY; positions are checked to agree, so stamp the final dimensions.
        shape.setDimensions(converter.dimensions ?? .xy)
        var builder = WKBBuilder()
        builder.encode(shape)
        return EncodedGeometry(wkb: builder.bytes, boundingBox: builder.boundingBox, type: shape.type, dimensions: shape.dimensions)
    }

    private struct Converter {
        let text: UnsafeBufferPointer<UInt8>
        /// Set by the first position seen.
        var dimensions: CoordinateDimensions?

        func fail(_ message: String, _ value: JSONValue) -> GeoError {
            GeoError(.syntax, "GeoJSON: \(message)", offset: TextScanning.scalarOffset(text, value.offset))
        }

        mutating func geometry(_ value: JSONValue, depth: Int) throws -> Shape {
            guard depth < 64 else { throw fail("geometry collections nested too deeply", value) }
            guard case .object = value.kind else { throw fail("expected a geometry object but found \(value.kindName)", value) }
            guard let typeValue = value["type"] else { throw fail("the object has no \"type\" member", value) }
            guard case .string(let type) = typeValue.kind else { throw fail("\"type\" must be a string", typeValue) }
            if type == "Feature" {
                guard let geometry = value["geometry"], case .object = geometry.kind else {
                    throw fail("the Feature has no geometry object", value)
                }
                return try self.geometry(geometry, depth: depth + 1)
            }
            if type == "GeometryCollection" {
                guard let members = value["geometries"], case .array(let items) = members.kind else {
                    throw fail("a GeometryCollection needs a \"geometries\" array", value)
                }
                var parts: [Shape] = []
                for item in items { parts.append(try geometry(item, depth: depth + 1)) }
                return Shape(.geometryCollection, dimensions ?? .xy, parts: parts)
            }
            guard let geometryType = GeometryType.allCases.first(where: { $0.name == type }) else {
                throw fail("unknown geometry type \"\(type)\"", typeValue)
            }
            guard let coordinates = value["coordinates"] else { throw fail("a \(type) needs a \"coordinates\" member", value) }
            switch geometryType {
            case .point:
                if case .array(let items) = coordinates.kind, items.isEmpty { return Shape(.point, dimensions ?? .xy) }
                return Shape(.point, dimensions ?? .xy, coordinates: try position(coordinates))
            case .lineString:
                let values = try sequence(coordinates)
                let shape = Shape(.lineString, dimensions ?? .xy, coordinates: values)
                if shape.pointCount == 1 { throw fail("a LineString needs at least 2 positions", coordinates) }
                return shape
            case .polygon:
                return Shape(.polygon, dimensions ?? .xy, parts: try rings(coordinates))
            case .multiPoint:
                let points = try array(coordinates).map { Shape(.point, dimensions ?? .xy, coordinates: try position($0)) }
                return Shape(.multiPoint, dimensions ?? .xy, parts: points)
            case .multiLineString:
                let lines = try array(coordinates).map { item in
                    let shape = Shape(.lineString, dimensions ?? .xy, coordinates: try sequence(item))
                    if shape.pointCount == 1 { throw fail("a LineString needs at least 2 positions", item) }
                    return shape
                }
                return Shape(.multiLineString, dimensions ?? .xy, parts: lines)
            case .multiPolygon:
                let polygons = try array(coordinates).map { Shape(.polygon, dimensions ?? .xy, parts: try rings($0)) }
                return Shape(.multiPolygon, dimensions ?? .xy, parts: polygons)
            case .geometryCollection:
                fatalError("handled above")
            }
        }

        func array(_ value: JSONValue) throws -> [JSONValue] {
            guard case .array(let items) = value.kind else { throw fail("expected an array but found \(value.kindName)", value) }
            return items
        }

        mutating func position(_ value: JSONValue) throws -> [Double] {
            let items = try array(value)
            guard (2...4).contains(items.count) else {
                throw fail("a position must have 2 or 3 numbers, found \(items.count)", value)
            }
            let numbers = try items.map { item in
                guard case .number(let number) = item.kind else { throw fail("expected a number but found \(item.kindName)", item) }
                return number
            }
            let found = CoordinateDimensions(hasZ: numbers.count >= 3, hasM: numbers.count == 4)
            if let dimensions, dimensions != found {
                throw fail("all positions must have the same number of values (\(dimensions.stride) before, \(numbers.count) here)", value)
            }
            dimensions = found
            return numbers
        }

        mutating func sequence(_ value: JSONValue) throws -> [Double] {
            var values: [Double] = []
            for item in try array(value) { values += try position(item) }
            return values
        }

        mutating func rings(_ value: JSONValue) throws -> [Shape] {
            try array(value).map { item in
                let ring = Shape(.lineString, dimensions ?? .xy, coordinates: try sequence(item))
                if let problem = ring.ringProblem { throw fail(problem, item) }
                return ring
            }
        }
    }
}
