/// Reads a GML geometry element (GML 3.2, also the GML 2 and 3.1 forms still
/// common in geometry literals) into a ``Shape``.
///
/// Supported: Point, LineString, LinearRing, Curve (LineStringSegment, Arc,
/// ArcString, Circle, ArcByCenterPoint and CircleByCenterPoint segments; arcs are
/// linearized, see ``ArcLinearization``), CompositeCurve, Ring, OrientableCurve,
/// Polygon (exterior/interior rings, linear or of curves, or GML 2
/// outerBoundaryIs/innerBoundaryIs), Surface (PolygonPatch, Triangle, Rectangle
/// patches), PolyhedralSurface and TriangulatedSurface/Tin (as multi-polygons),
/// CompositeSurface, OrientableSurface, MultiPoint, MultiCurve, MultiLineString,
/// MultiSurface, MultiPolygon, MultiGeometry, Envelope and GML 2 Box; solids are
/// refused (no volumes in GEOS);
/// coordinates as `pos`, `posList`, `coordinates` (GML 2, with its `cs`/`ts`
/// separators), `coord`, `lowerCorner`/`upperCorner`. `srsDimension` (on the
/// element or an ancestor) says how many ordinates each position has; 3 means
/// XYZ. Elements are matched by local name, whatever the namespace prefix.
/// An element with no coordinates is an empty geometry.
/// https://docs.ogc.org/is/22-047r1/22-047r1.html#_rdfs_datatype_geogmlliteral
enum GMLParser {
    struct Result {
        var shape: Shape
        /// The `srsName` of the root element, if any.
        var srsName: String?
    }

    static func parse(_ string: String) throws -> Result {
        var string = string
        return try string.withUTF8 { try parse($0) }
    }

    static func parse(_ text: UnsafeBufferPointer<UInt8>) throws -> Result {
        let root = try XMLReader.parse(text, what: "GML")
        var converter = Converter(text: text)
        var shape = try converter.geometry(root, srsDimension: nil, depth: 0)
        shape.setDimensions(converter.dimensions ?? .xy)
        return Result(shape: shape, srsName: root.attribute("srsName"))
    }

    private struct Converter {
        let text: UnsafeBufferPointer<UInt8>
        var dimensions: CoordinateDimensions?

        func fail(_ message: String, _ element: XMLElement) -> GeoError {
            GeoError(.syntax, "GML: \(message) in <\(element.name)>", offset: TextScanning.scalarOffset(text, element.offset))
        }

        mutating func geometry(_ element: XMLElement, srsDimension inherited: Int?, depth: Int) throws -> Shape {
            guard depth < 64 else { throw fail("geometries nested too deeply", element) }
            let srsDimension = try self.srsDimension(element) ?? inherited
            let xy = dimensions ?? .xy
            switch element.localName {
            case "Point":
                let values = try positions(of: element, srsDimension: srsDimension)
                if !values.isEmpty, values.count != (dimensions ?? .xy).stride {
                    throw fail("a Point must have exactly one position", element)
                }
                return Shape(.point, xy, coordinates: values)
            case "LineString", "LinearRing":
                return try line(element, srsDimension: srsDimension, isRing: element.localName == "LinearRing")
            case "Curve":
                var values: [Double] = []
                for segments in element.children("segments") {
                    for segment in segments.children {
                        join(&values, try self.segment(segment, srsDimension: try self.srsDimension(segment) ?? srsDimension))
                    }
                }
                let shape = Shape(.lineString, xy, coordinates: values)
                if shape.pointCount == 1 { throw fail("a curve needs at least 2 positions", element) }
                return shape
            case "CompositeCurve", "Ring":
                // Member curves end to end (a Ring closes: checked where it bounds a polygon).
                var values: [Double] = []
                for member in element.children("curveMember") {
                    for child in member.children {
                        let part = try geometry(child, srsDimension: srsDimension, depth: depth + 1)
                        guard part.type == .lineString else { throw fail("a \(element.localName) member must be a curve", child) }
                        join(&values, part.coordinates)
                    }
                }
                return Shape(.lineString, xy, coordinates: values)
            case "OrientableCurve", "OrientableSurface":
                // Orientation does not change the point set.
                guard let base = (element.child("baseCurve") ?? element.child("baseSurface"))?.children.first else {
                    throw fail("expected a base geometry", element)
                }
                return try geometry(base, srsDimension: srsDimension, depth: depth + 1)
            case "Triangle", "Rectangle":
                return try polygon(element, srsDimension: srsDimension)
            case "PolyhedralSurface", "TriangulatedSurface", "Tin":
                // Its patches are polygons (triangles for a TIN): the same point set as a multi-polygon.
                let patches = element.children("patches").flatMap(\.children) + element.children("trianglePatches").flatMap(\.children)
                let polygons = try patches.map { try polygon($0, srsDimension: srsDimension) }
                return Shape(.multiPolygon, xy, parts: polygons)
            case "CompositeSurface":
                return try collection(element, .multiPolygon, members: ["surfaceMember", "surfaceMembers"], srsDimension: srsDimension, depth: depth)
            case "Solid", "CompositeSolid", "MultiSolid":
                throw fail("solids are not supported: the geometry engine has no volumes (a solid's boundary can be given as a MultiSurface)", element)
            case "Polygon", "PolygonPatch":
                return try polygon(element, srsDimension: srsDimension)
            case "Surface":
                let patches = element.children("patches").flatMap(\.children)
                let polygons = try patches.map { try polygon($0, srsDimension: srsDimension) }
                if polygons.count == 1 { return polygons[0] }
                return Shape(.multiPolygon, xy, parts: polygons)
            case "Envelope", "Box":
                return try envelope(element, srsDimension: srsDimension)
            case "MultiPoint":
                return try collection(element, .multiPoint, members: ["pointMember", "pointMembers"], srsDimension: srsDimension, depth: depth)
            case "MultiCurve", "MultiLineString":
                return try collection(element, .multiLineString, members: ["curveMember", "curveMembers", "lineStringMember"], srsDimension: srsDimension, depth: depth)
            case "MultiSurface", "MultiPolygon":
                return try collection(element, .multiPolygon, members: ["surfaceMember", "surfaceMembers", "polygonMember"], srsDimension: srsDimension, depth: depth)
            case "MultiGeometry", "GeometryCollection":
                return try collection(element, .geometryCollection, members: ["geometryMember", "geometryMembers"], srsDimension: srsDimension, depth: depth)
            default:
                throw fail("unsupported or unknown GML geometry element", element)
            }
        }

