import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix
import PtolemyRDF
import PtolemyRDFIO
import PtolemyCompression
import PtolemyStorage
import PtolemyEngine

/// `/store`: the SPARQL 1.1 Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/)
/// with indirect graph identification: `?default` or `?graph=IRI`.
///
/// GET and HEAD read a snapshot and stream the graph; PUT (replace), POST (merge) and
/// DELETE are each one write transaction, so readers see the graph before or after the
/// change, never half of it. Without a target, GET returns the whole dataset (N-Quads or
/// TriG) and POST creates a new graph, answered with 201 and its IRI in `Location`.
struct GraphStoreEndpoint: Sendable {
    let core: EndpointCore

    enum Target: Equatable {
        case defaultGraph
        case named(String)
        /// Neither parameter: the whole dataset (GET), or a new graph (POST).
        case unspecified
    }

    func respond(_ request: Request, context: EndpointRequestContext) async -> Response {
        context.exchange.update { $0.operation = "graph-store" }
        do throws(ProtocolError) {
            let target = try Self.target(FormParameters(encoded: request.uri.query ?? ""))
            switch request.method {
            case .get, .head: return try await get(target, request, context)
            case .put: return try await write(target, replace: true, request, context)
            case .post: return try await write(target, replace: false, request, context)
            case .delete: return try await delete(target, request, context)
            default:
                var error = ProtocolError(.methodNotAllowed, "method", "the graph store answers GET, HEAD, PUT, POST and DELETE")
                error.headers[.allow] = "GET, HEAD, PUT, POST, DELETE"
                throw error
            }
        } catch {
            context.exchange.update { $0.error = error.kind }
            return error.response(includeBody: request.method != .head)
        }
    }

    static func target(_ parameters: FormParameters) throws(ProtocolError) -> Target {
        let graphs = parameters.all("graph")
        let isDefault = parameters.contains("default")
        if isDefault && !graphs.isEmpty {
            throw ProtocolError(.badRequest, "bad-request", "give either ?default or ?graph=IRI, not both")
        }
        if isDefault { return .defaultGraph }
        guard let graph = graphs.first else { return .unspecified }
        guard graphs.count == 1 else { throw ProtocolError(.badRequest, "bad-request", "give one ?graph=IRI") }
        guard Self.isAbsoluteIRI(graph) else {
            throw ProtocolError(.badRequest, "bad-request", "the graph name '\(graph)' is not an absolute IRI")
        }
        return .named(graph)
    }

