/// Writes ISO WKB (little-endian) incrementally, tracking the XY bounding box of
/// what it writes.
///
/// Parsers stream straight into it: counts that are unknown until a list ends
/// are written as placeholders and patched (``reserveCount()`` /
/// ``patchCount(at:_:)``), so WKT becomes WKB in a single pass with no
/// intermediate tree. Layout: https://www.ogc.org/standard/sfa/ (Simple Feature
/// Access 1.2.1, section 8.2).
struct WKBBuilder {
    private(set) var bytes: [UInt8]
    /// XY box of every non-NaN coordinate written.
    private(set) var boundingBox = BoundingBox.empty

    init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes a geometry header (byte order + type code) and returns the offset of
    /// the type code, for ``patchType(at:_:_:)``.
    @discardableResult
    mutating func header(_ type: GeometryType, _ dimensions: CoordinateDimensions) -> Int {
        bytes.append(1) // NDR: little-endian
        let position = bytes.count
        append(type.rawValue + dimensions.isoOffset)
        return position
    }

    mutating func patchType(at position: Int, _ type: GeometryType, _ dimensions: CoordinateDimensions) {
        patch(at: position, type.rawValue + dimensions.isoOffset)
    }

    /// Writes a placeholder count and returns its offset.
    mutating func reserveCount() -> Int {
        let position = bytes.count
        append(UInt32(0))
        return position
    }

    mutating func patchCount(at position: Int, _ count: Int) {
        patch(at: position, UInt32(count))
    }

    @inline(__always)
    mutating func append(_ value: UInt32) {
        let v = value.littleEndian
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    @inline(__always)
    mutating func append(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Writes one X/Y ordinate pair and folds it into the bounding box.
    @inline(__always)
    mutating func appendXY(_ x: Double, _ y: Double) {
        append(x)
        append(y)
        boundingBox.formUnion(x: x, y: y)
    }

    private mutating func patch(at position: Int, _ value: UInt32) {
        bytes[position] = UInt8(truncatingIfNeeded: value)
        bytes[position + 1] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[position + 2] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[position + 3] = UInt8(truncatingIfNeeded: value >> 24)
    }

    /// Writes a whole decoded shape.
    mutating func encode(_ shape: Shape) {
        header(shape.type, shape.dimensions)
        switch shape.type {
        case .point:
            if shape.coordinates.isEmpty {
                // ISO convention for POINT EMPTY: every ordinate NaN.
                for _ in 0..<shape.dimensions.stride { append(Double.nan) }
            } else {
                appendSequence(shape.coordinates, stride: shape.dimensions.stride)
            }
        case .lineString:
            append(UInt32(shape.pointCount))
            appendSequence(shape.coordinates, stride: shape.dimensions.stride)
        case .polygon:
            append(UInt32(shape.parts.count))
            for ring in shape.parts {
                append(UInt32(ring.pointCount))
                appendSequence(ring.coordinates, stride: shape.dimensions.stride)
            }
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            append(UInt32(shape.parts.count))
            for part in shape.parts { encode(part) }
        }
    }

    private mutating func appendSequence(_ coordinates: [Double], stride: Int) {
        var index = 0
        while index < coordinates.count {
            appendXY(coordinates[index], coordinates[index + 1])
            for extra in 2..<stride { append(coordinates[index + extra]) }
            index += stride
        }
    }
}

extension Shape {
    /// The shape as ISO WKB, little-endian.
    var wkb: [UInt8] {
        var builder = WKBBuilder()
        builder.encode(self)
        return builder.bytes
    }
}
