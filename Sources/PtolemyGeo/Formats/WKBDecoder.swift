/// Decodes WKB into a ``Shape``, validating as it goes.
///
/// Accepts both byte orders, ISO dimension codes (1000/2000/3000 offsets) and
/// the extended (PostGIS) flags, skipping an embedded SRID. Every count is
/// checked against the bytes that remain before anything is allocated, so a
/// corrupt length cannot trigger a huge allocation, and nesting is bounded.
/// Structural rules are the ones GEOS enforces when it builds a geometry (a
/// line string has 0 or at least 2 points, a ring is closed with 0 or at least
/// 4), so anything this decoder accepts GEOS accepts too.
struct WKBDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    static let maximumNesting = 64

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Decodes one geometry occupying all of `bytes`.
    static func decode(_ bytes: [UInt8]) throws -> Shape {
        try bytes.withUnsafeBytes { (raw) throws -> Shape in
            var decoder = WKBDecoder(raw)
            let shape = try decoder.geometry(depth: 0)
            guard decoder.position == raw.count else {
                throw GeoError(.syntax, "WKB: \(raw.count - decoder.position) trailing bytes after the geometry", offset: decoder.position)
            }
            return shape
        }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> GeoError {
        GeoError(.syntax, "WKB: \(message)", offset: offset ?? position)
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("unexpected end of input") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func uint32(_ littleEndian: Bool) throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw fail("unexpected end of input") }
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    private mutating func double(_ littleEndian: Bool) -> Double {
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
    }

    /// Reads `count` coordinates after checking they fit in the remaining bytes.
    private mutating func sequence(_ count: Int, _ stride: Int, _ littleEndian: Bool) throws -> [Double] {
        let needed = count.multipliedReportingOverflow(by: stride * 8)
        guard !needed.overflow, needed.partialValue <= bytes.count - position else {
            throw fail("a count of \(count) coordinates exceeds the remaining \(bytes.count - position) bytes")
        }
        var values = [Double]()
        values.reserveCapacity(count * stride)
        for _ in 0..<(count * stride) { values.append(double(littleEndian)) }
        return values
    }

    private mutating func count(_ littleEndian: Bool, minimumBytesEach: Int) throws -> Int {
        let at = position
        let count = Int(try uint32(littleEndian))
        guard count <= (bytes.count - position) / minimumBytesEach else {
            throw fail("a count of \(count) exceeds the remaining \(bytes.count - position) bytes", at: at)
        }
        return count
    }

    private mutating func geometry(depth: Int) throws -> Shape {
        guard depth < Self.maximumNesting else { throw fail("geometry collections nested deeper than \(Self.maximumNesting)") }
        let start = position
        let order = try byte()
        guard order <= 1 else { throw fail("invalid byte-order marker \(order)", at: start) }
        let littleEndian = order == 1
        let code = try uint32(littleEndian)
        // Extended WKB flags in the high bits, ISO offsets in the thousands.
        var hasZ = code & 0x8000_0000 != 0
        var hasM = code & 0x4000_0000 != 0
        let hasSRID = code & 0x2000_0000 != 0
        var base = code & 0x0FFF_FFFF
        switch base / 1000 {
        case 0: break
        case 1: hasZ = true
        case 2: hasM = true
        case 3: hasZ = true; hasM = true
        default: throw fail("unknown geometry type code \(code)", at: start + 1)
        }
        base %= 1000
        guard let type = GeometryType(rawValue: base) else {
            if (8...17).contains(base) {
                throw GeoError(.unsupported, "WKB: geometry type code \(base) (curves and surfaces) is not supported", offset: start + 1)
            }
            throw fail("unknown geometry type code \(code)", at: start + 1)
        }
        if hasSRID { _ = try uint32(littleEndian) }
        // Members keep their own dimensions: GEOS writes a collection of 3D and 2D
        // members that way, and the writers handle each member separately.
        let dimensions = CoordinateDimensions(hasZ: hasZ, hasM: hasM)
        let stride = dimensions.stride
        switch type {
        case .point:
            let values = try sequence(1, stride, littleEndian)
            // A point whose X and Y are NaN is the ISO encoding of POINT EMPTY.
            if values[0].isNaN && values[1].isNaN { return Shape(.point, dimensions) }
            return Shape(.point, dimensions, coordinates: values)
        case .lineString:
            let at = position
            let n = try count(littleEndian, minimumBytesEach: stride * 8)
            guard n != 1 else { throw fail("a line string must have 0 or at least 2 points, found 1", at: at) }
            return Shape(.lineString, dimensions, coordinates: try sequence(n, stride, littleEndian))
        case .polygon:
            let ringCount = try count(littleEndian, minimumBytesEach: 4)
            var rings = [Shape]()
            rings.reserveCapacity(ringCount)
            for _ in 0..<ringCount {
                let at = position
                let n = try count(littleEndian, minimumBytesEach: stride * 8)
                let ring = Shape(.lineString, dimensions, coordinates: try sequence(n, stride, littleEndian))
                if let problem = ring.ringProblem { throw fail(problem, at: at) }
                rings.append(ring)
            }
            if let first = rings.first, first.coordinates.isEmpty, rings.contains(where: { !$0.coordinates.isEmpty }) {
                throw fail("a polygon with an empty exterior ring cannot have interior rings")
            }
            return Shape(.polygon, dimensions, parts: rings)
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection:
            let n = try count(littleEndian, minimumBytesEach: 9)
            var members = [Shape]()
            members.reserveCapacity(n)
            for _ in 0..<n {
                let at = position
                let member = try geometry(depth: depth + 1)
                if let memberType = type.memberType, member.type != memberType {
                    throw fail("a \(type.name) cannot contain a \(member.type.name)", at: at)
                }
                members.append(member)
            }
            return Shape(type, dimensions, parts: members)
        }
    }
}

extension Shape {
    /// Why this coordinate sequence is not a valid linear ring for GEOS, or nil.
    /// GEOS requires 0 or at least 4 points, and closure in X and Y.
    var ringProblem: String? {
        let n = pointCount
        if n == 0 { return nil }
        if n < 4 { return "a polygon ring must have 0 or at least 4 points, found \(n)" }
        let stride = dimensions.stride
        let last = (n - 1) * stride
        if coordinates[0] != coordinates[last] || coordinates[1] != coordinates[last + 1] {
            return "a polygon ring must be closed (its first and last points must be equal)"
        }
        return nil
    }
}