        /// Appends a curve's positions; consecutive parts share their junction point, kept once.
        func join(_ values: inout [Double], _ more: [Double]) {
            let stride = (dimensions ?? .xy).stride
            if values.count >= stride, more.count >= stride, Array(values.suffix(stride)) == Array(more.prefix(stride)) {
                values += more.dropFirst(stride)
            } else {
                values += more
            }
        }

        /// The positions of one curve segment: line segments as they are, circular arcs
        /// and circles linearized (``ArcLinearization``).
        mutating func segment(_ segment: XMLElement, srsDimension: Int?) throws -> [Double] {
            switch segment.localName {
            case "LineStringSegment", "LineString":
                return try positions(of: segment, srsDimension: srsDimension)
            case "Arc", "ArcString", "Circle":
                let values = try positions(of: segment, srsDimension: srsDimension)
                let stride = (dimensions ?? .xy).stride
                if values.isEmpty { return values }
                if segment.localName == "Arc", values.count / stride != 3 { throw fail("an Arc needs 3 positions, found \(values.count / stride)", segment) }
                guard let points = ArcLinearization.arcString(values, stride: stride, circle: segment.localName == "Circle") else {
                    let needed = segment.localName == "Circle" ? "exactly 3" : "an odd number (3 or more) of"
                    throw fail("an \(segment.localName) needs \(needed) positions, found \(values.count / stride)", segment)
                }
                return points
            case "ArcByCenterPoint", "CircleByCenterPoint":
                let centre = try positions(of: segment, srsDimension: srsDimension)
                let stride = (dimensions ?? .xy).stride
                guard centre.count == stride else { throw fail("expected one centre position", segment) }
                guard let radiusElement = segment.child("radius"), let radius = Double(radiusElement.text.trimmingSpace), radius > 0 else {
                    throw fail("expected a positive radius", segment)
                }
                func angle(_ name: String) throws -> Double? {
                    guard let element = segment.child(name) else { return nil }
                    guard let value = Double(element.text.trimmingSpace) else { throw fail("expected a number", element) }
                    // Degrees unless the unit says radians.
                    return (element.attribute("uom") ?? "").lowercased().contains("rad") ? value : value * Double.pi / 180
                }
                let start = try angle("startAngle") ?? 0
                let sweep = segment.localName == "CircleByCenterPoint" ? 2 * Double.pi : (try angle("endAngle") ?? start) - start
                guard sweep != 0 else { throw fail("the arc's start and end angles are equal", segment) }
                let z = stride > 2 ? (centre[2], centre[2]) : nil
                return ArcLinearization.arc(centreX: centre[0], centreY: centre[1], radius: radius, from: start, sweep: sweep, z: z, stride: stride)
            default:
                throw fail("curve segment <\(segment.name)> is not supported (line segments, arcs and circles are)", segment)
            }
        }

