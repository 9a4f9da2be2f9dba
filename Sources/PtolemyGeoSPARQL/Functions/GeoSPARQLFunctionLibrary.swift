import PtolemyGeo
import PtolemyRDF

/// Every `geof:` function of GeoSPARQL 1.0 and 1.1
/// (https://docs.ogc.org/is/22-047r1/22-047r1.html#_geometry_extension and
/// #_geometry_topology_extension), over one shared ``GeometryCache``.
///
/// Rules every function follows (where the specification leaves room, the choice
/// and the implementation it follows are noted):
/// - Arguments are geometry literals of any serialization (`geo:wktLiteral`,
///   `gmlLiteral`, `geoJSONLiteral`, `kmlLiteral`; an empty `dggsLiteral`). Anything
///   else is a type error, which SPARQL makes an unbound value or a false FILTER.
/// - Two geometries in different CRSs are compared and combined in the CRS of the
///   first: the second is transformed with PROJ (GeoSPARQL 1.1, section 9.1).
/// - A geometry result has the CRS and the serialization of the first argument
///   (Apache Jena GeoSPARQL does the same; the specification only says
///   "ogc:geomLiteral"). GeoJSON and KML results are in CRS84, as those formats require.
/// - Measures take a unit IRI (``UnitOfMeasure``); linear units on a geographic CRS
///   measure in metres on the ellipsoid (geodesic), on a projected CRS in the plane
///   scaled by the CRS's unit. Without the optional unit argument (an extension: the
///   specification makes it required for `distance` and `buffer`), metres.
/// - Invalid geometries (self-intersecting polygons...) are not repaired: a
///   predicate GEOS can decide is answered, an operation GEOS refuses is an error.
public struct GeoSPARQLFunctionLibrary: Sendable {
    /// Where parsed literals are kept.
    public let cache: GeometryCache
    private let table: [String: GeoSPARQLFunction]

    /// The library over `cache` (the process-wide one by default).
    public init(cache: GeometryCache = .shared) {
        self.cache = cache
        var table: [String: GeoSPARQLFunction] = [:]
        for function in Self.makeFunctions(cache: cache) { table[function.iri] = function }
        self.table = table
    }

    /// All functions, sorted by IRI.
    public var functions: [GeoSPARQLFunction] { table.values.sorted { $0.iri < $1.iri } }

    /// The function with this IRI.
    public func function(_ iri: String) -> GeoSPARQLFunction? { table[iri] }

    /// The spatial aggregates (`geof:aggUnion`...), over this library's cache.
    public var aggregates: [GeoSPARQLAggregate] { GeoSPARQLAggregate.all(cache: cache) }

    static func makeFunctions(cache: GeometryCache) -> [GeoSPARQLFunction] {
        let context = FunctionContext(cache: cache)
        return context.topologyFunctions() + context.constructionFunctions() + context.measureFunctions()
            + context.propertyFunctions() + context.serializationFunctions()
    }
}

/// What the function implementations share: the cache and the argument readers.
struct FunctionContext: Sendable {
    let cache: GeometryCache

    /// The geometry of argument `term`.
    func geometry(_ term: Term) throws(GeoSPARQLError) -> ParsedGeometry {
        try cache.geometry(term)
    }

    /// Two geometry arguments, the second in the CRS of the first.
    func pair(_ first: Term, _ second: Term) throws(GeoSPARQLError) -> (ParsedGeometry, ParsedGeometry) {
        let a = try geometry(first)
        let b = try geometry(second)
        return (a, try b.transformed(to: a.crs))
    }

    func make(_ localName: String, _ arity: ClosedRange<Int>,
              _ body: @escaping @Sendable ([Term]) throws(GeoSPARQLError) -> Term) -> GeoSPARQLFunction {
        GeoSPARQLFunction(iri: GeoSPARQL.function(localName), arity: arity, evaluate: body)
    }
}
