import Foundation
import HTTPTypes
import Hummingbird
import PtolemyRDFIO
import PtolemySPARQL
import PtolemyStorage
import PtolemyEngine

/// A request the endpoint answers with an error: the HTTP status and a JSON body
/// (`{"error": kind, "message": …, "status": …}`, with `line` and `column` when the
/// error has a place in the request's text).
struct ProtocolError: Error, Sendable {
    var status: HTTPResponse.Status
    /// A short machine-readable name: `syntax`, `not-acceptable`, `too-large`, …
    var kind: String
    var message: String
    var line: Int?
    var column: Int?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ kind: String, _ message: String, line: Int? = nil, column: Int? = nil) {
        self.status = status
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    private struct Body: Encodable {
        let error: String
        let message: String
        let status: Int
        let line: Int?
        let column: Int?
    }

    /// The JSON document of the error.
    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(error: kind, message: message, status: status.code, line: line, column: column)
        // Encoding strings and integers cannot fail.
        return Array((try? encoder.encode(body)) ?? Data()) + [UInt8(ascii: "\n")]
    }

    func response(includeBody: Bool = true) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let bytes = json
        fields[.contentLength] = String(bytes.count)
        return Response(status: status, headers: fields,
                        body: includeBody ? ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)) : ResponseBody())
    }

    // MARK: - from the layers' errors

    static func syntax(_ error: SPARQLSyntaxError, what: String) -> ProtocolError {
        ProtocolError(.badRequest, "syntax", "\(what) syntax error at line \(error.line), column \(error.column): \(error.message)",
                      line: error.line, column: error.column)
    }

    /// The answer to a failure while a query or update ran.
    static func evaluation(_ error: any Error) -> ProtocolError {
        switch error {
        case let e as ProtocolError:
            return e
        case let e as QueryEvaluationError:
            switch e {
            case .timeout: return ProtocolError(.serviceUnavailable, "timeout", e.description)
            case .cancelled: return ProtocolError(.serviceUnavailable, "cancelled", e.description)
            case .resultTooLarge(let limit):
                return ProtocolError(.init(code: 422), "result-too-large",
                                     "the result exceeds the server's limit of \(limit) rows; add LIMIT or a more selective pattern")
            case .memoryLimitExceeded: return ProtocolError(.init(code: 422), "memory-limit", e.description)
            case .unsupported: return ProtocolError(.notImplemented, "unsupported", e.description)
            case .service: return ProtocolError(.badGateway, "service", e.description)
            case .storage: return ProtocolError(.internalServerError, "storage", e.description)
            case .other: return ProtocolError(.badRequest, "evaluation", e.description)
            }
        case let e as StorageError:
            if case .refused(let message) = e { return ProtocolError(.badRequest, "refused", message) }
            return ProtocolError(.internalServerError, "storage", "\(e)")
        case let e as RDFParseError:
            return ProtocolError(.badRequest, "syntax", "\(e)", line: e.line, column: e.column)
        case let e as SPARQLSyntaxError:
            return syntax(e, what: "SPARQL")
        default:
            return ProtocolError(.internalServerError, "internal", "\(error)")
        }
    }
}
