import Foundation
import HTTPTypes
import Hummingbird
import PtolemySPARQL
import PtolemyStorage
import PtolemyEngine
import PtolemyRDFIO

/// `/sparql`: the SPARQL 1.1 Protocol (queries by GET, form POST and direct POST;
/// updates by POST) and, at the bare URL, the service description.
struct SPARQLEndpoint: Sendable {
    let core: EndpointCore

    func respond(_ request: Request, context: EndpointRequestContext) async -> Response {
        do throws(ProtocolError) {
            let sparql = try await SPARQLRequest.read(request, limits: core.configuration)
            switch sparql.operation {
            case .query(let text): return try await query(text, sparql, request, context)
            case .update(let text): return try await update(text, sparql, request, context)
            case .serviceDescription: return try serviceDescription(sparql, request, context)
            }
        } catch {
            context.exchange.update { $0.error = error.kind }
            return error.response()
        }
    }

    /// The endpoint's own URL, from the request's Host: the base of relative IRIs in
    /// queries and the subject of the service description.
    static func endpointURL(_ request: Request) -> String {
        let host = request.head.authority ?? "localhost"
        return "http://\(host)/sparql"
    }

    // MARK: - queries

    private func query(_ text: String, _ sparql: SPARQLRequest, _ request: Request,
                       _ context: EndpointRequestContext) async throws(ProtocolError) -> Response {
        context.exchange.update { $0.operation = "query"; $0.textHash = ExchangeRecord.hash(text) }
        var query: Query
        do { query = try Query(parsing: text, baseIRI: Self.endpointURL(request)) } catch {
            throw ProtocolError.syntax(error, what: "query")
        }
        let form = Self.formName(query.form)
        context.exchange.update { $0.form = form }
        // The protocol's dataset parameters take the place of the query's FROM clauses.
        if !sparql.defaultGraphs.isEmpty || !sparql.namedGraphs.isEmpty {
            query.dataset = QueryDataset(defaultGraphs: sparql.defaultGraphs, namedGraphs: sparql.namedGraphs)
        }
        let (output, mediaType) = try Self.negotiate(query.form, sparql: sparql, accept: request.headers[.accept])
        let timeout = try sparql.timeout()
        var headers: HTTPFields = [.contentType: mediaType]
        headers.append(HTTPField(name: .vary, value: "Accept"))
        // HEAD says what a GET would answer without running the query.
        if request.method == .head { return Response(status: .ok, headers: headers) }
        try core.checkAccepting()
        let control = core.control(requestedTimeout: timeout)
        let pipe = ChunkPipe(control: control)
        let job = QueryJob(query: query, snapshot: core.store.snapshot, engine: core.engine, control: control, output: output,
                           maxRows: core.configuration.maxResultRows, pipe: pipe, exchange: context.exchange)
        core.startRead(control: control, pipe: pipe, context: context, form: form) { job.run() }
        return await ResultStream.respond(pipe, headers: headers, exchange: context.exchange)
    }

    static func formName(_ form: Query.Form) -> String {
        switch form {
        case .select: return "select"
        case .ask: return "ask"
        case .construct: return "construct"
        case .describe: return "describe"
        }
    }

    /// The response format: the `format` parameter if given, else the best match of
    /// `Accept` among the formats of the query's form (406 when none matches).
    static func negotiate(_ form: Query.Form, sparql: SPARQLRequest, accept: String?) throws(ProtocolError) -> (QueryJob.Output, String) {
        if sparql.explain { return (.explain, "application/json") }
        let isGraph: Bool
        switch form {
        case .select, .ask: isGraph = false
        case .construct, .describe: isGraph = true
        }
        if let name = sparql.format {
            if isGraph, let format = ContentNegotiation.graphFormat(named: name) { return (.graph(format), mediaType(of: format)) }
            if !isGraph, let format = ContentNegotiation.resultFormat(named: name) { return (.results(format), mediaType(of: format)) }
            throw notAcceptable(isGraph: isGraph, detail: "format '\(name)'")
        }
        if isGraph {
            guard let (format, _) = ContentNegotiation.choose(accept: accept, offers: ContentNegotiation.graphOffers) else {
                throw notAcceptable(isGraph: true, detail: "Accept: \(accept ?? "")")
            }
            return (.graph(format), mediaType(of: format))
        }
        guard let (format, _) = ContentNegotiation.choose(accept: accept, offers: ContentNegotiation.resultOffers) else {
            throw notAcceptable(isGraph: false, detail: "Accept: \(accept ?? "")")
        }
        return (.results(format), mediaType(of: format))
    }

