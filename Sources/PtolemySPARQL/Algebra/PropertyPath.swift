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
