import PtolemyRDF
import Synchronization

/// Where a worker puts the quads of one batch: N-Quads text (for files) or quads (for a
/// store), handed to the output in batch order.
struct QuadBuffer: Sendable {
    enum Mode: Sendable { case nquads, quads }

    let mode: Mode
    private(set) var bytes: [UInt8] = []
    private(set) var quads: [Quad] = []
    private(set) var count = 0
    /// Records mapped in this batch.
    var records = 0
    /// Named collections (RML-CC) noted in this batch, written when the source ends.
    var named = NamedCollections()

    init(mode: Mode) {
        self.mode = mode
        if mode == .nquads { bytes.reserveCapacity(1 << 16) }
    }

    /// A buffer writing into recycled storage (emptied, its capacity kept): a batch's
    /// text is megabytes, and fresh storage each time costs page faults and regrowth.
    init(mode: Mode, recycling storage: [UInt8]) {
        self.mode = mode
        bytes = storage
        bytes.removeAll(keepingCapacity: true)
        if mode == .nquads && bytes.capacity < 1 << 16 { bytes.reserveCapacity(1 << 16) }
    }

    /// A term with its N-Triples text, written once and copied into every statement
    /// that uses it (subjects, constant predicates and classes repeat on every line).
    struct EncodedTerm: Sendable {
        let term: Term
        let bytes: [UInt8]

        init(_ term: Term) {
            self.term = term
            var bytes: [UInt8] = []
            QuadBuffer.write(term, to: &bytes)
            self.bytes = bytes
        }
    }

    /// Adds a statement whose subject, predicate and graph are already encoded.
    @inline(__always)
    mutating func add(_ subject: EncodedTerm, _ predicate: EncodedTerm, _ object: Term, _ graph: EncodedTerm?) {
        switch mode {
        case .nquads:
            count += 1
            bytes.append(contentsOf: subject.bytes)
            bytes.append(0x20)
            bytes.append(contentsOf: predicate.bytes)
            bytes.append(0x20)
            Self.write(object, to: &bytes)
            if let graph {
                bytes.append(0x20)
                bytes.append(contentsOf: graph.bytes)
            }
            bytes.append(0x20)
            bytes.append(0x2E)
            bytes.append(0x0A)
        case .quads:
            add(subject.term, predicate.term, object, graph?.term)
        }
    }

    @inline(__always)
    mutating func add(_ subject: Term, _ predicate: Term, _ object: Term, _ graph: Term?) {
        count += 1
        switch mode {
        case .nquads:
            Self.write(subject, to: &bytes)
            bytes.append(0x20)
            Self.write(predicate, to: &bytes)
            bytes.append(0x20)
            Self.write(object, to: &bytes)
            if let graph {
                bytes.append(0x20)
                Self.write(graph, to: &bytes)
            }
            bytes.append(0x20)
            bytes.append(0x2E)
            bytes.append(0x0A)
        case .quads:
            quads.append(Quad(subject, predicate, object, graph: graph))
        }
    }

    /// Lets `body` write statements as N-Triples straight into the text; it returns how
    /// many it wrote, or nil to leave the buffer as it was (N-Quads mode only).
    @inline(__always)
    mutating func appendStatements(_ body: (inout [UInt8]) throws -> Int?) rethrows -> Bool {
        precondition(mode == .nquads, "statements written as text need a text buffer")
        let mark = bytes.count
        if let n = try body(&bytes) {
            count += n
            return true
        }
        bytes.removeLast(bytes.count - mark)
        return false
    }

    // The same N-Triples as NTriplesFormatter, with a fast path: text that needs no
    // escaping (nearly all of it) is copied in one go rather than byte by byte.

    @inline(__always)
    static func write(_ term: Term, to out: inout [UInt8]) {
        switch term {
        case .iri(let iri):
            if !appendIfPlain(iri, to: &out, open: 0x3C, close: 0x3E, escapesIRI: true) { NTriplesFormatter.writeIRI(iri, to: &out) }
        case .blank:
            NTriplesFormatter.write(term, to: &out)
        case .literal(let literal):
            if !appendIfPlain(literal.lexicalForm, to: &out, open: 0x22, close: 0x22, escapesIRI: false) {
                out.append(0x22)
                NTriplesFormatter.writeEscapedString(literal.lexicalForm, to: &out)
                out.append(0x22)
            }
            if let language = literal.language {
                out.append(0x40)
                out.append(contentsOf: language.utf8)
            } else if literal.datatype != XSD.string {
                out.append(0x5E)
                out.append(0x5E)
                if !appendIfPlain(literal.datatype, to: &out, open: 0x3C, close: 0x3E, escapesIRI: true) {
                    NTriplesFormatter.writeIRI(literal.datatype, to: &out)
                }
            }
        }
    }

    /// Appends `open text close` when `text` has no byte that N-Triples escapes there;
    /// returns false (appending nothing) otherwise.
    @inline(__always)
    private static func appendIfPlain(_ text: String, to out: inout [UInt8], open: UInt8, close: UInt8, escapesIRI: Bool) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            for b in buffer {
                if b <= 0x20 || b == 0x22 || b == 0x5C || b == 0x7F {
                    // Space is fine in a literal; quote, backslash and controls are not.
                    if !escapesIRI && b == 0x20 { continue }
                    return false
                }
                if escapesIRI && (b == 0x3C || b == 0x3E || b == 0x7B || b == 0x7D || b == 0x7C || b == 0x5E || b == 0x60) { return false }
            }
            out.append(open)
            out.append(contentsOf: buffer)
            out.append(close)
            return true
        }
    }
}

/// Byte storage handed back by the writer for the next batch's ``QuadBuffer``: at most
/// a few arrays, one per batch in flight.
final class ByteStoragePool: Sendable {
    private let free = Mutex<[[UInt8]]>([])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func take() -> [UInt8] { free.withLock { $0.popLast() } ?? [] }

    func give(_ storage: [UInt8]) {
        free.withLock { if $0.count < limit { $0.append(storage) } }
    }
}
