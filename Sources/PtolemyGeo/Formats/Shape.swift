/// A decoded geometry as plain Swift values: the intermediate form between the
/// text formats (GeoJSON, GML, KML) and WKB, and the form the writers, CRS
/// transformations and geodesic measures walk.
///
/// Coordinates are stored flat (`x, y[, z][, m]` repeated), `dimensions.stride`
/// doubles each, which keeps a ring one allocation and lets PROJ transform it in
/// place with a strided call.
struct Shape: Hashable, Sendable {
    var type: GeometryType
    var dimensions: CoordinateDimensions
    /// For a point: nothing (empty point) or one coordinate. For a line string or
    /// a polygon ring: its coordinates. Empty for the other types.
    var coordinates: [Double]
    /// For a polygon: its rings (exterior first), each a `.lineString` shape.
    /// For a multi-geometry or collection: its members.
    var parts: [Shape]

    init(_ type: GeometryType, _ dimensions: CoordinateDimensions, coordinates: [Double] = [], parts: [Shape] = []) {
        self.type = type
        self.dimensions = dimensions
        self.coordinates = coordinates
        self.parts = parts
    }

    /// Number of coordinates in ``coordinates``.
    var pointCount: Int { coordinates.count / dimensions.stride }

    var isEmpty: Bool {
        switch type {
        case .point, .lineString: coordinates.isEmpty
        default: parts.allSatisfy(\.isEmpty)
        }
    }

    /// Calls `body` with every coordinate sequence (a point, a line string, a
    /// ring) in document order.
    func forEachSequence(_ body: (Shape) throws -> Void) rethrows {
        switch type {
        case .point, .lineString: try body(self)
        default: for part in parts { try part.forEachSequence(body) }
        }
    }

    /// Rewrites every coordinate sequence in place.
    mutating func mutateSequences(_ body: (inout [Double], CoordinateDimensions) throws -> Void) rethrows {
        switch type {
        case .point, .lineString: try body(&coordinates, dimensions)
        default:
            for index in parts.indices { try parts[index].mutateSequences(body) }
        }
    }

    /// Sets the dimensions of this shape and all its parts (the coordinates
    /// must already have the matching stride).
    mutating func setDimensions(_ dimensions: CoordinateDimensions) {
        self.dimensions = dimensions
        for index in parts.indices { parts[index].setDimensions(dimensions) }
    }

    /// Cuts every edge of every line string and ring into `pieces` equal parts
    /// (all ordinates interpolated linearly).
    mutating func densify(pieces: Int) {
        guard pieces > 1 else { return }
        mutateSequences { coordinates, dimensions in
            let stride = dimensions.stride
            let count = coordinates.count / stride
            guard count > 1 else { return }
            var dense: [Double] = []
            dense.reserveCapacity(((count - 1) * pieces + 1) * stride)
            for point in 0..<(count - 1) {
                let start = point * stride, end = start + stride
                for piece in 0..<pieces {
                    let t = Double(piece) / Double(pieces)
                    for ordinate in 0..<stride {
                        dense.append(coordinates[start + ordinate] + (coordinates[end + ordinate] - coordinates[start + ordinate]) * t)
                    }
                }
            }
            dense.append(contentsOf: coordinates[((count - 1) * stride)...])
            coordinates = dense
        }
    }

    /// The XY bounding box of all coordinates.
    var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        forEachSequence { sequence in
            let stride = sequence.dimensions.stride
            var index = 0
            while index + 1 < sequence.coordinates.count {
                box.formUnion(x: sequence.coordinates[index], y: sequence.coordinates[index + 1])
                index += stride
            }
        }
        return box
    }
}
