import Foundation

/// Which remote endpoints may be called, under which names, and how.
///
/// The server must never become an open proxy: a SERVICE IRI is called only when it is a
/// configured member, an alias the operator set up, or under an allowlist entry. Entries
/// match by scheme, host and port exactly and by path prefix at a segment boundary, so
/// `http://example.org/sparql` allows `http://example.org/sparql/ds1` but neither
/// `http://example.org.evil.test/sparql` nor `http://example.org/sparqlx`.
public struct EndpointPolicy: Sendable {
    /// Allowlist entries (`--service-allow`).
    public private(set) var allowed: [AllowedEndpoint] = []
    /// Endpoint IRIs as queries name them → the URLs actually called (`--service-alias`).
    /// An alias is allowed by being configured.
    public private(set) var aliases: [String: String] = [:]
    /// The longest a request may take (capped by the query's own deadline), in seconds.
    public var requestTimeout: Double = 300
    /// The most bytes one answer may have, after decompression.
    public var maxResponseBytes: Int = 1 << 30
    /// The most solutions one answer may have.
    public var maxResponseRows: Int = 50_000_000
    /// Redirects followed per request (each target checked against the allowlist too).
    public var maxRedirects = 3
    /// What bind joins start from for endpoints without limits of their own.
    public var defaultLimits = EndpointLimits()
    /// Limits of particular endpoints (by the URL called).
    public var endpointLimits: [String: EndpointLimits] = [:]

    public init() {}

    /// Adds an allowlist entry.
    /// - Throws: ``FederationConfigurationError`` for anything but an absolute http(s) URL.
    public mutating func allow(_ prefix: String) throws {
        allowed.append(try AllowedEndpoint(prefix))
    }

    /// Routes SERVICE calls naming `iri` to `url` (which must be http or https).
    public mutating func alias(_ iri: String, to url: String) throws {
        _ = try AllowedEndpoint(url)
        aliases[iri] = url
    }

    /// The URL to call for `endpoint`, or a refusal naming it.
    public func resolve(_ endpoint: String) throws(EndpointRefusal) -> URL {
        let target = aliases[endpoint] ?? endpoint
        guard let url = URL(string: target), let scheme = url.scheme?.lowercased() else {
            throw EndpointRefusal(endpoint: endpoint, reason: "not an absolute URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw EndpointRefusal(endpoint: endpoint, reason: "only http and https endpoints can be called, not \(scheme):")
        }
        guard url.host?.isEmpty == false else { throw EndpointRefusal(endpoint: endpoint, reason: "the URL has no host") }
        guard url.user == nil && url.password == nil else {
            throw EndpointRefusal(endpoint: endpoint, reason: "credentials in endpoint URLs are refused")
        }
        if aliases[endpoint] != nil || allowed.contains(where: { $0.admits(url) }) { return url }
        throw EndpointRefusal(endpoint: endpoint,
                              reason: "not on the allowlist (allow it with --service-allow, the service-allow configuration key, or make it a federation member)")
    }

    /// Whether a redirect target may be followed.
    func admitsRedirect(to url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.user == nil else { return false }
        return allowed.contains { $0.admits(url) } || aliases.values.contains { URL(string: $0).map { AllowedEndpoint.same(url, $0) } ?? false }
    }

    /// The limits bind joins to `url` start from.
    func limits(for url: URL) -> EndpointLimits {
        endpointLimits[url.absoluteString] ?? defaultLimits
    }
}

/// How requests to one endpoint are shaped.
public struct EndpointLimits: Sendable, Equatable {
    /// Bindings per bind-join request (VALUES rows).
    public var bindingsPerRequest = 200
    /// Requests in flight to the endpoint from one operator.
    public var concurrentRequests = 4
    /// The longest query text to send; halved for the endpoint when it answers 413 or 414.
    public var maxQueryBytes = 256 << 10

    public init(bindingsPerRequest: Int = 200, concurrentRequests: Int = 4, maxQueryBytes: Int = 256 << 10) {
        self.bindingsPerRequest = bindingsPerRequest
        self.concurrentRequests = concurrentRequests
        self.maxQueryBytes = maxQueryBytes
    }
}

/// One allowlist entry: scheme, host, port and a path prefix.
public struct AllowedEndpoint: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int
    public let pathPrefix: String

    public init(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty else {
            throw FederationConfigurationError("'\(text)' is not an http or https URL with a host")
        }
        guard url.user == nil && url.password == nil else {
            throw FederationConfigurationError("'\(text)': credentials in endpoint URLs are refused")
        }
        self.scheme = scheme
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
        pathPrefix = url.path
    }

    public var description: String { "\(scheme)://\(host):\(port)\(pathPrefix)" }

    func admits(_ url: URL) -> Bool {
        guard url.scheme?.lowercased() == scheme, url.host?.lowercased() == host,
              (url.port ?? (scheme == "https" ? 443 : 80)) == port else { return false }
        if pathPrefix.isEmpty || pathPrefix == "/" { return true }
        let path = url.path
        if path == pathPrefix { return true }
        let boundary = pathPrefix.hasSuffix("/") ? pathPrefix : pathPrefix + "/"
        return path.hasPrefix(boundary)
    }

    static func same(_ a: URL, _ b: URL) -> Bool {
        a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && a.port == b.port && a.path == b.path
    }
}

/// A SERVICE endpoint the policy does not let us call.
public struct EndpointRefusal: Error, Sendable, CustomStringConvertible {
    public let endpoint: String
    public let reason: String
    public var description: String { "the endpoint <\(endpoint)> may not be called: \(reason)" }
}

/// A federation option that cannot be used.
public struct FederationConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
