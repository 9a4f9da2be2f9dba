import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix
import PtolemyStorage
import PtolemyEngine

/// What every handler of the endpoint shares: the store, the engine, the worker threads,
/// the registry of running queries and the connections they belong to.
///
/// Queries and writes run on worker threads, never on the server's event loops or the
/// concurrency pool: the engine is synchronous, and a query may compute for a while.
/// Reads have a pool of ``ServerConfiguration/queryThreads`` threads; writes have one
/// thread of their own, since the store commits one write at a time anyway, and so that
/// a queue of writes can never hold every reader's thread.
final class EndpointCore: Sendable {
    let configuration: ServerConfiguration
    let store: Store
    let engine: QueryEngine
    let queries = QueryRegistry()
    let connections = ConnectionRegistry()
    let readPool: NIOThreadPool
    let writePool: NIOThreadPool
    let metrics = ServerMetrics()
    let logger: Logger
    let authorization: WriteAuthorization

    init(configuration: ServerConfiguration, store: Store, engine: QueryEngine, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.engine = engine
        self.logger = logger
        authorization = WriteAuthorization(configuration: configuration)
        readPool = NIOThreadPool(numberOfThreads: configuration.queryThreads)
        writePool = NIOThreadPool(numberOfThreads: 1)
        readPool.start()
        writePool.start()
    }

    /// Stops the worker threads (after the server has stopped).
    func shutdown() async throws {
        try await readPool.shutdownGracefully()
        try await writePool.shutdownGracefully()
    }

    /// The control of a new query: its time limit is what it asked for, capped by the
    /// server's maximum, or the server's default.
    func control(requestedTimeout: Double?) -> QueryControl {
        let timeout = min(requestedTimeout ?? configuration.defaultTimeout, configuration.maxTimeout)
        return QueryControl(timeout: timeout, memoryBudget: configuration.queryMemoryBytes)
    }

    /// Refuses new work once a shutdown has begun.
    func checkAccepting() throws(ProtocolError) {
        if queries.isDraining {
            var error = ProtocolError(.serviceUnavailable, "shutting-down", "the server is shutting down")
            error.headers[.retryAfter] = "5"
            throw error
        }
    }

    /// Starts a read job on a worker thread, registered so that it is cancelled when its
    /// client leaves or the server shuts down. `job` must end its pipe.
    func startRead(control: QueryControl, pipe: ChunkPipe, context: EndpointRequestContext, form: String,
                   _ job: @escaping @Sendable () -> Void) {
        let connections = self.connections, connection = context.connection, exchange = context.exchange
        let metrics = self.metrics
        let id = queries.register(control, isClientConnected: { connections.isConnected(connection) }) { reason in
            metrics.cancelled(reason)
            exchange.update { $0.cancelled = reason.rawValue }
        }
        metrics.running(queries.count)
        let queries = self.queries, pool = readPool
        Task {
            do {
                try await pool.runIfActive(job)
            } catch {
                // The pool has stopped: the server is going down.
                pipe.fail(error)
            }
            queries.finished(id)
            metrics.running(queries.count)
            let fields = exchange.fields
            metrics.queryFinished(form: form, rows: fields.rows ?? 0, failed: fields.error ?? fields.cancelled)
        }
    }

    /// Runs a write on the write thread, registered so that a shutdown can cancel it (a
    /// cancelled write commits nothing).
    func runWrite<T: Sendable>(control: QueryControl, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let id = queries.register(control, isClientConnected: { true })
        metrics.running(queries.count)
        defer {
            queries.finished(id)
            metrics.running(queries.count)
        }
        return try await writePool.runIfActive(body)
    }
}
