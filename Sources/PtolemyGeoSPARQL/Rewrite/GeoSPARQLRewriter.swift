import PtolemyGeo
import PtolemyRDF
import PtolemySPARQL

/// Rewrites a query's algebra so that plain SPARQL evaluation gives GeoSPARQL's
/// answers for the two extensions that change what a basic graph pattern matches:
///
/// - **Query Rewrite Extension** (https://docs.ogc.org/is/22-047r1/22-047r1.html#_query_rewrite_extension,
///   /req/query-rewrite-extension/sf-query-rewrite, eh-query-rewrite, rcc8-query-rewrite):
///   a triple pattern `?a geo:sfWithin ?b` (any of the 24 relation properties) also
///   matches when the relation holds between the features' geometries (or the
///   geometries themselves), as the RIF rules `geor:sfWithin`... derive it.
/// - **RDFS Entailment Extension** (https://docs.ogc.org/is/22-047r1/22-047r1.html#_rdfs_entailment_extension):
///   `?x a geo:SpatialObject` finds features and geometries, `?f geo:hasGeometry ?g` finds
///   `geo:hasDefaultGeometry` links, ... for the GeoSPARQL, Simple Features and GML
///   hierarchy of ``GeoSPARQLOntology``.
///
/// ## The shape of a rewritten relation
/// `?a geo:sfWithin ?b` becomes `DISTINCT(PROJECT(UNION(branches), {?a, ?b}))` joined
/// to the rest of its basic graph pattern. Each branch is one basic graph pattern under
/// one FILTER on the relation's `geof:` function over two serialization variables:
///
///     FILTER(geof:sfWithin(?w1, ?w2)) { ?a geo:hasGeometry ?g1 . ?g1 geo:asWKT ?w1 .
///                                       ?b geo:hasGeometry ?g2 . ?g2 geo:asWKT ?w2 }
///
/// (a spatial planner recognises this and answers it from its index). The branches
/// are: each side a feature (through its geometry) or a geometry (its own
/// serialization), for each serialization property, plus the asserted triple
/// `?a geo:sfWithin ?b`. A geometry literal in subject or object position is used
/// directly (`?f geo:sfWithin "POLYGON(...)"^^geo:wktLiteral`, an extension that Jena
/// also offers). Fresh variables are ``PtolemySPARQL/Variable/Kind/internal``.
///
/// ## Choices where the specification is silent or ambiguous
/// - The RIF rules reach a feature's geometry through `geo:hasDefaultGeometry` only.
///   Much data (and the GeoSPARQL 1.1 examples) links features with `geo:hasGeometry`
///   alone, so a feature without a default geometry uses its `geo:hasGeometry`
///   geometries instead (an inner `FILTER NOT EXISTS { ?a geo:hasDefaultGeometry ?d }`
///   guards that branch). Jena reaches the same answers by asserting default
///   geometries at load time (`GeoSPARQLOperations.applyDefaultGeometry`).
/// - The rules name `geo:asWKT` and `geo:asGML`; 1.1 adds `asGeoJSON`, `asKML` and
///   `asDGGS`, all of which are used.
/// - RDFS entailment uses GeoSPARQL's own axioms, the data's `rdfs:subClassOf` chains
///   down to GeoSPARQL classes and its `rdfs:subPropertyOf` chains down to GeoSPARQL
///   properties; classes given by a variable (`?x a ?c`) are not inferred.
///
/// ## Keeping rewritten queries small
/// ``vocabulary`` tells which IRIs occur in the data (the engine answers from its
/// dictionary): branches over properties and classes the data never uses are left out.
/// With data that links features only through `geo:hasGeometry` and serializes only
/// with `geo:asWKT`, a feature-to-feature relation has just the one branch above (and
/// the geometry-geometry ones).
public struct GeoSPARQLRewriter: Sendable {
    public struct Options: Hashable, Sendable {
        /// Apply the Query Rewrite Extension to the relation properties.
        public var queryRewrite: Bool
        /// Apply RDFS entailment for the GeoSPARQL class and property hierarchy.
        public var rdfsEntailment: Bool

