import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals
import PtolemyStorage
import PtolemyEngine
import PtolemyFederation

/// The Ptolemy SPARQL endpoint over one store: `/sparql` (SPARQL 1.1 Protocol, Update and
/// the service description), `/store` (Graph Store HTTP Protocol), `/metrics`,
/// `/health`, and the web UI at `/`.
///
/// ```swift
/// let server = try SPARQLServer(configuration: configuration, store: store)
/// try await server.run()   // until SIGTERM or SIGINT
/// ```
public final class SPARQLServer: Sendable {
    public let configuration: ServerConfiguration
    let core: EndpointCore
    let logger: Logger
    /// The transparent federation over the configured members, if any.
    let federation: Federation?

    /// - Parameters:
    ///   - store: opened read-write, or read-only for ``ServerConfiguration/readOnly``.
    ///   - logger: the request log and server messages.
    ///   - engine: the query engine; by default one whose SERVICE calls go over HTTP under
    ///     the configuration's endpoint policy, recorded at `/metrics`, and that spreads
    ///     queries over the federation members when the configuration names some.
    public init(configuration: ServerConfiguration, store: Store, engine: QueryEngine? = nil,
                logger: Logger = Logger(label: "ptolemy.server")) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        let policy = try configuration.endpointPolicy()
        if configuration.federation.members.isEmpty {
            federation = nil
        } else {
            do {
                federation = try Federation(configuration: configuration.federation, policy: policy, observer: FederationMetrics())
            } catch let error as FederationConfigurationError {
                throw ConfigurationError(error.description)
            }
        }
        let engine = engine ?? federation.map { QueryEngine(services: $0.handler, distributor: $0) }
            ?? QueryEngine(services: HTTPServiceHandler(policy: policy, observer: FederationMetrics()))
        core = EndpointCore(configuration: configuration, store: store, engine: engine, logger: logger)
    }

    /// The router with every endpoint and the middleware (request log, CORS, gzip).
    public func makeRouter() -> Router<EndpointRequestContext> {
        let router = Router(context: EndpointRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger, metrics: core.metrics))
        let origins = configuration.corsOrigins
        if !origins.contains("*") { router.add(middleware: OriginFilterMiddleware<EndpointRequestContext>(allowed: Set(origins))) }
        router.add(middleware: CORSMiddleware(
            allowOrigin: origins.contains("*") ? .all : .originBased,
            allowHeaders: [.accept, .authorization, .contentType, .origin],
            allowMethods: [.get, .post, .put, .delete, .head, .options],
            exposedHeaders: ["Content-Type", "Content-Length", "Location"],
            maxAge: .seconds(3600)))
        if configuration.gzip { router.add(middleware: GzipMiddleware<EndpointRequestContext>()) }

        let sparql = SPARQLEndpoint(core: core)
        for method in [HTTPRequest.Method.get, .post, .head, .put, .delete, .patch] {
            router.on("/sparql", method: method) { request, context in await sparql.respond(request, context: context) }
        }
        let graphStore = GraphStoreEndpoint(core: core)
        for method in [HTTPRequest.Method.get, .head, .put, .post, .delete, .patch] {
            router.on("/store", method: method) { request, context in await graphStore.respond(request, context: context) }
        }
        let health = HealthEndpoint(core: core)
        router.get("/health") { _, _ in health.health(head: false) }
        router.head("/health") { _, _ in health.health(head: true) }
        router.get("/metrics") { _, _ in health.metrics() }
        let federationEndpoint = FederationEndpoint(federation: federation, policy: core.engine.services as? HTTPServiceHandler)
        router.get("/federation") { request, _ in federationEndpoint.respond(request) }
        let ui = WebUI(examplesDirectory: configuration.queriesDirectory)
        router.get("/ui/examples") { _, context in
            context.exchange.update { $0.operation = "ui" }
            return ui.examplesResponse()
        }
        for path in ["/", "/index.html", "/ui/{file}"] {
            router.get(RouterPath(path)) { request, context in
                context.exchange.update { $0.operation = "ui" }
                return ui.asset(request.uri.path, head: false)
            }
            router.head(RouterPath(path)) { request, _ in ui.asset(request.uri.path, head: true) }
        }
        return router
    }

    /// The Hummingbird application: the router on HTTP/1.1, with the connection watcher
    /// in every channel and the supervisor that cancels the queries of departed clients.
    public func makeApplication(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in })
        -> Application<RouterResponder<EndpointRequestContext>> {
        let connections = core.connections
        return Application(
            router: makeRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionWatcher(registry: connections)],
                                                idleTimeout: .seconds(300))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Ptolemy"),
            services: [QuerySupervisor(core: core)],
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: new queries are refused
    /// (503), running ones get ``ServerConfiguration/shutdownGrace`` seconds to finish and
    /// are cancelled after that (a cancelled update commits nothing), connections close,
    /// and the worker threads stop. The store is then as the last commit left it.
    public func run(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws {
        let logger = self.logger, readOnly = configuration.readOnly
        // Members' statistics: the cached ones serve at once, fresh ones arrive in the background.
        federation?.startRefreshing()
        let application = makeApplication { channel in
            let address = channel.localAddress.map { "http://\($0.ipAddress ?? "?"):\($0.port ?? 0)/" } ?? "?"
            logger.notice("listening", metadata: ["url": "\(address)", "read_only": "\(readOnly)"])
            await onServerRunning(channel)
        }
        let group = ServiceGroup(configuration: .init(
            // Services shut down in reverse order: the drain first, while the server still answers.
            services: [application, ShutdownDrain(core: core, grace: configuration.shutdownGrace, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        do {
            try await group.run()
        } catch {
            try? await shutdown()
            throw error
        }
        try await shutdown()
    }

    /// Stops the worker threads. ``run(onServerRunning:)`` calls it; call it yourself after
    /// running ``makeApplication(onServerRunning:)`` another way (tests).
    public func shutdown() async throws {
        federation?.stop()
        core.queries.beginDraining()
        core.queries.cancelAll()
        try await core.shutdown()
    }

    /// Queries and writes running now.
    public var runningQueries: Int { core.queries.count }
}

/// Cancels, a few times a second, the queries whose clients have disconnected.
struct QuerySupervisor: Service {
    let core: EndpointCore

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(100))
                core.queries.sweep()
            }
        }
    }
}

/// The first step of a graceful shutdown: refuse new work, let running queries finish
/// within the grace period, cancel the rest, and wait until they have unwound.
struct ShutdownDrain: Service {
    let core: EndpointCore
    let grace: Double
    let logger: Logger

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }
        core.queries.beginDraining()
        let running = core.queries.count
        logger.notice("shutting down", metadata: ["running": "\(running)", "grace_seconds": "\(grace)"])
        let deadline = ContinuousClock.now + .milliseconds(Int64(grace * 1000))
        while core.queries.count > 0 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if core.queries.count > 0 {
            logger.notice("cancelling queries still running", metadata: ["running": "\(core.queries.count)"])
            core.queries.cancelAll()
            // Operators check their control once per batch: they stop within moments.
            let hardDeadline = ContinuousClock.now + .seconds(30)
            while core.queries.count > 0 && ContinuousClock.now < hardDeadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
