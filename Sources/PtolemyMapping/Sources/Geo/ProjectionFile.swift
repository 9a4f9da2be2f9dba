import PtolemyGeo
import Foundation

/// Identifies the CRS of a Shapefile's `.prj` (ESRI or OGC WKT 1) as an EPSG code or
/// OGC CRS84, so it can go into a WKT literal's CRS IRI.
///
/// OGC WKT usually carries `AUTHORITY["EPSG","…"]`; ESRI's often does not, so the
/// common ESRI names are recognised too: geographic WGS 84 / ETRS89 / NAD83, UTM zones
/// on WGS 84 and ETRS89, ETRS89-LAEA Europe, Web Mercator, MGI Austria Lambert. A
/// Shapefile stores longitude as X, so WGS 84 maps to CRS84 (longitude first), not
/// EPSG:4326.
enum ProjectionFile {
    /// The CRS, or nil when the text names none Ptolemy recognises.
    static func crs(fromWKT text: String) -> CRS? {
        let upper = text.uppercased()
        let isProjected = upper.hasPrefix("PROJCS") || upper.hasPrefix("PROJCRS")
        // The top-level AUTHORITY is the last one in WKT 1.
        if let code = lastAuthorityCode(upper) {
            if code == 4326 && !isProjected { return .crs84 }
            return .epsg(code)
        }
        let name = topLevelName(text).uppercased().replacingOccurrences(of: " ", with: "_")
        if !isProjected {
            if name.contains("WGS_1984") || name.contains("WGS_84") || name == "WGS84" { return .crs84 }
            if name.contains("ETRS_1989") || name.contains("ETRS89") { return .epsg(4258) }
            if name.contains("NAD_1983") || name.contains("NAD83") { return .epsg(4269) }
            return nil
        }
        if let zone = utmZone(name) {
            if name.contains("WGS_1984") || name.contains("WGS_84") { return .epsg((zone.north ? 32600 : 32700) + zone.number) }
            if name.contains("ETRS_1989") || name.contains("ETRS89"), zone.north, (28...38).contains(zone.number) { return .epsg(25800 + zone.number) }
        }
        if name.contains("LAEA") && (name.contains("ETRS") || name.contains("EUROPE")) { return .epsg(3035) }
        if name.contains("LCC") && name.contains("ETRS") && name.contains("EUROPE") { return .epsg(3034) }
        if name.contains("WEB_MERCATOR") || name.contains("PSEUDO_MERCATOR") || name.contains("PSEUDO-MERCATOR") { return .epsg(3857) }
        if name.contains("MGI") && name.contains("AUSTRIA_LAMBERT") { return .epsg(31287) }
        return nil
    }

    private static func lastAuthorityCode(_ upper: String) -> Int? {
        var result: Int?
        var search = upper[...]
        while let r = search.range(of: "AUTHORITY[") ?? search.range(of: "ID[") {
            let rest = search[r.upperBound...]
            if let close = rest.firstIndex(of: "]") {
                let parts = rest[..<close].split(separator: ",").map { String($0).trimmed(of: " \"") }
                if parts.count >= 2, parts[0] == "EPSG", let code = Int(parts[1]) { result = code }
            }
            search = rest
        }
        // Only a trailing authority names the whole CRS.
        guard let code = result, let last = upper.range(of: "AUTHORITY[", options: .backwards) ?? upper.range(of: "ID[", options: .backwards) else { return nil }
        let tail = upper[last.upperBound...]
        let closing = tail.filter { $0 == "]" }.count
        return closing <= 2 ? code : nil
    }

    private static func topLevelName(_ text: String) -> String {
        guard let open = text.firstIndex(of: "["), let q1 = text[open...].firstIndex(of: "\"") else { return "" }
        let rest = text[text.index(after: q1)...]
        guard let q2 = rest.firstIndex(of: "\"") else { return "" }
        return String(rest[..<q2])
    }

    private static func utmZone(_ name: String) -> (number: Int, north: Bool)? {
        guard let r = name.range(of: "UTM_ZONE_") else { return nil }
        let rest = name[r.upperBound...]
        let digits = rest.prefix { $0.isNumber }
        guard let n = Int(digits), (1...60).contains(n) else { return nil }
        let hemisphere = rest.dropFirst(digits.count).first
        return (n, hemisphere != "S")
    }
}

extension String {
    func trimmed(of set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
