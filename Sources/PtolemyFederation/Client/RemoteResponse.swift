import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PtolemyEngine
import PtolemyRDF
import PtolemyRDFIO

/// The answer of one SERVICE request, read as it streams in (``ServiceResponse``).
///
/// Every failure becomes a ``QueryEvaluationError/service(endpoint:message:)`` that names
/// the endpoint and says what went wrong: no connection, a time limit, an HTTP status with
/// the first bytes of the endpoint's answer, a refused redirect, a malformed answer with
/// its line and column.
final class RemoteResponse: ServiceResponse {
    let handler: HTTPServiceHandler
    let request: ServiceRequest
    let control: QueryControl
    private var url: URL
    private var task: HTTPClient.Task<Void>
    private var stream: ResponseStream
    private var method: HTTPMethod
    private var reader: SolutionsReader?
    private var names: [String]?
    private var redirects = 0
    private var solutions = 0
    private var status: Int?
    private var reported = false
    private let started = ContinuousClock.now

    init(handler: HTTPServiceHandler, request: ServiceRequest, url: URL, control: QueryControl) throws {
        self.handler = handler
        self.request = request
        self.control = control
        self.url = url
        do {
            (task, stream, method) = try handler.send(request.query, to: url, method: nil, control: control)
        } catch {
            throw QueryEvaluationError.service(endpoint: request.endpoint, message: "cannot send the request: \(error)")
        }
    }

    deinit {
        task.cancel()
        finish(error: nil)
    }

    var bytesReceived: Int { stream.bytesReceived }

    func cancel() { task.cancel() }

    func variables() throws -> [String] {
        if let names { return names }
        do {
            let names = try readHead()
            self.names = names
            return names
        } catch {
            throw failed(error)
        }
    }

    func next() throws -> [Term?]? {
        guard names != nil, let reader else { return nil }
        do {
            guard let solution = try reader.next() else {
                finish(error: nil)
                return nil
            }
            solutions += 1
            if solutions > handler.policy.maxResponseRows {
                task.cancel()
                throw QueryEvaluationError.service(endpoint: request.endpoint,
                                                   message: "the answer exceeds the limit of \(handler.policy.maxResponseRows) solutions")
            }
            return solution
        } catch {
            throw failed(error)
        }
    }

    // MARK: - head, redirects, statuses

    private func readHead() throws -> [String] {
        while true {
            let head = try stream.waitForHead(control: control) { [task] in task.cancel() }
            let code = Int(head.status.code)
            status = code
            switch code {
            case 200..<300:
                let type = head.headers.first(name: "Content-Type") ?? ""
                guard let format = SolutionsReader.format(forContentType: type) else {
                    let snippet = bodyPrefix()
                    throw RemoteFailure("answered with the media type '\(type)', which is not a SPARQL results format" + snippet)
                }
                let body = ResponseBody(stream: stream, control: control) { [task] in task.cancel() }
                let reader = try SolutionsReader(format: format, source: body, origin: "<\(request.endpoint)>")
                self.reader = reader
                switch try reader.readHead() {
                case .variables(let names): return names
                case .boolean: throw RemoteFailure("answered a boolean (ASK) result to a SELECT query")
                }
            case 301, 302, 303, 307, 308:
                try follow(head, code: code)
            case 413, 414:
                handler.learnTooLong(url, bytes: request.query.utf8.count)
                task.cancel()
                throw ServiceRequestTooLong(endpoint: request.endpoint, bytes: request.query.utf8.count)
            default:
                throw RemoteFailure("HTTP \(code) \(head.status.reasonPhrase)" + bodyPrefix())
            }
        }
    }

    private func follow(_ head: HTTPResponseHead, code: Int) throws {
        task.cancel()
        redirects += 1
        guard let location = head.headers.first(name: "Location"), let target = URL(string: location, relativeTo: url)?.absoluteURL else {
            throw RemoteFailure("HTTP \(code) without a usable Location header")
        }
        guard redirects <= handler.policy.maxRedirects else {
            throw RemoteFailure("more than \(handler.policy.maxRedirects) redirects (the last to \(target.absoluteString))")
        }
        guard handler.policy.admitsRedirect(to: target) else {
            throw RemoteFailure("redirected to \(target.absoluteString), which is not on the allowlist")
        }
        // 303 (and, as browsers do, 301/302) turn into GET; 307 and 308 keep the method.
        let method: HTTPMethod? = (code == 307 || code == 308) ? self.method : nil
        // The target carries no query of its own when redirected from a GET that had one.
        var plain = target
        if self.method == .GET, var components = URLComponents(url: target, resolvingAgainstBaseURL: false) {
            components.queryItems = components.queryItems?.filter { $0.name != "query" }
            if components.queryItems?.isEmpty == true { components.queryItems = nil }
            plain = components.url ?? target
        }
        url = plain
        (task, stream, self.method) = try handler.send(request.query, to: plain, method: method, control: control)
    }

    /// ": <the first bytes of the body>", for error messages.
    private func bodyPrefix() -> String {
        let bytes = stream.prefix(300, control: control) { [task] in task.cancel() }
        task.cancel()
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? "" : ": " + text
    }

    // MARK: - failures

    /// The error to throw for `error`, reported once.
    private func failed(_ error: any Error) -> any Error {
        let converted: any Error
        switch error {
        case is QueryEvaluationError, is ServiceRequestTooLong:
            converted = error
        case let e as RemoteFailure:
            converted = QueryEvaluationError.service(endpoint: request.endpoint, message: e.message + calledAt)
        case let e as ResultsParseError:
            converted = QueryEvaluationError.service(endpoint: request.endpoint, message: "malformed answer: \(e)" + calledAt)
        case let e as ResponseTooLarge:
            converted = QueryEvaluationError.service(endpoint: request.endpoint, message: e.description)
        case let e as HTTPClientError where e == .deadlineExceeded:
            converted = QueryEvaluationError.service(endpoint: request.endpoint,
                                                     message: "no complete answer within the request's time limit" + calledAt)
        default:
            converted = QueryEvaluationError.service(endpoint: request.endpoint, message: Self.describe(error) + calledAt)
        }
        task.cancel()
        finish(error: "\(converted)")
        return converted
    }

    private var calledAt: String {
        url.absoluteString == request.endpoint ? "" : " (called at \(url.absoluteString))"
    }

    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "no connection within 10 s" }
        if text.contains("remoteConnectionClosed") { return "the endpoint closed the connection before the answer was complete" }
        return "cannot get an answer: \(text)"
    }

    private func finish(error: String?) {
        guard !reported else { return }
        reported = true
        handler.report(ServiceRequestRecord(endpoint: request.endpoint, status: status, error: error,
                                            seconds: Double((ContinuousClock.now - started).components.attoseconds) / 1e18
                                                + Double((ContinuousClock.now - started).components.seconds),
                                            bytes: stream.bytesReceived, solutions: solutions))
    }
}

/// A failure described in words, turned into a SERVICE error naming the endpoint.
struct RemoteFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
