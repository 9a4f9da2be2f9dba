/// A unit of measure named by an IRI, for the `units` arguments of `geof:distance`,
/// `geof:buffer`, `geof:area` and `geof:length`
/// (https://docs.ogc.org/is/22-047r1/22-047r1.html#_function_geofdistance: "units: xsd:anyURI",
/// from the OGC units vocabulary http://www.opengis.net/def/uom/OGC/1.0/).
///
/// The OGC vocabulary itself holds only a few units (`metre`, `degree`, `radian`, ...).
/// As Apache Jena GeoSPARQL does, we also accept the common multiples under the same
/// namespace (`kilometre`, `mile`, `foot`, `squareMetre`...; both "metre" and "meter"
/// spellings) and the EPSG unit IRIs (`http://www.opengis.net/def/uom/EPSG/0/9001`).
public struct UnitOfMeasure: Hashable, Sendable, CustomStringConvertible {
    /// What the unit measures.
    public enum Kind: Hashable, Sendable {
        /// A length, `factor` metres per unit.
        case linear
        /// An angle, `factor` radians per unit.
        case angular
        /// An area, `factor` square metres per unit.
        case area
    }

    /// The IRI as the query wrote it.
    public let iri: String
    public let kind: Kind
    /// Size of one unit in metres, radians or square metres.
    public let factor: Double

    /// The unit an IRI names, or nil when it is not one we know.
    public init?(iri: String) {
        let local: Substring
        if iri.hasPrefix(GeoSPARQL.uom) {
            local = iri.dropFirst(GeoSPARQL.uom.count)
        } else if iri.hasPrefix(Self.epsgUnits) {
            guard let unit = Int(iri.dropFirst(Self.epsgUnits.count)), let known = Self.epsg[unit] else { return nil }
            (kind, factor) = known
            self.iri = iri
            return
        } else {
            return nil
        }
        var name = local.lowercased().replacing("meter", with: "metre")
        var isArea = false
        if name.hasPrefix("square") {
            name.removeFirst("square".count)
            isArea = true
        }
        if let (kind, factor) = Self.named[name] {
            self.iri = iri
            if isArea {
                guard kind == .linear else { return nil }
                self.kind = .area
                self.factor = factor * factor
            } else {
                self.kind = kind
                self.factor = factor
            }
            return
        }
        if !isArea, let factor = Self.areas[name] {
            self.iri = iri
            self.kind = .area
            self.factor = factor
            return
        }
        return nil
    }

    public var description: String { "<\(iri)>" }

    /// `uom:metre`.
    public static let metreIRI = GeoSPARQL.uom + "metre"

    private static let epsgUnits = "http://www.opengis.net/def/uom/EPSG/0/"

    private static let named: [String: (Kind, Double)] = [
        "metre": (.linear, 1), "metres": (.linear, 1), "m": (.linear, 1),
        "kilometre": (.linear, 1000), "km": (.linear, 1000),
        "centimetre": (.linear, 0.01), "millimetre": (.linear, 0.001),
        "mile": (.linear, 1609.344), "statutemile": (.linear, 1609.344), "internationalmile": (.linear, 1609.344),
        "nauticalmile": (.linear, 1852),
        "foot": (.linear, 0.3048), "internationalfoot": (.linear, 0.3048), "ussurveyfoot": (.linear, 1200.0 / 3937.0),
        "yard": (.linear, 0.9144), "inch": (.linear, 0.0254),
        "degree": (.angular, Double.pi / 180), "radian": (.angular, 1),
        "arcminute": (.angular, Double.pi / 10_800), "arcsecond": (.angular, Double.pi / 648_000),
    ]

    private static let areas: [String: Double] = ["hectare": 10_000, "acre": 4_046.8564224]

    private static let epsg: [Int: (Kind, Double)] = [
        9001: (.linear, 1), 9002: (.linear, 0.3048), 9003: (.linear, 1200.0 / 3937.0), 9030: (.linear, 1852),
        9036: (.linear, 1000), 9093: (.linear, 1609.344), 9101: (.angular, 1), 9102: (.angular, Double.pi / 180),
    ]
}
