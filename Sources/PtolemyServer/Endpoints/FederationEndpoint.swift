import Foundation
import HTTPTypes
import Hummingbird
import PtolemyFederation

/// `GET /federation`: the members of the transparent federation with what their
/// harvested statistics say (when, how many triples, predicates and classes, the
/// geometry extents, the GeoSPARQL functions they evaluate, what could not be
/// harvested), and the SERVICE allowlist. `?detail=true` adds every predicate's and
/// class's counts.
struct FederationEndpoint: Sendable {
    let federation: Federation?
    let policy: HTTPServiceHandler?

    func respond(_ request: Request) -> Response {
        let detail = request.uri.queryParameters["detail"].map { $0 == "true" || $0 == "1" } ?? false
        let report: [String: Any] = federation?.report(detail: detail)
            ?? ["members": [], "allowlist": (policy?.policy.allowed ?? []).map(\.description)]
        let data = (try? JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        let bytes = Array(data) + [UInt8(ascii: "\n")]
        return Response(status: .ok,
                         headers: [.contentType: "application/json", .contentLength: String(bytes.count), .cacheControl: "no-store"],
                         body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
