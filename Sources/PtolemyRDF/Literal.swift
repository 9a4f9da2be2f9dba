/// An RDF literal: a lexical form with a datatype IRI, or a language-tagged string.
///
/// The lexical form is kept exactly as written: Ptolemy never rewrites `"01"^^xsd:integer`
/// into `"1"`. Language tags are stored as given; comparisons that the RDF 1.1
/// specification makes case-insensitive use ``normalizedLanguage``.
///
/// See https://www.w3.org/TR/rdf11-concepts/#section-Graph-Literal
public struct Literal: Hashable, Sendable {
    /// The lexical form (a Unicode string).
    public var lexicalForm: String
    /// The datatype IRI; `rdf:langString` when ``language`` is set.
    public var datatype: String
    /// The language tag, when the literal is an `rdf:langString`.
    public var language: String?

    /// A simple literal, or a literal of the given datatype.
    @inlinable
    public init(_ lexicalForm: String, datatype: String = XSD.string) {
        self.lexicalForm = lexicalForm
        self.datatype = datatype
        self.language = nil
    }

    /// A language-tagged string.
    @inlinable
    public init(_ lexicalForm: String, language: String) {
        self.lexicalForm = lexicalForm
        self.datatype = RDFVocabulary.langString
        self.language = language
    }

    /// Whether this is a plain `xsd:string` literal.
    @inlinable
    public var isSimple: Bool { language == nil && datatype == XSD.string }

    /// The language tag in lower case (RDF 1.1 compares tags case-insensitively).
    @inlinable
    public var normalizedLanguage: String? { language?.lowercased() }

    // Equality treats language tags case-insensitively, as RDF 1.1 term equality does.
    @inlinable
    public static func == (lhs: Literal, rhs: Literal) -> Bool {
        guard lhs.lexicalForm == rhs.lexicalForm, lhs.datatype == rhs.datatype else { return false }
        switch (lhs.language, rhs.language) {
        case (nil, nil): return true
        case let (l?, r?): return l == r || l.lowercased() == r.lowercased()
        default: return false
        }
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(lexicalForm)
        hasher.combine(datatype)
        hasher.combine(language?.lowercased())
    }
}