        func srsDimension(_ element: XMLElement) throws -> Int? {
            guard let value = element.attribute("srsDimension") else { return nil }
            guard let dimension = Int(value), (2...3).contains(dimension) else {
                throw fail("srsDimension must be 2 or 3, found '\(value)'", element)
            }
            return dimension
        }

        mutating func line(_ element: XMLElement, srsDimension: Int?, isRing: Bool) throws -> Shape {
            let shape = Shape(.lineString, dimensions ?? .xy, coordinates: try positions(of: element, srsDimension: srsDimension))
            if isRing, let problem = shape.ringProblem { throw fail(problem, element) }
            if !isRing, shape.pointCount == 1 { throw fail("a LineString needs at least 2 positions", element) }
            return shape
        }

        mutating func polygon(_ element: XMLElement, srsDimension: Int?) throws -> Shape {
            var rings: [Shape] = []
            for boundary in element.children where ["exterior", "interior", "outerBoundaryIs", "innerBoundaryIs"].contains(boundary.localName) {
                let ringShape: Shape
                if let ring = boundary.child("LinearRing") {
                    ringShape = try line(ring, srsDimension: try self.srsDimension(ring) ?? srsDimension, isRing: true)
                } else if let ring = boundary.child("Ring") {
                    // A ring of curves, arcs included.
                    ringShape = try geometry(ring, srsDimension: try self.srsDimension(ring) ?? srsDimension, depth: 1)
                    if let problem = ringShape.ringProblem { throw fail(problem, ring) }
                } else {
                    throw fail("expected a LinearRing or a Ring", boundary)
                }
                if boundary.localName == "exterior" || boundary.localName == "outerBoundaryIs" {
                    rings.insert(ringShape, at: 0)
                } else {
                    rings.append(ringShape)
                }
            }
            if let first = rings.first, first.coordinates.isEmpty, rings.count > 1 {
                throw fail("a polygon with interior rings needs an exterior ring", element)
            }
            return Shape(.polygon, dimensions ?? .xy, parts: rings)
        }

        mutating func envelope(_ element: XMLElement, srsDimension: Int?) throws -> Shape {
            var corners: [Double] = []
            if let lower = element.child("lowerCorner"), let upper = element.child("upperCorner") {
                corners = try numbers(lower, srsDimension: srsDimension) + numbers(upper, srsDimension: srsDimension)
            } else {
                corners = try positions(of: element, srsDimension: srsDimension)
            }
            let stride = dimensions ?? .xy
            if corners.isEmpty { return Shape(.polygon, stride) }
            guard corners.count == 2 * stride.stride else { throw fail("an envelope needs two corners", element) }
            let s = stride.stride
            let (x0, y0, x1, y1) = (corners[0], corners[1], corners[s], corners[s + 1])
            guard x0 <= x1, y0 <= y1 else { throw fail("the lower corner must not exceed the upper corner", element) }
            // Extra ordinates (Z) are taken from the lower corner for every vertex.
            let extra = Array(corners[2..<s])
            func vertex(_ x: Double, _ y: Double) -> [Double] { [x, y] + extra }
            if x0 == x1 && y0 == y1 { return Shape(.point, stride, coordinates: vertex(x0, y0)) }
            if x0 == x1 || y0 == y1 { return Shape(.lineString, stride, coordinates: vertex(x0, y0) + vertex(x1, y1)) }
            let ring = vertex(x0, y0) + vertex(x1, y0) + vertex(x1, y1) + vertex(x0, y1) + vertex(x0, y0)
            return Shape(.polygon, stride, parts: [Shape(.lineString, stride, coordinates: ring)])
        }

        mutating func collection(_ element: XMLElement, _ type: GeometryType, members memberNames: [String],
                                 srsDimension: Int?, depth: Int) throws -> Shape {
            var parts: [Shape] = []
            for member in element.children where memberNames.contains(String(member.localName)) {
                for child in member.children {
                    let part = try geometry(child, srsDimension: srsDimension, depth: depth + 1)
                    if let memberType = type.memberType, part.type != memberType {
                        // A Surface with several patches yields a multipolygon: flatten it.
                        if type == .multiPolygon, part.type == .multiPolygon { parts += part.parts; continue }
                        throw fail("a \(element.localName) cannot contain a \(part.type.name)", child)
                    }
                    parts.append(part)
                }
            }
            return Shape(type, dimensions ?? .xy, parts: parts)
        }

