public import PtolemyRDF

/// The kind of a ``RawTerm``.
public enum RawTermKind: UInt8, Sendable {
    case iri, blank, literal
}

/// A term of an N-Triples / N-Quads statement as a view into the parser's buffers.
///
/// This is the bulk loader's zero-allocation interface (see ``NTriplesParser/parseRaw(source:fileName:onError:onStatement:)``):
/// no `String` is made, escapes are already decoded, and the bytes are valid UTF-8.
/// The buffers are valid **only during the callback** that receives the statement;
/// copy what you keep.
public struct RawTerm {
    /// IRI, blank node or literal.
    public var kind: RawTermKind
    /// The IRI (absolute, without `<>`), the blank-node label (without `_:`), or the
    /// literal's lexical form; unescaped UTF-8.
    public var value: UnsafeBufferPointer<UInt8>
    /// The datatype IRI of a typed literal; empty for simple literals (including an
    /// explicit `^^xsd:string`, the same term in RDF 1.1) and for language-tagged strings.
    public var datatype: UnsafeBufferPointer<UInt8>
    /// The language tag of a language-tagged string, as written; empty otherwise.
    public var language: UnsafeBufferPointer<UInt8>

    @inlinable
    public init(kind: RawTermKind, value: UnsafeBufferPointer<UInt8>,
                datatype: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0),
                language: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) {
        self.kind = kind
        self.value = value
        self.datatype = datatype
        self.language = language
    }

    /// The value as a `String` (allocates).
    public var valueString: String { String(decoding: value, as: UTF8.self) }

    /// An owned ``Term`` with the same content (allocates).
    public func makeTerm() -> Term {
        switch kind {
        case .iri:
            return .iri(String(decoding: value, as: UTF8.self))
        case .blank:
            return .blank(String(decoding: value, as: UTF8.self))
        case .literal:
            let lexical = String(decoding: value, as: UTF8.self)
            if language.count > 0 {
                return .literal(Literal(lexical, language: String(decoding: language, as: UTF8.self)))
            }
            if datatype.count > 0 {
                return .literal(Literal(lexical, datatype: String(decoding: datatype, as: UTF8.self)))
            }
            return .literal(Literal(lexical))
        }
    }
}

/// One N-Triples / N-Quads statement as views into the parser's buffers; see ``RawTerm``.
public struct RawStatement {
    public var subject: RawTerm
    public var predicate: RawTerm
    public var object: RawTerm
    /// The graph label (N-Quads), or nil for the default graph.
    public var graph: RawTerm?
    /// The 1-based line the statement is on.
    public var line: Int

    /// An owned ``Quad`` with the same content (allocates).
    public func makeQuad() -> Quad {
        Quad(subject.makeTerm(), predicate.makeTerm(), object.makeTerm(), graph: graph?.makeTerm())
    }
}
