import Foundation
import TOMLKit
import PtolemyFederation

extension ServerConfiguration {
    /// The keys a configuration file may hold: the long names of `ptolemy serve`'s flags.
    public static let fileKeys = [
        "host", "port", "store", "demo", "write-token-file", "local-only-writes", "read-only",
        "max-body-bytes", "max-query-length", "max-result-rows", "default-timeout", "max-timeout",
        "query-memory-bytes", "query-threads", "shutdown-grace", "load-directories",
        "queries-directory", "cors-origins", "gzip", "log-level", "service-allow", "service-alias", "service-timeout",
        "member", "federation",
    ]

    /// Applies the settings of a TOML file on top of this configuration.
    ///
    /// Keys are the flags' long names (`port = 8080`, `load-directories = ["data"]`).
    /// Relative paths are taken from the file's folder, so a file works from anywhere.
    /// - Throws: ``ConfigurationError`` naming the file, and the line and column of a
    ///   syntax error, or the key of an unknown setting or a value of the wrong type.
    public mutating func apply(tomlFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(path): cannot read the configuration file")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw ConfigurationError("\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : folder.appendingPathComponent(p).standardizedFileURL.path }
        for key in table.keys {
            guard let value = table[key] else { continue }
            func fail(_ expected: String) -> ConfigurationError {
                ConfigurationError("\(path): '\(key)' must be \(expected)")
            }
            func string() throws -> String { guard let s = value.string else { throw fail("a string") }; return s }
            func int() throws -> Int { guard let i = value.int else { throw fail("an integer") }; return i }
            func bool() throws -> Bool { guard let b = value.bool else { throw fail("true or false") }; return b }
            func seconds() throws -> Double {
                if let d = value.double { return d }
                if let i = value.int { return Double(i) }
                throw fail("a number of seconds")
            }
            func strings() throws -> [String] {
                guard let array = value.array else { throw fail("an array of strings") }
                return try array.map { element in guard let s = element.string else { throw fail("an array of strings") }; return s }
            }
            switch key {
            case "host": host = try string()
            case "port": port = try int()
            case "store": store = resolve(try string())
            case "demo": demo = try bool()
            case "write-token-file": try readWriteTokens(from: resolve(try string()))
            case "local-only-writes": localOnlyWrites = try bool()
            case "read-only": readOnly = try bool()
            case "max-body-bytes": maxBodyBytes = try int()
            case "max-query-length": maxQueryLength = try int()
            case "max-result-rows": maxResultRows = try int()
            case "default-timeout": defaultTimeout = try seconds()
            case "max-timeout": maxTimeout = try seconds()
            case "query-memory-bytes": queryMemoryBytes = try int()
            case "query-threads": queryThreads = try int()
            case "shutdown-grace": shutdownGrace = try seconds()
            case "load-directories": loadDirectories = try strings().map(resolve)
            case "queries-directory": queriesDirectory = resolve(try string())
            case "cors-origins": corsOrigins = try strings()
            case "gzip": gzip = try bool()
            case "log-level": logLevel = try string()
            case "service-allow": serviceAllow = try strings()
            case "service-alias": serviceAliases = try strings()
            case "service-timeout": serviceTimeout = try seconds()
            case "member": federation.members += try strings().map { FederationMember(endpoint: $0) }
            case "federation":
                guard let federationTable = value.table else { throw fail("a table ([federation])") }
                try applyFederation(federationTable, file: path, resolve: resolve)
            default:
                throw ConfigurationError("\(path): unknown setting '\(key)' (known: \(Self.fileKeys.joined(separator: ", ")))")
            }
        }
    }

    /// The `[federation]` table: `members = ["URL", …]`, `refresh-interval`,
    /// `statistics-timeout`, `statistics-cache`, and `[[federation.member]]` tables with
    /// `url` and the member's own `bindings-per-request`, `concurrent-requests` and
    /// `max-query-bytes`.
    mutating func applyFederation(_ table: TOMLTable, file path: String, resolve: (String) -> String) throws {
        for key in table.keys {
            guard let value = table[key] else { continue }
            func fail(_ expected: String) -> ConfigurationError { ConfigurationError("\(path): 'federation.\(key)' must be \(expected)") }
            func seconds() throws -> Double {
                if let d = value.double { return d }
                if let i = value.int { return Double(i) }
                throw fail("a number of seconds")
            }
            switch key {
            case "members":
                guard let array = value.array else { throw fail("an array of endpoint URLs") }
                for element in array {
                    guard let url = element.string else { throw fail("an array of endpoint URLs") }
                    federation.members.append(FederationMember(endpoint: url))
                }
            case "member":
                guard let array = value.array else { throw fail("an array of tables ([[federation.member]])") }
                for element in array {
                    guard let member = element.table else { throw fail("an array of tables ([[federation.member]])") }
                    federation.members.append(try Self.member(member, file: path))
                }
            case "refresh-interval": federation.refreshInterval = try seconds()
            case "statistics-timeout": federation.harvestTimeout = try seconds()
            case "statistics-cache":
                guard let file = value.string else { throw fail("a file name") }
                federation.cacheFile = resolve(file)
            default:
                throw ConfigurationError("\(path): unknown setting 'federation.\(key)' (known: members, member, refresh-interval, statistics-timeout, statistics-cache)")
            }
        }
    }

    static func member(_ table: TOMLTable, file path: String) throws -> FederationMember {
        guard let url = table["url"]?.string else { throw ConfigurationError("\(path): a [[federation.member]] needs url = \"…\"") }
        var member = FederationMember(endpoint: url)
        for key in table.keys where key != "url" {
            guard let n = table[key]?.int, n > 0 else {
                throw ConfigurationError("\(path): 'federation.member.\(key)' of <\(url)> must be a positive integer")
            }
            switch key {
            case "bindings-per-request": member.limits.bindingsPerRequest = n
            case "concurrent-requests": member.limits.concurrentRequests = n
            case "max-query-bytes": member.limits.maxQueryBytes = n
            default:
                throw ConfigurationError("\(path): unknown setting 'federation.member.\(key)' (known: url, bindings-per-request, concurrent-requests, max-query-bytes)")
            }
        }
        return member
    }
}
