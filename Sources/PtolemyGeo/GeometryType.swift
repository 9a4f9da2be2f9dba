/// The Simple Features geometry types this module reads and writes, numbered as
/// in WKB.
///
/// See OGC Simple Feature Access 1.2.1, section 8.2.3, and GeoSPARQL 1.1
/// `geof:geometryType`, https://docs.ogc.org/is/22-047r1/22-047r1.html#_function_geofgeometrytype
public enum GeometryType: UInt32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case point = 1
    case lineString = 2
    case polygon = 3
    case multiPoint = 4
    case multiLineString = 5
    case multiPolygon = 6
    case geometryCollection = 7

    /// The Simple Features class name, as used by GeoJSON's `type` member and by
    /// the Simple Features vocabulary (`sf:Point`, ...): `"Point"`, `"LineString"`, ...
    public var name: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }

    /// The WKT keyword (`POINT`, `LINESTRING`, ...).
    public var wktKeyword: String {
        switch self {
        case .point: "POINT"
        case .lineString: "LINESTRING"
        case .polygon: "POLYGON"
        case .multiPoint: "MULTIPOINT"
        case .multiLineString: "MULTILINESTRING"
        case .multiPolygon: "MULTIPOLYGON"
        case .geometryCollection: "GEOMETRYCOLLECTION"
        }
    }

    /// True for the multi-part and collection types.
    public var isCollection: Bool { rawValue >= 4 }

    /// The type of the members of a homogeneous collection (`.point` for
    /// `.multiPoint`, ...); `nil` otherwise.
    var memberType: GeometryType? {
        switch self {
        case .multiPoint: .point
        case .multiLineString: .lineString
        case .multiPolygon: .polygon
        default: nil
        }
    }

    /// The Simple Features class name.
    public var description: String { name }
}

/// Which ordinates each coordinate carries beyond X and Y.
struct CoordinateDimensions: Hashable, Sendable {
    var hasZ: Bool
    var hasM: Bool

    static let xy = CoordinateDimensions(hasZ: false, hasM: false)
    static let xyz = CoordinateDimensions(hasZ: true, hasM: false)
    static let xym = CoordinateDimensions(hasZ: false, hasM: true)
    static let xyzm = CoordinateDimensions(hasZ: true, hasM: true)

    /// Doubles per coordinate.
    @inline(__always)
    var stride: Int { 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) }

    /// The ISO WKB type-code offset: 1000 for Z, 2000 for M, 3000 for ZM.
    @inline(__always)
    var isoOffset: UInt32 { (hasZ ? 1000 : 0) + (hasM ? 2000 : 0) }

    /// The WKT dimension tag, with a trailing space, or "" for XY.
    var wktTag: String {
        switch (hasZ, hasM) {
        case (false, false): ""
        case (true, false): "Z "
        case (false, true): "M "
        case (true, true): "ZM "
        }
    }
}
