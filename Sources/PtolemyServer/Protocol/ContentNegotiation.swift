import Foundation
import PtolemyRDFIO

/// One entry of an `Accept` header: `type/subtype;q=0.8`.
struct MediaRange: Equatable {
    var type: String
    var subtype: String
    var quality: Double

    /// How specific the range is: exact type 2, `type/*` 1, `*/*` 0.
    var specificity: Int { type == "*" ? 0 : subtype == "*" ? 1 : 2 }

    func matches(_ mediaType: String) -> Bool {
        let parts = mediaType.split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return false }
        return (type == "*" || type == parts[0]) && (subtype == "*" || subtype == parts[1])
    }

    /// Parses an `Accept` header (RFC 9110 section 12.5.1); entries that do not parse are skipped.
    static func parse(accept header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { entry in
            let pieces = entry.split(separator: ";")
            guard let first = pieces.first else { return nil }
            let mediaType = first.trimmingCharacters(in: .whitespaces).lowercased()
            let typeParts = mediaType.split(separator: "/", maxSplits: 1)
            guard typeParts.count == 2, !typeParts[0].isEmpty, !typeParts[1].isEmpty else { return nil }
            var quality = 1.0
            for parameter in pieces.dropFirst() {
                let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, kv[0].lowercased() == "q", let q = Double(kv[1]) { quality = min(max(q, 0), 1) }
            }
            return MediaRange(type: String(typeParts[0]), subtype: String(typeParts[1]), quality: quality)
        }
    }
}

/// What a response can be written as, and the media types each is known by.
struct Offer<Value: Sendable>: Sendable {
    var value: Value
    /// The media types, the registered one first (it is what the response says it is).
    var mediaTypes: [String]
}

/// Content negotiation (RFC 9110 section 12): picks the offer the client rates highest;
/// ties go to the server's order. A missing or empty `Accept` takes the first offer.
enum ContentNegotiation {
    /// - Returns: the chosen value and its media type, or nil when the client accepts
    ///   none of the offers (answered with 406).
    static func choose<Value: Sendable>(accept: String?, offers: [Offer<Value>]) -> (value: Value, mediaType: String)? {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else {
            return offers.first.map { ($0.value, $0.mediaTypes[0]) }
        }
        let ranges = MediaRange.parse(accept: accept)
        if ranges.isEmpty { return offers.first.map { ($0.value, $0.mediaTypes[0]) } }
        var best: (value: Value, mediaType: String, quality: Double)?
        for offer in offers {
            for mediaType in offer.mediaTypes {
                // The most specific range that matches decides the quality of this type.
                let matching = ranges.filter { $0.matches(mediaType) }
                guard let decisive = matching.max(by: { $0.specificity < $1.specificity }), decisive.quality > 0 else { continue }
                if best == nil || decisive.quality > best!.quality {
                    best = (offer.value, offer.mediaTypes[0], decisive.quality)
                }
            }
        }
        return best.map { ($0.value, $0.mediaType) }
    }

    /// The formats of SELECT and ASK results.
    static let resultOffers: [Offer<ResultsFormat>] = [
        Offer(value: .json, mediaTypes: ["application/sparql-results+json", "application/json"]),
        Offer(value: .xml, mediaTypes: ["application/sparql-results+xml", "application/xml", "text/xml"]),
        Offer(value: .csv, mediaTypes: ["text/csv"]),
        Offer(value: .tsv, mediaTypes: ["text/tab-separated-values"]),
    ]

    /// The formats of graphs (CONSTRUCT, DESCRIBE, Graph Store GET, service description).
    static let graphOffers: [Offer<RDFFormat>] = [
        Offer(value: .turtle, mediaTypes: ["text/turtle", "application/x-turtle"]),
        Offer(value: .ntriples, mediaTypes: ["application/n-triples", "text/plain"]),
        Offer(value: .rdfxml, mediaTypes: ["application/rdf+xml", "application/xml", "text/xml"]),
        Offer(value: .nquads, mediaTypes: ["application/n-quads"]),
        Offer(value: .trig, mediaTypes: ["application/trig"]),
    ]

    /// Short names accepted by the `format` (or `output`) request parameter, which
    /// overrides `Accept` for clients that cannot set headers (links, the web UI).
    static func resultFormat(named name: String) -> ResultsFormat? {
        switch name.lowercased() {
        case "json", "srj": return .json
        case "xml", "srx": return .xml
        case "csv": return .csv
        case "tsv": return .tsv
        default: return resultOffers.first { $0.mediaTypes.contains(name.lowercased()) }?.value
        }
    }

    static func graphFormat(named name: String) -> RDFFormat? {
        switch name.lowercased() {
        case "turtle", "ttl": return .turtle
        case "ntriples", "n-triples", "nt": return .ntriples
        case "rdfxml", "rdf/xml", "rdf", "xml": return .rdfxml
        case "nquads", "n-quads", "nq": return .nquads
        case "trig": return .trig
        default: return graphOffers.first { $0.mediaTypes.contains(name.lowercased()) }?.value
        }
    }

    /// The RDF syntax of a request body by its `Content-Type` (parameters ignored).
    static func bodyFormat(contentType: String) -> RDFFormat? {
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch mediaType {
        case "text/turtle", "application/x-turtle": return .turtle
        case "application/n-triples", "text/plain": return .ntriples
        case "application/n-quads", "text/x-nquads": return .nquads
        case "application/trig": return .trig
        case "application/rdf+xml", "application/xml", "text/xml": return .rdfxml
        default: return nil
        }
    }
}