        public init(queryRewrite: Bool = true, rdfsEntailment: Bool = true) {
            self.queryRewrite = queryRewrite
            self.rdfsEntailment = rdfsEntailment
        }
    }

    public let options: Options
    /// Whether the data mentions an IRI (as a predicate, class or any term); nil: assume
    /// it does. Only ever narrows the rewriting to branches that can match.
    public let vocabulary: (@Sendable (String) -> Bool)?
    /// The properties the data declares sub-properties of an IRI, directly or through
    /// a chain of `rdfs:subPropertyOf` (rdfs5); nil: none.
    public let declaredSubproperties: (@Sendable (String) -> [String])?

    public init(options: Options = Options(), vocabulary: (@Sendable (String) -> Bool)? = nil,
                declaredSubproperties: (@Sendable (String) -> [String])? = nil) {
        self.options = options
        self.vocabulary = vocabulary
        self.declaredSubproperties = declaredSubproperties
    }

    /// `algebra` rewritten with the default options, assuming the data may use every IRI.
    public static func rewrite(_ algebra: Algebra) -> Algebra {
        GeoSPARQLRewriter().rewrite(algebra)
    }

    /// `algebra` with relation patterns and GeoSPARQL class and property patterns
    /// rewritten (unchanged when it has none).
    public func rewrite(_ algebra: Algebra) -> Algebra {
        guard options.queryRewrite || options.rdfsEntailment else { return algebra }
        let session = RewriteSession(rewriter: self)
        return session.algebra(algebra)
    }

    func isPresent(_ iri: String) -> Bool { vocabulary?(iri) ?? true }
}

/// One rewriting pass: walks the algebra and numbers fresh variables.
final class RewriteSession {
    let rewriter: GeoSPARQLRewriter
    private var counter = 0

    init(rewriter: GeoSPARQLRewriter) {
        self.rewriter = rewriter
    }

    func fresh(_ hint: String) -> Variable {
        counter += 1
        return Variable("geo\(counter)\(hint)", kind: .internal)
    }

    // MARK: Walking the algebra

    func algebra(_ node: Algebra) -> Algebra {
        switch node {
        case .bgp(let triples): return bgp(triples)
        case .path, .values, .service: return node
        case .join(let l, let r): return .join(algebra(l), algebra(r))
        case .leftJoin(let l, let r, let f): return .leftJoin(algebra(l), algebra(r), filter: f.map(expression))
        case .filter(let e, let inner): return .filter(expression(e), algebra(inner))
        case .union(let l, let r): return .union(algebra(l), algebra(r))
        case .minus(let l, let r): return .minus(algebra(l), algebra(r))
        case .graph(let name, let inner): return .graph(name: name, algebra(inner))
        case .extend(let inner, let v, let e): return .extend(algebra(inner), variable: v, expression: expression(e))
        case .group(let inner, let keys, let aggregates):
            return .group(algebra(inner),
                          keys: keys.map { GroupKey(expression($0.expression), as: $0.variable) },
                          aggregates: aggregates.map { binding in
                              var aggregate = binding.aggregate
                              aggregate.expression = aggregate.expression.map(expression)
                              return AggregateBinding(binding.variable, aggregate)
                          })
        case .orderBy(let inner, let conditions):
            return .orderBy(algebra(inner), conditions.map { OrderCondition(expression($0.expression), descending: $0.descending) })
        case .project(let inner, let variables): return .project(algebra(inner), variables)
        case .distinct(let inner): return .distinct(algebra(inner))
        case .reduced(let inner): return .reduced(algebra(inner))
        case .slice(let inner, let offset, let limit): return .slice(algebra(inner), offset: offset, limit: limit)
        }
    }

