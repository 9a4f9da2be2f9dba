internal import CRaptor
internal import PtolemyRDF

/// One libraptor2 RDF/XML parse: owns the raptor world, parser and base URI, and frees
/// them in `deinit`. Nothing outside RDFXML/ sees these pointers.
///
/// raptor calls back through C function pointers, which cannot capture: the callbacks
/// find this object through their `user_data` pointer. A callback cannot throw through C
/// either, so an error raised while handling a statement is kept in ``failure`` and the
/// parse is aborted; ``feed(_:isEnd:)`` then throws it.
final class RaptorSession {
    private let world: OpaquePointer
    private let parser: OpaquePointer
    private let baseURI: OpaquePointer
    let fileName: String?

    /// Receives each converted statement.
    var onQuad: ((Quad) throws -> Void)?
    /// Receives each error in recovery mode; without it the first error ends the parse.
    var onError: ((RDFParseError) throws -> Void)?
    /// The error that ended the parse: an ``RDFParseError`` or what a callback threw.
    private(set) var failure: (any Error)?
    /// Recovery ended the document after an error: ignore the rest.
    private(set) var stopped = false
    /// Where the input is, for the column of an error (see ``LineTracker``).
    var lines = LineTracker()

    init(baseIRI: String, fileName: String?) throws {
        self.fileName = fileName
        guard let world = raptor_new_world_internal(UInt32(RAPTOR_VERSION)) else {
            throw RDFParseError(fileName: fileName, line: 1, column: 1, message: "cannot initialise the RDF/XML parser (raptor)")
        }
        raptor_world_open(world)
        guard let parser = raptor_new_parser(world, "rdfxml") else {
            raptor_free_world(world)
            throw RDFParseError(fileName: fileName, line: 1, column: 1, message: "cannot create the RDF/XML parser (raptor)")
        }
        guard let baseURI = raptor_new_uri(world, baseIRI) else {
            raptor_free_parser(parser)
            raptor_free_world(world)
            throw RDFParseError(fileName: fileName, line: 1, column: 1, message: "invalid base IRI <\(baseIRI)>")
        }
        self.world = world
        self.parser = parser
        self.baseURI = baseURI

        // Never reach out of the document: no network, no files, no external entities (XXE).
        raptor_parser_set_option(parser, RAPTOR_OPTION_NO_NET, nil, 1)
        raptor_parser_set_option(parser, RAPTOR_OPTION_NO_FILE, nil, 1)
        raptor_parser_set_option(parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nil, 0)

        let context = Unmanaged.passUnretained(self).toOpaque()
        raptor_world_set_log_handler(world, context) { userData, message in
            guard let userData, let message else { return }
            Unmanaged<RaptorSession>.fromOpaque(userData).takeUnretainedValue().log(message.pointee)
        }
        raptor_parser_set_statement_handler(parser, context) { userData, statement in
            guard let userData, let statement else { return }
            Unmanaged<RaptorSession>.fromOpaque(userData).takeUnretainedValue().handle(statement.pointee)
        }
    }

    deinit {
        raptor_free_uri(baseURI)
        raptor_free_parser(parser)
        raptor_free_world(world)
    }

    func start() throws {
        if raptor_parser_parse_start(parser, baseURI) != 0 {
            throw failure ?? RDFParseError(fileName: fileName, line: 1, column: 1, message: "cannot start parsing RDF/XML")
        }
    }

    /// Feeds one chunk (the last one with `isEnd`), delivering its statements.
    func feed(_ chunk: UnsafeRawBufferPointer, isEnd: Bool) throws {
        if stopped { return }
        lines.append(chunk)
        let status = raptor_parser_parse_chunk(
            parser, chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), chunk.count, isEnd ? 1 : 0)
        if let failure { throw failure }
        if status != 0 && !stopped {
            throw RDFParseError(fileName: fileName, line: max(lines.line, 1), column: 1, message: "RDF/XML syntax error")
        }
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        raptor_parser_parse_abort(parser)
    }

    private func log(_ message: raptor_log_message) {
        guard failure == nil, !stopped else { return }
        var text = message.text.map { String(cString: $0) } ?? "RDF/XML syntax error"
        // Warnings (unknown rdf: names and the like) do not make a document invalid, except
        // those where raptor skips input that RDF 1.1 forbids.
        if message.level.rawValue < RAPTOR_LOG_LEVEL_ERROR.rawValue {
            guard Self.isForbiddenSyntax(text) else { return }
            text = "not allowed in RDF 1.1 RDF/XML: " + text
        }
        var line = 0, column = 0
        if let locator = message.locator {
            line = Int(locator.pointee.line)
            column = Int(locator.pointee.column)
        }
        if line <= 0 { line = max(lines.line, 1) }
        if column <= 0 { column = lines.column(ofLine: line) }
        guard let onError else {
            fail(RDFParseError(fileName: fileName, line: line, column: column, message: text))
            return
        }
        // raptor's RDF/XML parser does not resume cleanly after an error (it stops, or
        // emits statements from a confused state), so recovery ends the document here and
        // says so: what follows is skipped, and reported as skipped.
        let error = RDFParseError(fileName: fileName, line: line, column: column,
                                  message: text + " (RDF/XML cannot resume after an error: the rest of the document is skipped)")
        do {
            try onError(error)
            stopped = true
            raptor_parser_parse_abort(parser)
        } catch {
            fail(error)
        }
    }

    /// Warnings of raptor that RDF 1.1 makes errors: `rdf:aboutEach` and `rdf:aboutEachPrefix`
    /// were removed from RDF/XML (https://www.w3.org/TR/rdf-syntax-grammar/#oldTerms), and
    /// a property element holds at most one node element
    /// (https://www.w3.org/TR/rdf-syntax-grammar/#resourcePropertyElt).
    static func isForbiddenSyntax(_ warning: String) -> Bool {
        warning.contains("aboutEach") || warning.contains("multiple object node elements")
            || warning.contains("is forbidden")
    }

    private func handle(_ statement: raptor_statement) {
        guard failure == nil, !stopped, let onQuad else { return }
        guard let s = statement.subject, let p = statement.predicate, let o = statement.object else { return }
        let quad = Quad(Self.term(s.pointee), Self.term(p.pointee), Self.term(o.pointee),
                        graph: statement.graph.map { Self.term($0.pointee) })
        do { try onQuad(quad) } catch { fail(error) }
    }

    /// Converts a raptor term; lengths are explicit, so literals may contain NUL.
    private static func term(_ term: raptor_term) -> Term {
        switch term.type {
        case RAPTOR_TERM_TYPE_URI:
            return .iri(uriString(term.value.uri))
        case RAPTOR_TERM_TYPE_BLANK:
            let blank = term.value.blank
            return .blank(string(blank.string, Int(blank.string_len)))
        case RAPTOR_TERM_TYPE_LITERAL:
            let literal = term.value.literal
            let lexical = string(literal.string, Int(literal.string_len))
            if let language = literal.language, literal.language_len > 0 {
                return .literal(Literal(lexical, language: string(language, Int(literal.language_len))))
            }
            if let datatype = literal.datatype {
                return .literal(Literal(lexical, datatype: uriString(datatype)))
            }
            return .literal(Literal(lexical))
        default:
            return .blank("")
        }
    }

    private static func uriString(_ uri: OpaquePointer?) -> String {
        guard let uri else { return "" }
        var length = 0
        guard let bytes = raptor_uri_as_counted_string(uri, &length) else { return "" }
        return string(bytes, length)
    }

    private static func string(_ bytes: UnsafeMutablePointer<UInt8>?, _ length: Int) -> String {
        guard let bytes else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
    }
}
