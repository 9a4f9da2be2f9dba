import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import PtolemyEngine
import PtolemyRDFIO
import PtolemySPARQL
import Synchronization

/// What happened to one request, reported to a ``FederationObserver`` (metrics, logs).
public struct ServiceRequestRecord: Sendable {
    /// The endpoint as the query named it.
    public var endpoint: String
    /// The HTTP status, when an answer came.
    public var status: Int?
    /// Why it failed (nil: it succeeded).
    public var error: String?
    public var seconds: Double
    public var bytes: Int
    public var solutions: Int
}

/// Receives a record of every request the federation layer makes.
public protocol FederationObserver: Sendable {
    func requestFinished(_ record: ServiceRequestRecord)
}

/// SERVICE over HTTP: the SPARQL 1.1 Protocol client of the engine.
///
/// Queries go by GET while the URL stays short (cacheable, and what every endpoint
/// accepts), by POST of `application/sparql-query` beyond; answers are asked for as SPARQL
/// JSON first, then XML, then TSV, with gzip, and are read as streams. Connections are kept
/// alive and pooled by the HTTP client (one per process). Redirects are followed by hand,
/// so that every target passes the allowlist. A request's time limit is the policy's, cut
/// to what is left of the query's own.
public final class HTTPServiceHandler: ServiceHandler {
    public let policy: EndpointPolicy
    let observer: (any FederationObserver)?
    /// Estimates of patterns at endpoints with statistics (federation members).
    let estimator: (@Sendable (String, Algebra) -> Double?)?
    /// Query lengths endpoints refused (413, 414): later requests stay below half of them.
    private let learnedMaxQueryBytes = Mutex<[String: Int]>([:])

    /// URLs longer than this go by POST.
    static let maxGetURLBytes = 2048
    static let accept = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8"

    public init(policy: EndpointPolicy, observer: (any FederationObserver)? = nil,
                estimator: (@Sendable (String, Algebra) -> Double?)? = nil) {
        self.policy = policy
        self.observer = observer
        self.estimator = estimator
    }

    public func estimatedRows(endpoint: String, pattern: Algebra) -> Double? { estimator?(endpoint, pattern) }

    public func authorize(endpoint: String) throws {
        _ = try resolve(endpoint)
    }

    func resolve(_ endpoint: String) throws -> URL {
        do { return try policy.resolve(endpoint) } catch {
            throw QueryEvaluationError.service(endpoint: endpoint, message: "refused: \(error.reason)")
        }
    }

    public func limits(for endpoint: String) -> ServiceLimits {
        guard let url = try? policy.resolve(endpoint) else { return ServiceLimits() }
        let configured = policy.limits(for: url)
        var maxBytes = configured.maxQueryBytes
        if let learned = learnedMaxQueryBytes.withLock({ $0[url.absoluteString] }) { maxBytes = min(maxBytes, learned) }
        return ServiceLimits(bindingsPerRequest: configured.bindingsPerRequest, concurrentRequests: configured.concurrentRequests,
                             maxQueryBytes: maxBytes)
    }

    func learnTooLong(_ url: URL, bytes: Int) {
        learnedMaxQueryBytes.withLock { known in
            known[url.absoluteString] = min(known[url.absoluteString] ?? Int.max, max(1024, bytes / 2))
        }
    }

    public func start(_ request: ServiceRequest, control: QueryControl) throws -> any ServiceResponse {
        let url = try resolve(request.endpoint)
        try control.check()
        return try RemoteResponse(handler: self, request: request, url: url, control: control)
    }

    /// Sends `query` to `url` and returns the task with the stream its answer fills.
    func send(_ query: String, to url: URL, method: HTTPMethod?, control: QueryControl)
        throws -> (task: HTTPClient.Task<Void>, stream: ResponseStream, method: HTTPMethod) {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: Self.accept)
        // Compression pays on a network, not on this machine's loopback (where a member
        // would spend more time compressing than the bytes take to move).
        if !Self.isLoopback(url) { headers.add(name: "Accept-Encoding", value: "gzip, deflate") }
        headers.add(name: "User-Agent", value: "Ptolemy (SPARQL federation)")
        let encoded = Self.formEncode(query)
        let base = url.absoluteString
        let getURL = base + (url.query == nil ? "?" : "&") + "query=" + encoded
        let chosen = method ?? (getURL.utf8.count <= Self.maxGetURLBytes ? .GET : .POST)
        let request: HTTPClient.Request
        if chosen == .GET {
            request = try HTTPClient.Request(url: getURL, method: .GET, headers: headers)
        } else {
            headers.add(name: "Content-Type", value: "application/sparql-query; charset=utf-8")
            request = try HTTPClient.Request(url: base, method: .POST, headers: headers, body: .string(query))
        }
        var timeout = policy.requestTimeout
        if let deadline = control.deadline {
            let left = ContinuousClock.now.duration(to: deadline)
            timeout = min(timeout, max(0.001, Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18))
        }
        let stream = ResponseStream(maxBytes: policy.maxResponseBytes)
        let task = FederationHTTPClient.shared.execute(request: request, delegate: stream,
                                                      deadline: .now() + .milliseconds(Int64(timeout * 1000)))
        return (task, stream, chosen)
    }

    func report(_ record: ServiceRequestRecord) { observer?.requestFinished(record) }

    static func isLoopback(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased() else { return false }
        return host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    /// `application/x-www-form-urlencoded` value encoding: everything but the unreserved
    /// characters percent-encoded.
    static func formEncode(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The one HTTP client of the process: its connection pool is shared by every query.
/// Redirects are not followed by the client (the handler checks each target), answers are
/// decompressed with a ratio limit against compression bombs.
enum FederationHTTPClient {
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(10), read: .seconds(600)),
            decompression: .enabled(limit: .ratio(200)))
        configuration.connectionPool.idleTimeout = .seconds(60)
        // A refused connection fails the request at once (retries would wait out the connect timeout).
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
