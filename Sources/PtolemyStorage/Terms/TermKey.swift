import PtolemyRDF

/// The byte key under which the dictionary stores a term: a kind byte, then the term's text.
///
/// | kind | layout                              |
/// |------|-------------------------------------|
/// | 1    | IRI                                 |
/// | 2    | blank-node label                    |
/// | 3    | lexical form (xsd:string)           |
/// | 4    | language tag, 0x00, lexical form    |
/// | 5    | datatype IRI, 0x00, lexical form    |
///
/// Kinds match ``TermID/Tag`` raw values 1–5, so a key tells the tag of its ID.
/// IRIs and language tags never contain NUL, so the separators are unambiguous;
/// lexical forms may, which is why they come last.
public enum TermKey {
    /// The key of a term that is not inlined.
    public static func encode(_ term: Term, into out: inout [UInt8]) {
        switch term {
        case .iri(let iri):
            out.append(TermID.Tag.iri.rawValue)
            out.append(contentsOf: iri.utf8)
        case .blank(let label):
            out.append(TermID.Tag.blank.rawValue)
            out.append(contentsOf: label.utf8)
        case .literal(let literal):
            if let language = literal.language {
                out.append(TermID.Tag.langLiteral.rawValue)
                out.append(contentsOf: language.lowercased().utf8)
                out.append(0)
            } else if literal.datatype == XSD.string {
                out.append(TermID.Tag.stringLiteral.rawValue)
            } else {
                out.append(TermID.Tag.typedLiteral.rawValue)
                out.append(contentsOf: literal.datatype.utf8)
                out.append(0)
            }
            out.append(contentsOf: literal.lexicalForm.utf8)
        }
    }

    /// The key of a term.
    public static func encode(_ term: Term) -> [UInt8] {
        var out: [UInt8] = []
        encode(term, into: &out)
        return out
    }

    /// The term a key stands for.
    public static func decode(_ key: UnsafeRawBufferPointer) -> Term? {
        guard let kind = key.first, let tag = TermID.Tag(rawValue: kind) else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: key[1...])
        switch tag {
        case .iri: return .iri(String(decoding: body, as: UTF8.self))
        case .blank: return .blank(String(decoding: body, as: UTF8.self))
        case .stringLiteral: return .literal(Literal(String(decoding: body, as: UTF8.self)))
        case .langLiteral, .typedLiteral:
            guard let zero = body.firstIndex(of: 0) else { return nil }
            let head = String(decoding: body[..<zero], as: UTF8.self)
            let lexical = String(decoding: body[(zero + 1)...], as: UTF8.self)
            return tag == .langLiteral ? .literal(Literal(lexical, language: head)) : .literal(Literal(lexical, datatype: head))
        default:
            return nil
        }
    }

    /// The term a key stands for.
    public static func decode(_ key: [UInt8]) -> Term? {
        key.withUnsafeBytes { decode($0) }
    }

    /// The ID tag of a key.
    @inlinable
    public static func tag(of key: UnsafeRawBufferPointer) -> TermID.Tag {
        TermID.Tag(rawValue: key.first ?? 0) ?? .none
    }
}
