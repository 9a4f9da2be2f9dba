import Foundation
import HTTPTypes
import Hummingbird

/// Who may change the store: every write (SPARQL Update, LOAD, Graph Store PUT, POST,
/// DELETE) is checked here before its body is even read.
///
/// - A read-only server refuses all writes (403).
/// - A valid `Authorization: Bearer <token>` from the configured token file allows it.
/// - Without a token, a server started with `--local-only-writes` allows writes from
///   loopback clients; others get 401 (with `WWW-Authenticate`) when tokens exist, and
///   403 when the server has no way to authorise writes at all.
/// - A wrong token is 403.
struct WriteAuthorization: Sendable {
    let tokens: [String]
    let localOnlyWrites: Bool
    let readOnly: Bool

    init(configuration: ServerConfiguration) {
        tokens = configuration.writeTokens
        localOnlyWrites = configuration.localOnlyWrites
        readOnly = configuration.readOnly
    }

    func check(_ request: Request, context: EndpointRequestContext) throws(ProtocolError) {
        if readOnly { throw ProtocolError(.forbidden, "read-only", "this server is read-only") }
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw challenge("writes need 'Authorization: Bearer <token>'")
            }
            let presented = parts[1].trimmingCharacters(in: .whitespaces)
            if tokens.contains(where: { Self.constantTimeEqual($0, presented) }) { return }
            throw ProtocolError(.forbidden, "forbidden", "the bearer token does not allow writes")
        }
        if localOnlyWrites && context.isLoopbackClient { return }
        if tokens.isEmpty {
            throw ProtocolError(.forbidden, "writes-disabled",
                                localOnlyWrites ? "writes are accepted from this machine only (the server runs with --local-only-writes)"
                                    : "writes are disabled: start the server with --write-token-file FILE (or --local-only-writes)")
        }
        throw challenge("writes need a bearer token (Authorization: Bearer <token>)")
    }

    private func challenge(_ message: String) -> ProtocolError {
        var error = ProtocolError(.unauthorized, "unauthorized", message)
        error.headers[.wwwAuthenticate] = "Bearer realm=\"ptolemy\""
        return error
    }

    /// Compares without stopping at the first difference, so response times do not leak
    /// how much of a token was right.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0 && x.count == y.count
    }
}
