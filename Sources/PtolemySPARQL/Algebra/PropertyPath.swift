/// A property path expression, translated as in
/// https://www.w3.org/TR/sparql11-query/#sparqlTranslatePathExpressions
///
/// A negated property set that mixes forward and inverse IRIs, `!(:a|^:b)`, is
/// `alternative(negatedPropertySet(["a"]), inverse(negatedPropertySet(["b"])))`;
/// one of inverse IRIs only, `!^:b`, is `inverse(negatedPropertySet(["b"]))`.
/// Paths that are a single IRI, its inverse, or a sequence never reach the
/// algebra as `.path` nodes: they become triple patterns (see ``Algebra/path(subject:path:object:)``).
public indirect enum PropertyPath: Hashable, Sendable {
    /// `iri`: one edge labelled with the IRI.
    case link(String)
    /// `^path`.
    case inverse(PropertyPath)
    /// `path1 / path2`.
    case sequence(PropertyPath, PropertyPath)
    /// `path1 | path2`.
    case alternative(PropertyPath, PropertyPath)
    /// `path*`.
    case zeroOrMore(PropertyPath)
    /// `path+`.
    case oneOrMore(PropertyPath)
    /// `path?`.
    case zeroOrOne(PropertyPath)
    /// `!(iri1|...|irin)`: one forward edge whose label is none of the IRIs.
    case negatedPropertySet([String])
}

extension PropertyPath {
    /// The IRIs the path names (a negated property set's excluded IRIs included).
    public var predicateIRIs: Set<String> {
        switch self {
        case .link(let iri): return [iri]
        case .negatedPropertySet(let iris): return Set(iris)
        case .inverse(let p), .zeroOrMore(let p), .oneOrMore(let p), .zeroOrOne(let p): return p.predicateIRIs
        case .sequence(let a, let b), .alternative(let a, let b): return a.predicateIRIs.union(b.predicateIRIs)
        }
    }
}

extension PropertyPath {
    /// Whether a negated property set occurs in the path.
    public var containsNegatedPropertySet: Bool {
        switch self {
        case .link: return false
        case .negatedPropertySet: return true
        case .inverse(let p), .zeroOrMore(let p), .oneOrMore(let p), .zeroOrOne(let p): return p.containsNegatedPropertySet
        case .sequence(let a, let b), .alternative(let a, let b): return a.containsNegatedPropertySet || b.containsNegatedPropertySet
        }
    }
}
