/// A coordinate reference system, identified the way GeoSPARQL literals and
/// GML `srsName` attributes name it.
///
/// Parsing an IRI never fails: unrecognised IRIs are kept as ``Identifier/other(_:)``
/// (the geometry can still be read and compared with others in the same CRS);
/// only operations that need PROJ (``properties()``, transformations, metric
/// measures) throw for them.
///
/// Recognised forms:
/// - `http://www.opengis.net/def/crs/OGC/1.3/CRS84` (also `/OGC/0/CRS84`,
///   `urn:ogc:def:crs:OGC:1.3:CRS84`, `OGC:CRS84`): WGS 84, longitude first.
///   The GeoSPARQL default (https://docs.ogc.org/is/22-047r1/22-047r1.html#_rdfs_datatype_geowktliteral).
/// - `http://www.opengis.net/def/crs/OGC/0/CRS84h` (and `1.3`): the same with ellipsoidal height.
/// - `http://www.opengis.net/def/crs/EPSG/0/4326` (any version segment),
///   `urn:ogc:def:crs:EPSG::4326`, `urn:ogc:def:crs:EPSG:6.6:4326`, `EPSG:4326`.
///
/// Coordinates are always in the axis order the CRS defines: EPSG:4326 is
/// latitude first, as stated by the EPSG database; CRS84 longitude first.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
    /// What the IRI resolved to.
    public enum Identifier: Hashable, Sendable {
        /// OGC CRS84: WGS 84 longitude, latitude in degrees.
        case crs84
        /// OGC CRS84h: WGS 84 longitude, latitude, ellipsoidal height in metres.
        case crs84h
        /// An EPSG code.
        case epsg(Int)
        /// Anything else, by its IRI as written.
        case other(String)
    }

    /// What the CRS is.
    public let identifier: Identifier

    /// The CRS with this identifier.
    public init(_ identifier: Identifier) {
        self.identifier = identifier
    }

    /// The GeoSPARQL default CRS.
    public static let crs84 = CRS(.crs84)
    /// CRS84 with ellipsoidal heights.
    public static let crs84h = CRS(.crs84h)

    /// `http://www.opengis.net/def/crs/EPSG/0/<code>`.
    public static func epsg(_ code: Int) -> CRS { CRS(.epsg(code)) }

    /// The IRI of the GeoSPARQL default CRS.
    public static let crs84IRI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

    /// Recognises a CRS IRI or URN (see the type's documentation).
    public init(iri: String) {
        identifier = Self.identify(iri)
    }

    private static func identify(_ iri: String) -> Identifier {
        var text = Substring(iri)
        for prefix in ["http://www.opengis.net/def/crs/", "https://www.opengis.net/def/crs/"] where text.hasPrefix(prefix) {
            // authority/version/code
            let parts = text.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 3 {
                return authority(parts[0], code: parts[2]) ?? .other(iri)
            }
            return .other(iri)
        }
        if text.lowercased().hasPrefix("urn:ogc:def:crs:") {
            text = text.dropFirst("urn:ogc:def:crs:".count)
            // authority:version:code, version possibly empty
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3 { return authority(parts[0], code: parts[2]) ?? .other(iri) }
            if parts.count == 2 { return authority(parts[0], code: parts[1]) ?? .other(iri) }
            return .other(iri)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let known = authority(parts[0], code: parts[1]) { return known }
        return .other(iri)
    }

    private static func authority(_ authority: Substring, code: Substring) -> Identifier? {
        switch authority.uppercased() {
        case "OGC":
            switch code.uppercased() {
            case "CRS84": return .crs84
            case "CRS84H": return .crs84h
            default: return nil
            }
        case "EPSG":
            guard let number = Int(code), number > 0 else { return nil }
            return .epsg(number)
        default:
            return nil
        }
    }

    /// The canonical IRI: the OGC CRS84 IRI, or an `opengis.net/def/crs` IRI.
    public var iri: String {
        switch identifier {
        case .crs84: Self.crs84IRI
        case .crs84h: "http://www.opengis.net/def/crs/OGC/0/CRS84h"
        case .epsg(let code): "http://www.opengis.net/def/crs/EPSG/0/\(code)"
        case .other(let iri): iri
        }
    }

    /// True for OGC CRS84 (the default, which WKT literals leave implicit).
    public var isCRS84: Bool { identifier == .crs84 }

    /// The identifier PROJ understands (`OGC:CRS84`, `EPSG:4326`, or the IRI).
    var projIdentifier: String {
        switch identifier {
        case .crs84: "OGC:CRS84"
        case .crs84h: "OGC:CRS84h"
        case .epsg(let code): "EPSG:\(code)"
        case .other(let iri): iri
        }
    }

    public var description: String {
        switch identifier {
        case .crs84: "OGC:CRS84"
        case .crs84h: "OGC:CRS84h"
        case .epsg(let code): "EPSG:\(code)"
        case .other(let iri): "<\(iri)>"
        }
    }
}
