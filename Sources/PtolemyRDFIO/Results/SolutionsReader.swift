public import PtolemyCompression
public import PtolemyRDF

/// What a results document starts with.
public enum ResultsHead: Equatable, Sendable {
    /// A SELECT result: the variables, in the order of each solution's terms.
    case variables([String])
    /// An ASK result.
    case boolean(Bool)
}

/// A syntax error in a SPARQL results document, with the place it was found.
///
/// Lines and columns are 1-based; columns count Unicode scalars (characters), not bytes,
/// as ``RDFParseError`` does. The ``description`` reads `ORIGIN:LINE:COLUMN: message`.
public struct ResultsParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The input: an endpoint URL or a file name.
    public var origin: String
    /// 1-based line of the offending byte.
    public var line: Int
    /// 1-based column (in characters) of the offending byte.
    public var column: Int
    /// What is wrong, in words.
    public var message: String

    public init(origin: String, line: Int, column: Int, message: String) {
        self.origin = origin
        self.line = line
        self.column = column
        self.message = message
    }

    /// `ORIGIN:LINE:COLUMN: message`, the form compilers use.
    public var description: String { "\(origin):\(line):\(column): \(message)" }
}

/// Reads SPARQL query results (JSON, XML or TSV) one solution at a time.
///
/// The reader pulls its input from a `ByteSource` in chunks of 64 KiB and parses as it
/// goes: a result of millions of rows streams through in memory bounded by one solution
/// (a single string, IRI or literal may hold up to 64 MiB). Terms are built as
/// `PtolemyRDF.Term`s; blank node labels are returned as written, for the caller to scope.
///
/// ```swift
/// let reader = try SolutionsReader(format: .json, source: body, origin: endpoint)
/// guard case .variables(let names) = try reader.readHead() else { ... }
/// while let solution = try reader.next() { ... }   // solution[i] binds names[i]
/// ```
///
/// Every malformed input, a truncated one included, raises a ``ResultsParseError`` with
/// the line and column of the offending byte; errors of the source propagate unchanged.
/// After an error, the reader repeats it.
///
/// CSV results are refused: CSV drops the kind of each term (an IRI and a string look
/// alike), so they cannot be read back as RDF terms; ask the endpoint for TSV instead.
public final class SolutionsReader {
    /// The format being read.
    public let format: ResultsFormat
    private let parser: ResultsScanner
    private var head: ResultsHead?
    private var failure: (any Error)?
    private var finished = false

    /// A reader of `source` in `format`; `origin` names the input in errors (an endpoint URL or file name).
    /// - Throws: ``ResultsParseError`` for `.csv`, which cannot be read.
    public init(format: ResultsFormat, source: any ByteSource, origin: String) throws {
        self.format = format
        switch format {
        case .json: parser = JSONResultsParser(source: source, origin: origin)
        case .xml: parser = XMLResultsParser(source: source, origin: origin)
        case .tsv: parser = TSVResultsParser(source: source, origin: origin)
        case .csv:
            throw ResultsParseError(origin: origin, line: 1, column: 1,
                                    message: "CSV results cannot be read: CSV loses the kind of each term; request TSV (text/tab-separated-values) instead")
        }
    }

    /// Reads up to the head; for ASK documents the boolean. Call once, before ``next()``
    /// (a second call returns the same head; ``next()`` reads it when not yet done).
    ///
    /// An ASK document is read to its end here. TSV has no boolean form: its head is
    /// always ``ResultsHead/variables(_:)``.
    /// - Throws: ``ResultsParseError``, or an error of the source.
    public func readHead() throws -> ResultsHead {
        if let head { return head }
        if let failure { throw failure }
        do {
            let head = try parser.readHead()
            self.head = head
            return head
        } catch {
            failure = error
            throw error
        }
    }

    /// The next solution, one optional Term per variable of the head, in head order
    /// (nil = unbound); nil at the end (and for an ASK result).
    ///
    /// The end is reported only once the whole document has been checked, so a truncated
    /// document raises "unexpected end of input" instead of ending quietly.
    /// - Throws: ``ResultsParseError``, or an error of the source.
    public func next() throws -> [Term?]? {
        if head == nil { _ = try readHead() }
        if let failure { throw failure }
        if finished { return nil }
        do {
            if let solution = try parser.next() { return solution }
            finished = true
            return nil
        } catch {
            failure = error
            throw error
        }
    }

    /// Bytes consumed so far: the document bytes parsed (for progress and metrics).
    public var bytesRead: Int { parser.bytesParsed }

    /// The longest string, IRI or literal accepted, in bytes (64 MiB; lowered by tests).
    var maxTermLength: Int {
        get { parser.maxTermLength }
        set { parser.maxTermLength = newValue }
    }

    /// The media type to format mapping a client needs: "application/sparql-results+json"
    /// (also "application/json"), "application/sparql-results+xml" (also "application/xml",
    /// "text/xml"), "text/tab-separated-values"; parameters such as "; charset=utf-8" ignored,
    /// case-insensitive. nil for anything else (CSV included, as it cannot be read).
    public static func format(forContentType contentType: String) -> ResultsFormat? {
        let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        var type = Substring(essence)
        while let c = type.first, isSpace(c) { type.removeFirst() }
        while let c = type.last, isSpace(c) { type.removeLast() }
        switch type.lowercased() {
        case "application/sparql-results+json", "application/json": return .json
        case "application/sparql-results+xml", "application/xml", "text/xml": return .xml
        case "text/tab-separated-values": return .tsv
        default: return nil
        }
    }
}
