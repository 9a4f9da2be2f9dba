import Foundation
import PtolemyFederation

/// Everything the endpoint can be told: where to listen, who may write, and the limits
/// that keep one request from taking the machine down.
///
/// Every setting has a command-line flag of `ptolemy serve` and a key of the same name
/// in the optional TOML file (see ``load(tomlFile:)``); flags win over the file.
public struct ServerConfiguration: Sendable, Equatable {
    /// The store directory `ptolemy serve` opens (created when absent).
    public var store = "ptolemy-data"
    /// Load the bundled demo data when the store is empty (`ptolemy serve --demo`).
    public var demo = false

    /// The address to listen on. The default answers only this machine.
    public var host = "127.0.0.1"
    public var port = 8080

    /// The bearer tokens that allow writes (Update, Graph Store writes), read from
    /// ``writeTokenFile`` (one a line; blank lines and `#` comments ignored).
    public var writeTokens: [String] = []
    /// Where ``writeTokens`` came from, for messages.
    public var writeTokenFile: String?
    /// Writes without a token are accepted from loopback clients: for a server used on
    /// one machine only. Remote clients still need a token.
    public var localOnlyWrites = false
    /// No writes at all; the store is opened read-only.
    public var readOnly = false

    /// The largest request body accepted (413 beyond).
    public var maxBodyBytes = 64 << 20
    /// The longest query or update text accepted, in bytes (413, or 414 in a URL).
    public var maxQueryLength = 1 << 20
    /// The most result rows (or triples) one query may return; 0 for no limit.
    public var maxResultRows = 10_000_000
    /// The time limit of a query that asks for none, in seconds.
    public var defaultTimeout: Double = 60
    /// The longest time limit a query may ask for with `timeout`, in seconds.
    public var maxTimeout: Double = 600
    /// Bytes the memory-hungry operators of one query may hold.
    public var queryMemoryBytes = 2 << 30
    /// Threads that run queries; more queries wait their turn.
    public var queryThreads = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
    /// How long a shutdown waits for running queries before cancelling them, in seconds.
    public var shutdownGrace: Double = 10

    /// Directories `LOAD <file:...>` may read from; empty refuses every LOAD.
    public var loadDirectories: [String] = []
    /// The folder of example queries (`*.rq`) the web UI offers.
    public var queriesDirectory: String? = "queries"
    /// Allowed CORS origins: `*` for any, or a list.
    public var corsOrigins: [String] = ["*"]
    /// Compress responses with gzip when the client asks for it.
    public var gzip = true
    /// swift-log level: trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"

    /// Endpoint URL prefixes SERVICE may call (`service-allow`); none: every SERVICE is
    /// refused, so the server is no proxy unless told to be one.
    public var serviceAllow: [String] = []
    /// `IRI=URL`: SERVICE <IRI> is sent to URL (`service-alias`); an alias is allowed.
    public var serviceAliases: [String] = []
    /// The longest one SERVICE request may take, in seconds (capped by the query's limit).
    public var serviceTimeout: Double = 300
    /// Members of a transparent federation (`member`, and the `[federation]` table):
    /// queries without SERVICE read their data as if it were local.
    public var federation = FederationConfiguration()

    public init() {}

    /// Reads ``writeTokens`` from `path`.
    /// - Throws: ``ConfigurationError`` when the file cannot be read or holds no token.
    public mutating func readWriteTokens(from path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(path): cannot read the write-token file")
        }
        let tokens = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !tokens.isEmpty else { throw ConfigurationError("\(path): the write-token file holds no token") }
        if let short = tokens.first(where: { $0.count < 16 }) {
            throw ConfigurationError("\(path): the token '\(short.prefix(4))…' is shorter than 16 characters; use a long random one")
        }
        writeTokens = tokens
        writeTokenFile = path
    }

    /// Checks that the settings make sense together.
    public func validate() throws {
        guard (0...65535).contains(port) else { throw ConfigurationError("port \(port) is not in 0...65535") }
        guard maxBodyBytes > 0, maxQueryLength > 0, maxResultRows >= 0 else {
            throw ConfigurationError("limits must be positive (max-result-rows may be 0 for none)")
        }
        guard defaultTimeout > 0, maxTimeout > 0 else { throw ConfigurationError("timeouts must be positive") }
        guard queryThreads > 0 else { throw ConfigurationError("query-threads must be at least 1") }
        guard federation.refreshInterval > 0, federation.harvestTimeout > 0 else {
            throw ConfigurationError("federation refresh-interval and statistics-timeout must be positive")
        }
        guard serviceTimeout > 0 else { throw ConfigurationError("service-timeout must be positive") }
        for alias in serviceAliases where !alias.contains("=") {
            throw ConfigurationError("service-alias expects IRI=URL, got '\(alias)'")
        }
        if readOnly && localOnlyWrites { throw ConfigurationError("read-only and local-only-writes contradict each other") }
    }
}

/// A configuration mistake, with the setting or file it concerns.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ message: String) { description = message }
}