        /// All coordinates directly under `element`, as a flat array.
        mutating func positions(of element: XMLElement, srsDimension: Int?) throws -> [Double] {
            if let posList = element.child("posList") {
                return try numbers(posList, srsDimension: try self.srsDimension(posList) ?? srsDimension ?? 2, list: true)
            }
            if let coordinates = element.child("coordinates") {
                return try gml2Coordinates(coordinates)
            }
            var values: [Double] = []
            for child in element.children {
                switch child.localName {
                case "pos":
                    values += try numbers(child, srsDimension: try self.srsDimension(child) ?? srsDimension)
                case "pointProperty", "pointRep":
                    if let point = child.child("Point") { values += try positions(of: point, srsDimension: srsDimension) }
                case "coord":
                    var tuple: [Double] = []
                    for name in ["X", "Y", "Z"] {
                        if let ordinate = child.child(name) {
                            guard let value = Double(ordinate.text.trimmingSpace) else { throw fail("expected a number", ordinate) }
                            tuple.append(value)
                        }
                    }
                    values += try record(tuple, child)
                default:
                    continue
                }
            }
            return values
        }

        /// The numbers of a `pos`, `posList`, `lowerCorner` or `upperCorner`.
        mutating func numbers(_ element: XMLElement, srsDimension: Int?, list: Bool = false) throws -> [Double] {
            guard let values = Self.parseNumbers(element.text) else { throw fail("expected white-space separated numbers", element) }
            if values.isEmpty { return [] }
            let stride = srsDimension ?? values.count
            guard (2...3).contains(stride), values.count % stride == 0, list || values.count == stride else {
                throw fail("\(values.count) numbers do not form positions of dimension \(stride)", element)
            }
            return try record(values, element, stride: stride)
        }

        /// GML 2 `<coordinates>`: tuples separated by `ts` (white space), ordinates by `cs` (",").
        mutating func gml2Coordinates(_ element: XMLElement) throws -> [Double] {
            let cs = element.attribute("cs") ?? ","
            let ts = element.attribute("ts") ?? " "
            let decimal = element.attribute("decimal") ?? "."
            var text = element.text
            if decimal != "." { text = text.replacingAll(decimal, with: ".") }
            var values: [Double] = []
            var stride: Int?
            for tuple in text.splitOn(ts.trimmingSpace.isEmpty ? nil : ts) where !tuple.isEmpty {
                let ordinates = tuple.splitOn(cs).map(\.trimmingSpace)
                let numbers = try ordinates.map { (ordinate: String) -> Double in
                    guard let value = Double(ordinate) else { throw fail("'\(ordinate)' is not a number", element) }
                    return value
                }
                guard (2...3).contains(numbers.count), stride == nil || stride == numbers.count else {
                    throw fail("inconsistent or invalid coordinate tuple '\(tuple)'", element)
                }
                stride = numbers.count
                values += numbers
            }
            return try record(values, element, stride: stride ?? 2)
        }

        /// Checks that positions agree with the dimensions seen so far.
        mutating func record(_ values: [Double], _ element: XMLElement, stride: Int? = nil) throws -> [Double] {
            if values.isEmpty { return values }
            let found: CoordinateDimensions = (stride ?? values.count) == 3 ? .xyz : .xy
            if let dimensions, dimensions != found {
                throw fail("positions of dimension \(found.stride) mixed with dimension \(dimensions.stride)", element)
            }
            dimensions = found
            return values
        }

        static func parseNumbers(_ text: String) -> [Double]? {
            var text = text
            return text.withUTF8 { buffer -> [Double]? in
                var values: [Double] = []
                var position = 0
                while true {
                    while position < buffer.count, TextScanning.isSpace(buffer[position]) { position += 1 }
                    if position == buffer.count { return values }
                    guard let value = TextScanning.parseDouble(buffer, &position) else { return nil }
                    values.append(value)
                    if position < buffer.count, !TextScanning.isSpace(buffer[position]) { return nil }
                }
            }
        }
    }
}

extension String {
    /// The string without leading and trailing XML white space.
    var trimmingSpace: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !TextScanning.isSpace($0) }),
              let last = bytes.lastIndex(where: { !TextScanning.isSpace($0) }) else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Splits on a separator string, or on runs of white space when it is nil.
    func splitOn(_ separator: String?) -> [String] {
        guard let separator, !separator.isEmpty else {
            return split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
        }
        return split(separator: separator, omittingEmptySubsequences: false).map(String.init)
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
