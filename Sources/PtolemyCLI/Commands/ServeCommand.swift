import ArgumentParser
import Foundation
import Logging
import PtolemyStorage
import PtolemyServer
import PtolemyFederation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the SPARQL endpoint: /sparql, /store, /metrics, /health and the web UI at /.",
        discussion: """
        Every option can also be set in a TOML file given with --config, under the option's \
        long name (port = 8080, load-directories = ["data"]); options on the command line win. \
        Writes (SPARQL Update, Graph Store PUT/POST/DELETE) need a bearer token from \
        --write-token-file, or come from this machine with --local-only-writes.
        """)

    @Option(name: .long, help: "A TOML configuration file.")
    var config: String?

    @Option(name: .long, help: "The store directory (created when absent; default ptolemy-data).")
    var store: String?

    @Flag(name: .long, help: "Load the bundled demo data (ontologies/*.ttl, data/demo/*.ttl) when the store is empty.")
    var demo = false

    @Option(name: .long, help: "The folder holding ontologies/ and data/demo/ for --demo (default: the current directory).")
    var demoData: String?

    @Option(name: .long, help: "The address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
    var host: String?

    @Option(name: .long, help: "The port (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(name: .long, help: "A file of bearer tokens (one a line) that allow writes.")
    var writeTokenFile: String?

    @Flag(name: .long, help: "Accept writes without a token from clients on this machine (loopback) only.")
    var localOnlyWrites = false

    @Flag(name: .long, help: "Refuse every write; open the store read-only.")
    var readOnly = false

    @Option(name: .long, help: "The largest request body, in bytes (default 64 MiB).")
    var maxBodyBytes: Int?

    @Option(name: .long, help: "The longest query or update, in bytes (default 1 MiB).")
    var maxQueryLength: Int?

    @Option(name: .long, help: "The most rows (or triples) one response may hold; 0 for no limit (default 10000000).")
    var maxResultRows: Int?

    @Option(name: .long, help: "The time limit of a query that sets none, in seconds (default 60).")
    var defaultTimeout: Double?

    @Option(name: .long, help: "The longest time limit the timeout parameter may ask for, in seconds (default 600).")
    var maxTimeout: Double?

    @Option(name: .long, help: "Memory one query's sorts, joins and groups may hold, in bytes (default 2 GiB).")
    var queryMemoryBytes: Int?

    @Option(name: .long, help: "Threads that run queries (default: twice the cores, at least 4).")
    var queryThreads: Int?

    @Option(name: .long, help: "Seconds a shutdown waits for running queries before cancelling them (default 10).")
    var shutdownGrace: Double?

    @Option(name: .long, help: "A directory LOAD may read files from (repeatable; default: none, LOAD is refused).")
    var loadDirectory: [String] = []

    @Option(name: .long, help: "The example queries (*.rq) the web UI offers (default: ./queries).")
    var queriesDirectory: String?

    @Option(name: .long, help: "An origin allowed by CORS (repeatable; default: any).")
    var corsOrigin: [String] = []

    @Flag(name: .long, help: "Never compress responses.")
    var noGzip = false

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: String?

    @Option(name: .long, help: "An endpoint URL prefix SERVICE may call (repeatable; default: none, every SERVICE is refused).")
    var serviceAllow: [String] = []

    @Option(name: .long, help: "IRI=URL: send SERVICE <IRI> to URL instead (repeatable; the alias is allowed).")
    var serviceAlias: [String] = []

    @Option(name: .long, help: "Seconds one SERVICE request may take (default 300; capped by the query's time limit).")
    var serviceTimeout: Double?

    @Option(name: .long, help: "A federation member's endpoint (repeatable): queries without SERVICE read its data as if it were local.")
    var member: [String] = []

    @Option(name: .long, help: "Where members' statistics are cached (default: $XDG_CACHE_HOME/ptolemy/federation-statistics.json).")
    var federationCache: String?

    /// The configuration: defaults, then the file, then the command line.
    func resolvedConfiguration() throws -> ServerConfiguration {
        var c = ServerConfiguration()
        if let config { try c.apply(tomlFile: config) }
        if let store { c.store = store }
        if demo { c.demo = true }
        if let host { c.host = host }
        if let port { c.port = port }
        if let writeTokenFile { try c.readWriteTokens(from: writeTokenFile) }
        if localOnlyWrites { c.localOnlyWrites = true }
        if readOnly { c.readOnly = true }
        if let maxBodyBytes { c.maxBodyBytes = maxBodyBytes }
        if let maxQueryLength { c.maxQueryLength = maxQueryLength }
        if let maxResultRows { c.maxResultRows = maxResultRows }
        if let defaultTimeout { c.defaultTimeout = defaultTimeout }
        if let maxTimeout { c.maxTimeout = maxTimeout }
        if let queryMemoryBytes { c.queryMemoryBytes = queryMemoryBytes }
        if let queryThreads { c.queryThreads = queryThreads }
        if let shutdownGrace { c.shutdownGrace = shutdownGrace }
        if !loadDirectory.isEmpty { c.loadDirectories = loadDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path } }
        if let queriesDirectory { c.queriesDirectory = queriesDirectory }
        if !corsOrigin.isEmpty { c.corsOrigins = corsOrigin }
        if noGzip { c.gzip = false }
        if let logLevel { c.logLevel = logLevel }
        if !serviceAllow.isEmpty { c.serviceAllow = serviceAllow }
        if !serviceAlias.isEmpty { c.serviceAliases = serviceAlias }
        if let serviceTimeout { c.serviceTimeout = serviceTimeout }
        c.federation.members += member.map { FederationMember(endpoint: $0) }
        if let federationCache { c.federation.cacheFile = federationCache }
        if !c.federation.members.isEmpty && c.federation.cacheFile == nil { c.federation.cacheFile = FederationOptions.defaultCacheFile }
        try c.validate()
        guard Logger.Level(rawValue: c.logLevel) != nil else { throw CLIError("unknown log level '\(c.logLevel)'") }
        return c
    }

    func run() async throws {
        let configuration: ServerConfiguration
        do { configuration = try resolvedConfiguration() } catch let error as ConfigurationError { throw CLIError(error.description) }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "ptolemy")
        let store = try Store(directory: configuration.store, mode: configuration.readOnly ? .readOnly : .readWrite,
                              create: !configuration.readOnly)
        if configuration.demo && store.snapshot.quadCount == 0 {
            guard !configuration.readOnly else { throw CLIError("--demo needs a writable store (the store is empty and --read-only is set)") }
            try loadDemoData(into: store, logger: logger)
        }
        let server = try SPARQLServer(configuration: configuration, store: store, logger: logger)
        try await server.run()
        if !configuration.readOnly {
            // Fold the write-ahead log into files, so the next start replays nothing.
            try store.compact()
        }
        logger.notice("stopped; the store is closed cleanly", metadata: ["store": "\(configuration.store)"])
    }

    /// Loads ontologies/*.ttl and data/demo/*.ttl into an empty store.
    func loadDemoData(into store: Store, logger: Logger) throws {
        let root = demoData ?? FileManager.default.currentDirectoryPath
        var files: [String] = []
        for folder in ["ontologies", "data/demo"] {
            let path = root + "/" + folder
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += names.filter { $0.hasSuffix(".ttl") }.sorted().map { path + "/" + $0 }
        }
        guard !files.isEmpty else {
            throw CLIError("--demo: no ontologies/*.ttl or data/demo/*.ttl under \(root) (run from the repository, or give --demo-data)")
        }
        let sources = try files.map { try DatasetOptions.source($0, graph: nil) }
        let report = try BulkLoader(store: store).load(sources)
        logger.notice("loaded the demo data", metadata: ["files": "\(files.count)", "quads": "\(report.quadsAfter)"])
    }
}
