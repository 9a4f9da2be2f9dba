/// Reads a KML 2.2 geometry (Point, LineString, LinearRing, Polygon with
/// outerBoundaryIs/innerBoundaryIs, MultiGeometry) into ISO WKB. When the root
/// is not a geometry (a `kml`, `Document` or `Placemark` wrapper), the first
/// geometry element found depth-first is read. Coordinates are
/// `lon,lat[,alt]` tuples separated by white space (white space next to a comma
/// is tolerated); tuples with altitude make an XYZ geometry. An element without
/// coordinates is an empty geometry. KML is always WGS 84 longitude/latitude.
/// https://docs.ogc.org/is/12-007r2/12-007r2.html
enum KMLParser {
    static func parse(_ string: String) throws -> EncodedGeometry {
        var string = string
        return try string.withUTF8 { try parse($0) }
    }

    static func parse(_ text: UnsafeBufferPointer<UInt8>) throws -> EncodedGeometry {
        let root = try XMLReader.parse(text, what: "KML")
        guard let element = findGeometry(root) else {
            throw GeoError(.syntax, "KML: no Point, LineString, LinearRing, Polygon or MultiGeometry element found", offset: 0)
        }
        var converter = Converter(text: text)
        var shape = try converter.geometry(element, depth: 0)
        shape.setDimensions(converter.dimensions ?? .xy)
        var builder = WKBBuilder()
        builder.encode(shape)
        return EncodedGeometry(wkb: builder.bytes, boundingBox: builder.boundingBox, type: shape.type, dimensions: shape.dimensions)
    }

    static let geometryElements: Set<Substring> = ["Point", "LineString", "LinearRing", "Polygon", "MultiGeometry"]

    private static func findGeometry(_ element: XMLElement) -> XMLElement? {
        if geometryElements.contains(element.localName) { return element }
        for child in element.children {
            if let found = findGeometry(child) { return found }
        }
        return nil
    }

    private struct Converter {
        let text: UnsafeBufferPointer<UInt8>
        var dimensions: CoordinateDimensions?

        func fail(_ message: String, _ element: XMLElement) -> GeoError {
            GeoError(.syntax, "KML: \(message) in <\(element.name)>", offset: TextScanning.scalarOffset(text, element.offset))
        }

        mutating func geometry(_ element: XMLElement, depth: Int) throws -> Shape {
            guard depth < 64 else { throw fail("MultiGeometry nested too deeply", element) }
            let xy = dimensions ?? .xy
            switch element.localName {
            case "Point":
                let values = try coordinates(element)
                if !values.isEmpty, values.count != (dimensions ?? .xy).stride { throw fail("a Point must have exactly one coordinate tuple", element) }
                return Shape(.point, xy, coordinates: values)
            case "LineString":
                let shape = Shape(.lineString, xy, coordinates: try coordinates(element))
                if shape.pointCount == 1 { throw fail("a LineString needs at least 2 coordinates", element) }
                return shape
            case "LinearRing":
                let shape = Shape(.lineString, xy, coordinates: try coordinates(element))
                if let problem = shape.ringProblem { throw fail(problem, element) }
                return shape
            case "Polygon":
                var rings: [Shape] = []
                for boundary in element.children where boundary.localName == "outerBoundaryIs" || boundary.localName == "innerBoundaryIs" {
                    for ring in boundary.children("LinearRing") {
                        let shape = try geometry(ring, depth: depth + 1)
                        if boundary.localName == "outerBoundaryIs" { rings.insert(shape, at: 0) } else { rings.append(shape) }
                    }
                }
                return Shape(.polygon, xy, parts: rings)
            case "MultiGeometry":
                var parts: [Shape] = []
                for child in element.children where KMLParser.geometryElements.contains(child.localName) {
                    parts.append(try geometry(child, depth: depth + 1))
                }
                let types = Set(parts.map(\.type))
                let type: GeometryType = switch (types.count, types.first) {
                case (1, .point): .multiPoint
                case (1, .lineString): .multiLineString
                case (1, .polygon): .multiPolygon
                default: .geometryCollection
                }
                return Shape(type, xy, parts: parts)
            default:
                throw fail("unsupported KML geometry element", element)
            }
        }

        mutating func coordinates(_ element: XMLElement) throws -> [Double] {
            guard let coordinates = element.child("coordinates") else { return [] }
            // Remove white space around commas so "1, 2" is one tuple.
            var normalized = ""
            var pendingSpace = false
            for character in coordinates.text {
                if character == " " || character == "\n" || character == "\t" || character == "\r" {
                    pendingSpace = true
                    continue
                }
                if character == "," {
                    pendingSpace = false
                } else if pendingSpace, !normalized.isEmpty, normalized.last != "," {
                    normalized.append(" ")
                }
                pendingSpace = false
                normalized.append(character)
            }
            var values: [Double] = []
            for tuple in normalized.split(separator: " ") {
                let numbers = try tuple.split(separator: ",", omittingEmptySubsequences: false).map { part -> Double in
                    guard let value = Double(part) else { throw fail("'\(part)' in tuple '\(tuple)' is not a number", coordinates) }
                    return value
                }
                guard (2...3).contains(numbers.count) else {
                    throw fail("a coordinate tuple needs 2 or 3 numbers, found '\(tuple)'", coordinates)
                }
                let found: CoordinateDimensions = numbers.count == 3 ? .xyz : .xy
                if let dimensions, dimensions != found {
                    throw fail("coordinate tuples with and without altitude are mixed", coordinates)
                }
                dimensions = found
                values += numbers
            }
            return values
        }
    }
}