    static func isAbsoluteIRI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return false }
        return !text.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "{" || $0 == "}" })
    }

    // MARK: - GET, HEAD

    private func get(_ target: Target, _ request: Request, _ context: EndpointRequestContext) async throws(ProtocolError) -> Response {
        context.exchange.update { $0.form = "get" }
        let offers = target == .unspecified
            ? ContentNegotiation.graphOffers.filter { $0.value.supportsNamedGraphs }.sorted { a, _ in a.value == .trig }
            : ContentNegotiation.graphOffers
        let parameters = FormParameters(encoded: request.uri.query ?? "")
        let format: RDFFormat
        if let name = parameters.first("format") ?? parameters.first("output") {
            guard let f = ContentNegotiation.graphFormat(named: name), offers.contains(where: { $0.value == f }) else {
                throw SPARQLEndpoint.notAcceptable(isGraph: true, detail: "format '\(name)'")
            }
            format = f
        } else {
            guard let (f, _) = ContentNegotiation.choose(accept: request.headers[.accept], offers: offers) else {
                throw ProtocolError(.notAcceptable, "not-acceptable",
                                    "cannot answer Accept: \(request.headers[.accept] ?? ""); this can be sent as \(offers.map { $0.mediaTypes[0] }.joined(separator: ", "))")
            }
            format = f
        }
        let snapshot = core.store.snapshot
        let selection: GraphJob.Selection
        switch target {
        case .defaultGraph: selection = .graph(.none)
        case .unspecified: selection = .all
        case .named(let name):
            guard let id = try? snapshot.id(for: .iri(name)), snapshot.graphs.contains(id) else {
                throw ProtocolError(.notFound, "not-found", "the store has no graph <\(name)>")
            }
            selection = .graph(id)
        }
        var headers: HTTPFields = [.contentType: SPARQLEndpoint.mediaType(of: format)]
        headers.append(HTTPField(name: .vary, value: "Accept"))
        if request.method == .head { return Response(status: .ok, headers: headers) }
        try core.checkAccepting()
        let control = core.control(requestedTimeout: nil)
        let pipe = ChunkPipe(control: control)
        let job = GraphJob(snapshot: snapshot, selection: selection, format: format, control: control,
                           maxRows: core.configuration.maxResultRows, pipe: pipe, exchange: context.exchange)
        core.startRead(control: control, pipe: pipe, context: context, form: "graph-get") { job.run() }
        return await ResultStream.respond(pipe, headers: headers, exchange: context.exchange)
    }

    // MARK: - PUT, POST

    private func write(_ target: Target, replace: Bool, _ request: Request,
                       _ context: EndpointRequestContext) async throws(ProtocolError) -> Response {
        context.exchange.update { $0.form = replace ? "put" : "post" }
        try core.authorization.check(request, context: context)
        if replace && target == .unspecified {
            throw ProtocolError(.badRequest, "bad-request", "PUT needs ?default or ?graph=IRI")
        }
        guard let contentType = request.headers[.contentType], let format = ContentNegotiation.bodyFormat(contentType: contentType) else {
            throw ProtocolError(.unsupportedMediaType, "unsupported-media-type",
                                "the body must be Turtle, N-Triples, N-Quads, TriG or RDF/XML (by its Content-Type), not '\(request.headers[.contentType] ?? "none")'")
        }
        try core.checkAccepting()
        var created: String?
        let graphName: String?
        switch target {
        case .defaultGraph: graphName = nil
        case .named(let name): graphName = name
        case .unspecified:
            let name = "http://\(request.head.authority ?? "localhost")/store/graphs/\(UUID().uuidString.lowercased())"
            graphName = name
            created = name
        }
        let body = try await SPARQLRequest.collectBody(request, limit: core.configuration.maxBodyBytes)
        let base = graphName ?? "http://\(request.head.authority ?? "localhost")/store"
        let control = core.control(requestedTimeout: nil)
        let store = core.store
        let outcome: (existed: Bool, inserted: Int, deleted: Int)
        do {
            // Parse before taking the write thread: a large body must not hold up other writes.
            let quads = try await core.readPool.runIfActive { () throws -> [Quad] in
                var source = MemoryByteSource(Array(body.readableBytesView))
                var quads: [Quad] = []
                try RDFParser(format: format, baseIRI: base).parse(source: &source, fileName: "request body") { quad in
                    var q = quad
                    q.graph = graphName.map { .iri($0) }
                    quads.append(q)
                }
                return quads
            }
            outcome = try await core.runWrite(control: control) {
                try store.write { tx in try Self.apply(quads, to: graphName, replace: replace, tx, control: control) }
            }
        } catch {
            throw ProtocolError.evaluation(error)
        }
        core.metrics.write(kind: "graph-store", inserted: outcome.inserted, deleted: outcome.deleted)
        context.exchange.update { $0.rows = outcome.inserted }
        if !outcome.existed {
            var headers: HTTPFields = [.contentLength: "0"]
            if let created { headers[.location] = created }
            return Response(status: .created, headers: headers)
        }
        return Response(status: .noContent)
    }

    /// Replaces or extends a graph inside a write transaction.
    static func apply(_ quads: [Quad], to graphName: String?, replace: Bool, _ tx: WriteTransaction,
                      control: QueryControl) throws -> (existed: Bool, inserted: Int, deleted: Int) {
        let snapshot = tx.snapshot
        var existed = true
        var graph = TermID.none
        if let graphName {
            let id = try snapshot.id(for: .iri(graphName))
            existed = id.map { snapshot.graphs.contains($0) } ?? false
            graph = try tx.intern(.iri(graphName))
        }
        var deleted = 0, inserted = 0
        if replace && existed {
            deleted = try removeAll(in: graph, snapshot, tx, control: control)
        }
        for (i, quad) in quads.enumerated() {
            if i & 4095 == 0 { try control.check() }
            if try tx.insert(quad) { inserted += 1 }
        }
        // An empty PUT or POST still makes the graph exist.
        if graphName != nil && !existed { tx.createGraph(graph) }
        return (existed, inserted, deleted)
    }

    /// Deletes every quad of `graph` as seen in `snapshot`.
    static func removeAll(in graph: TermID, _ snapshot: StoreSnapshot, _ tx: WriteTransaction, control: QueryControl) throws -> Int {
        var doomed: [(TermID, TermID, TermID)] = []
        try snapshot.forEachQuad { s, p, o, g in if g == graph { doomed.append((s, p, o)) } }
        var deleted = 0
        for (i, (s, p, o)) in doomed.enumerated() {
            if i & 4095 == 0 { try control.check() }
            if try tx.delete(subject: s, predicate: p, object: o, graph: graph) { deleted += 1 }
        }
        return deleted
    }

    // MARK: - DELETE

    private func delete(_ target: Target, _ request: Request, _ context: EndpointRequestContext) async throws(ProtocolError) -> Response {
        context.exchange.update { $0.form = "delete" }
        try core.authorization.check(request, context: context)
        let graphName: String?
        switch target {
        case .unspecified: throw ProtocolError(.badRequest, "bad-request", "DELETE needs ?default or ?graph=IRI")
        case .defaultGraph: graphName = nil
        case .named(let name): graphName = name
        }
        try core.checkAccepting()
        let control = core.control(requestedTimeout: nil)
        let store = core.store
        let deleted: Int?
        do {
            deleted = try await core.runWrite(control: control) {
                try store.write { tx -> Int? in
                    let snapshot = tx.snapshot
                    guard let graphName else { return try Self.removeAll(in: .none, snapshot, tx, control: control) }
                    guard let id = try snapshot.id(for: .iri(graphName)), snapshot.graphs.contains(id) else { return nil }
                    let n = try Self.removeAll(in: id, snapshot, tx, control: control)
                    tx.dropGraph(id)
                    return n
                }
            }
        } catch {
            throw ProtocolError.evaluation(error)
        }
        guard let deleted else { throw ProtocolError(.notFound, "not-found", "the store has no graph <\(graphName ?? "")>") }
        core.metrics.write(kind: "graph-store", inserted: 0, deleted: deleted)
        context.exchange.update { $0.rows = deleted }
        return Response(status: .noContent)
    }
}
