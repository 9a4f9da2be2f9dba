import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A SPARQL 1.1 Protocol request (https://www.w3.org/TR/sparql11-protocol/), whichever of
/// the three ways it came: GET with `query=`, POST of a form (`query=` or `update=`), or
/// POST of the text itself (`application/sparql-query`, `application/sparql-update`).
struct SPARQLRequest: Sendable {
    enum Operation: Sendable, Equatable {
        case query(String)
        case update(String)
        /// No operation: the endpoint URL itself, answered with the service description.
        case serviceDescription
    }

    /// How the operation was sent (for logs and metrics).
    enum Transport: String, Sendable {
        case get, form, direct
    }

    var operation: Operation
    var transport: Transport
    /// Every parameter: the URL's, then a form body's.
    var parameters: FormParameters

    var defaultGraphs: [String] { parameters.all("default-graph-uri") }
    var namedGraphs: [String] { parameters.all("named-graph-uri") }
    var usingGraphs: [String] { parameters.all("using-graph-uri") }
    var usingNamedGraphs: [String] { parameters.all("using-named-graph-uri") }
    /// The `format` (or `output`) parameter, which overrides `Accept`.
    var format: String? { parameters.first("format") ?? parameters.first("output") }
    /// Whether the client asked for the plan (`explain=true`).
    var explain: Bool {
        guard let value = parameters.first("explain")?.lowercased() else { return false }
        return value.isEmpty || value == "true" || value == "1" || value == "yes"
    }

    /// The `timeout` parameter in seconds (Virtuoso and others take milliseconds when the
    /// value ends in `ms`).
    func timeout() throws(ProtocolError) -> Double? {
        guard let text = parameters.first("timeout")?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let seconds: Double?
        if text.hasSuffix("ms") { seconds = Double(text.dropLast(2)).map { $0 / 1000 } } else { seconds = Double(text) }
        guard let seconds, seconds > 0, seconds.isFinite else {
            throw ProtocolError(.badRequest, "bad-parameter", "timeout must be a positive number of seconds (or milliseconds with 'ms'), not '\(text)'")
        }
        return seconds
    }

    /// Reads the operation from an HTTP request, enforcing the body and text limits.
    static func read(_ request: Request, limits: ServerConfiguration) async throws(ProtocolError) -> SPARQLRequest {
        let urlParameters = FormParameters(encoded: request.uri.query ?? "")
        switch request.method {
        case .get, .head:
            if urlParameters.contains("update") {
                var error = ProtocolError(.methodNotAllowed, "method", "an update must be sent with POST")
                error.headers[.allow] = "GET, POST"
                throw error
            }
            guard let query = urlParameters.first("query") else {
                return SPARQLRequest(operation: .serviceDescription, transport: .get, parameters: urlParameters)
            }
            guard query.utf8.count <= limits.maxQueryLength else {
                throw ProtocolError(.uriTooLong, "too-large",
                                    "the query is \(query.utf8.count) bytes long; the limit is \(limits.maxQueryLength) (send long queries with POST)")
            }
            return SPARQLRequest(operation: .query(query), transport: .get, parameters: urlParameters)
        case .post:
            let contentType = request.headers[.contentType]?.split(separator: ";").first
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            switch contentType {
            case "application/x-www-form-urlencoded":
                let body = try await collectBody(request, limit: limits.maxBodyBytes)
                let form = FormParameters(encoded: String(decoding: body.readableBytesView, as: UTF8.self))
                let parameters = urlParameters.merged(with: form)
                let query = form.first("query"), update = form.first("update")
                if query != nil && update != nil {
                    throw ProtocolError(.badRequest, "bad-request", "a request holds either query= or update=, not both")
                }
                if let text = query ?? update {
                    try checkLength(text, limits: limits, what: query != nil ? "query" : "update")
                    return SPARQLRequest(operation: query != nil ? .query(text) : .update(text), transport: .form, parameters: parameters)
                }
                throw ProtocolError(.badRequest, "bad-request", "the form holds neither query= nor update=")
            case "application/sparql-query", "application/sparql-update":
                let isQuery = contentType == "application/sparql-query"
                let body = try await collectBody(request, limit: min(limits.maxBodyBytes, limits.maxQueryLength),
                                                 tooLargeMessage: "the \(isQuery ? "query" : "update") is longer than the server's limit of \(min(limits.maxBodyBytes, limits.maxQueryLength)) bytes")
                let text = String(decoding: body.readableBytesView, as: UTF8.self)
                return SPARQLRequest(operation: isQuery ? .query(text) : .update(text), transport: .direct, parameters: urlParameters)
            default:
                throw ProtocolError(.unsupportedMediaType, "unsupported-media-type",
                                    "POST to the SPARQL endpoint takes application/x-www-form-urlencoded, application/sparql-query or application/sparql-update, not '\(contentType)'")
            }
        default:
            var error = ProtocolError(.methodNotAllowed, "method", "the SPARQL endpoint answers GET and POST")
            error.headers[.allow] = "GET, POST"
            throw error
        }
    }

    static func checkLength(_ text: String, limits: ServerConfiguration, what: String) throws(ProtocolError) {
        guard text.utf8.count <= limits.maxQueryLength else {
            throw ProtocolError(.contentTooLarge, "too-large",
                                "the \(what) is \(text.utf8.count) bytes long; the server's limit is \(limits.maxQueryLength)")
        }
    }

    /// The whole body, refused with 413 when longer than `limit` (by its Content-Length
    /// before reading anything, or as it arrives).
    static func collectBody(_ request: Request, limit: Int, tooLargeMessage: String? = nil) async throws(ProtocolError) -> ByteBuffer {
        let message = tooLargeMessage ?? "the request body is larger than the server's limit of \(limit) bytes"
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw ProtocolError(.contentTooLarge, "too-large", message)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ProtocolError(.contentTooLarge, "too-large", message)
        } catch {
            throw ProtocolError(.badRequest, "bad-request", "cannot read the request body: \(error)")
        }
    }
}
