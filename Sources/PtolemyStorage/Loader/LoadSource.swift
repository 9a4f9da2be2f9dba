import PtolemyRDF
import PtolemyRDFIO
import PtolemyCompression

/// One input of a bulk load: a name for messages, a size for the ETA, and a parse
/// function that streams its quads.
public struct LoadSource: Sendable {
    /// The file name (used in messages and to scope blank-node labels).
    public var name: String
    /// The input's size in bytes, when known.
    public var size: Int?
    /// Advances as the input is read (against ``size``).
    public var counter: ByteCounter
    /// Streams the input's quads to `emit`; throws a positioned error on bad input.
    public var parse: @Sendable (_ emit: (Quad) throws -> Void) throws -> Void
    /// The zero-allocation path for N-Triples and N-Quads: statements as views into the
    /// parser's buffers, encoded into term keys without making a `String`.
    public var parseRaw: (@Sendable (_ emit: (RawStatement) throws -> Void) throws -> Void)?

    public init(name: String, size: Int?, counter: ByteCounter = ByteCounter(),
                parse: @escaping @Sendable (_ emit: (Quad) throws -> Void) throws -> Void) {
        self.name = name
        self.size = size
        self.counter = counter
        self.parse = parse
        parseRaw = nil
    }

    /// A source read through the raw N-Triples/N-Quads interface.
    public init(name: String, size: Int?, counter: ByteCounter = ByteCounter(),
                raw: @escaping @Sendable (_ emit: (RawStatement) throws -> Void) throws -> Void) {
        self.name = name
        self.size = size
        self.counter = counter
        parse = { emit in try raw { try emit($0.makeQuad()) } }
        parseRaw = raw
    }

    /// A source over quads in memory (tests, small programmatic loads).
    public static func quads(_ quads: [Quad], name: String = "memory") -> LoadSource {
        LoadSource(name: name, size: nil) { emit in
            for q in quads { try emit(q) }
        }
    }
}

/// Where a load is, for a progress display.
public struct LoadProgress: Sendable {
    public enum Phase: String, Sendable {
        case parsing = "parsing"
        case dictionary = "building dictionary"
        case sorting = "sorting"
        case writing = "writing partitions"
        case committing = "committing"
    }

    public var phase: Phase
    /// Statements read so far.
    public var statements: Int
    /// Input bytes read so far, and in all (when every input's size is known).
    public var bytesRead: Int
    public var totalBytes: Int?
    /// Seconds since the load began.
    public var elapsed: Double
}

/// What a finished load did.
public struct LoadReport: Sendable {
    /// Statements read from the inputs.
    public var statementsRead: Int
    /// Quads in the store before and after (duplicates collapse).
    public var quadsBefore: UInt64
    public var quadsAfter: UInt64
    /// New dictionary terms.
    public var newTerms: UInt64
    /// Partitions written.
    public var partitionsWritten: Int
    /// Geometry literals parsed and indexed.
    public var geometriesIndexed: Int
    /// Geometry literals that did not parse (kept as data, never indexed), and the first few errors.
    public var invalidGeometries: Int
    public var geometryErrors: [String]
    public var seconds: Double
}