    /// Rewrites the patterns of EXISTS and NOT EXISTS inside an expression.
    func expression(_ e: Expression) -> Expression {
        switch e {
        case .term, .variable: return e
        case .exists(let pattern): return .exists(algebra(pattern))
        case .notExists(let pattern): return .notExists(algebra(pattern))
        case .or(let a, let b): return .or(expression(a), expression(b))
        case .and(let a, let b): return .and(expression(a), expression(b))
        case .not(let a): return .not(expression(a))
        case .equal(let a, let b): return .equal(expression(a), expression(b))
        case .notEqual(let a, let b): return .notEqual(expression(a), expression(b))
        case .less(let a, let b): return .less(expression(a), expression(b))
        case .greater(let a, let b): return .greater(expression(a), expression(b))
        case .lessOrEqual(let a, let b): return .lessOrEqual(expression(a), expression(b))
        case .greaterOrEqual(let a, let b): return .greaterOrEqual(expression(a), expression(b))
        case .add(let a, let b): return .add(expression(a), expression(b))
        case .subtract(let a, let b): return .subtract(expression(a), expression(b))
        case .multiply(let a, let b): return .multiply(expression(a), expression(b))
        case .divide(let a, let b): return .divide(expression(a), expression(b))
        case .unaryPlus(let a): return .unaryPlus(expression(a))
        case .unaryMinus(let a): return .unaryMinus(expression(a))
        case .in(let a, let list): return .in(expression(a), list.map(expression))
        case .notIn(let a, let list): return .notIn(expression(a), list.map(expression))
        case .builtIn(let f, let arguments): return .builtIn(f, arguments.map(expression))
        case .function(let iri, let arguments, let distinct): return .function(iri, arguments.map(expression), distinct: distinct)
        }
    }

    // MARK: Basic graph patterns

    /// The BGP's ordinary triples stay one BGP; each relation or entailment triple
    /// becomes its own sub-pattern joined to it.
    func bgp(_ triples: [TriplePattern]) -> Algebra {
        var plain: [TriplePattern] = []
        var rewritten: [Algebra] = []
        for triple in triples {
            if let replacement = rewrite(triple) {
                rewritten.append(replacement)
            } else {
                plain.append(triple)
            }
        }
        guard !rewritten.isEmpty else { return .bgp(triples) }
        var result: Algebra = .bgp(plain)
        for pattern in rewritten { result = .joined(result, pattern) }
        return result
    }

    /// The replacement of one triple pattern, or nil to keep it.
    func rewrite(_ triple: TriplePattern) -> Algebra? {
        guard case .term(.iri(let predicate)) = triple.predicate else { return nil }
        if rewriter.options.queryRewrite, let relation = SpatialRelation(propertyIRI: predicate) {
            return relationPattern(triple, relation)
        }
        guard rewriter.options.rdfsEntailment else { return nil }
        if predicate == RDFVocabulary.type, case .term(.iri(let type)) = triple.object, GeoSPARQLOntology.isClass(type) {
            return typePattern(triple.subject, type)
        }
        if predicate.hasPrefix(GeoSPARQL.geo), GeoSPARQLOntology.hasSubproperties(predicate) || subproperties(of: predicate).count > 1 {
            return propertyPattern(triple, predicate)
        }
        return nil
    }

    /// The property and its sub-properties (reflexive, transitive): GeoSPARQL's own and
    /// those the data declares, of it or of any of them.
    func subproperties(of property: String) -> [String] {
        var result = GeoSPARQLOntology.subproperties(of: property)
        guard let declared = rewriter.declaredSubproperties else { return result }
        var seen = Set(result)
        var i = 0
        while i < result.count {
            for sub in declared(result[i]) where seen.insert(sub).inserted { result.append(sub) }
            i += 1
        }
        return result
    }

    /// `DISTINCT(PROJECT(UNION(branches), variables))`; the single branch itself when it
    /// is one triple pattern (which cannot repeat a solution).
    func distinctUnion(_ branches: [Algebra], of triple: TriplePattern) -> Algebra {
        guard let first = branches.first else { return .bgp([triple]) }
        if branches.count == 1, case .bgp(let triples) = first, triples.count == 1 { return first }
        let union = branches.dropFirst().reduce(first) { .union($0, $1) }
        return .distinct(.project(union, triple.variables.filter { $0 != triple.predicate.variable }))
    }
}