    static func mediaType(of format: ResultsFormat) -> String {
        switch format {
        case .json, .xml: return format.mediaType
        case .csv, .tsv: return format.mediaType + "; charset=utf-8"
        }
    }

    static func mediaType(of format: RDFFormat) -> String {
        switch format {
        case .turtle, .trig: return format.mediaType + "; charset=utf-8"
        case .ntriples, .nquads, .rdfxml: return format.mediaType
        }
    }

    static func notAcceptable(isGraph: Bool, detail: String) -> ProtocolError {
        let offers = isGraph ? ContentNegotiation.graphOffers.map { $0.mediaTypes[0] } : ContentNegotiation.resultOffers.map { $0.mediaTypes[0] }
        return ProtocolError(.notAcceptable, "not-acceptable",
                             "cannot answer \(detail); this \(isGraph ? "graph" : "result") can be sent as \(offers.joined(separator: ", "))")
    }

    // MARK: - updates

    private func update(_ text: String, _ sparql: SPARQLRequest, _ request: Request,
                        _ context: EndpointRequestContext) async throws(ProtocolError) -> Response {
        context.exchange.update { $0.operation = "update"; $0.form = "update"; $0.textHash = ExchangeRecord.hash(text) }
        try core.authorization.check(request, context: context)
        var update: Update
        do { update = try Update(parsing: text, baseIRI: Self.endpointURL(request)) } catch {
            throw ProtocolError.syntax(error, what: "update")
        }
        if !sparql.usingGraphs.isEmpty || !sparql.usingNamedGraphs.isEmpty {
            let dataset = QueryDataset(defaultGraphs: sparql.usingGraphs, namedGraphs: sparql.usingNamedGraphs)
            for (i, operation) in update.operations.enumerated() {
                guard case .modify(var modify) = operation else { continue }
                // SPARQL 1.1 Protocol 2.2.3: the parameters and USING/WITH in the request exclude each other.
                if modify.using != nil || modify.with != nil {
                    throw ProtocolError(.badRequest, "bad-request",
                                        "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH in the update")
                }
                modify.using = dataset
                update.operations[i] = .modify(modify)
            }
        }
        let timeout = try sparql.timeout()
        try core.checkAccepting()
        let control = core.control(requestedTimeout: timeout)
        let directories = core.configuration.loadDirectories
        let executor = UpdateExecutor(engine: core.engine, loadDirectories: directories.isEmpty ? nil : directories)
        let store = core.store, finalUpdate = update
        do {
            let report = try await core.runWrite(control: control) { try executor.execute(finalUpdate, on: store, control: control) }
            core.metrics.write(kind: "update", inserted: report.inserted, deleted: report.deleted)
            context.exchange.update { $0.rows = report.inserted + report.deleted }
            let body = "{\"inserted\":\(report.inserted),\"deleted\":\(report.deleted)}\n"
            return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: String(body.utf8.count)],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        } catch {
            throw ProtocolError.evaluation(error)
        }
    }

    // MARK: - service description

    private func serviceDescription(_ sparql: SPARQLRequest, _ request: Request,
                                    _ context: EndpointRequestContext) throws(ProtocolError) -> Response {
        context.exchange.update { $0.operation = "service-description" }
        // A browser that opens the endpoint URL wants the web UI, not Turtle.
        if sparql.format == nil, let accept = request.headers[.accept],
           let html = MediaRange.parse(accept: accept).first(where: { $0.type == "text" && $0.subtype == "html" }), html.quality > 0.5 {
            return Response(status: .seeOther, headers: [.location: "/", .contentLength: "0"])
        }
        let format: RDFFormat
        if let name = sparql.format {
            guard let f = ContentNegotiation.graphFormat(named: name) else { throw Self.notAcceptable(isGraph: true, detail: "format '\(name)'") }
            format = f
        } else {
            guard let (f, _) = ContentNegotiation.choose(accept: request.headers[.accept], offers: ContentNegotiation.graphOffers) else {
                throw Self.notAcceptable(isGraph: true, detail: "Accept: \(request.headers[.accept] ?? "")")
            }
            format = f
        }
        let description = ServiceDescription(endpoint: Self.endpointURL(request), readOnly: core.configuration.readOnly,
                                             loadEnabled: !core.configuration.loadDirectories.isEmpty)
        let bytes: [UInt8]
        do { bytes = try description.serialize(format: format, snapshot: core.store.snapshot) } catch {
            throw ProtocolError.evaluation(error)
        }
        return Response(status: .ok,
                        headers: [.contentType: Self.mediaType(of: format), .contentLength: String(bytes.count), .vary: "Accept"],
                        body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
