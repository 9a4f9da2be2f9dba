import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// Plugs the GeoSPARQL function library (PtolemyGeoSPARQL) into the evaluator: every
/// `geof:` function as an ``ExtensionFunction`` and every spatial aggregate as a custom
/// aggregate (https://docs.ogc.org/is/22-047r1/22-047r1.html#_geometry_extension).
extension FunctionRegistry {
    /// Registers the `geof:` functions and aggregates over `library`'s geometry cache.
    public mutating func registerGeoSPARQL(_ library: GeoSPARQLFunctionLibrary = GeoSPARQLFunctionLibrary()) {
        for function in library.functions {
            register(function.iri, ExtensionFunction(arity: function.arity) { values in
                do {
                    return EvalValue(try function.evaluate(values.map(\.term)))
                } catch {
                    // A GeoSPARQL function failing on its input is an expression error.
                    throw ExpressionError("\(function.localName): \(error)")
                }
            })
        }
        for aggregate in library.aggregates {
            registerAggregate(aggregate.iri) { SpatialAggregateAccumulator(aggregate.makeAggregator()) }
        }
    }
}

/// A GeoSPARQL spatial aggregate as an ``AggregateAccumulator``.
struct SpatialAggregateAccumulator: AggregateAccumulator {
    private var aggregator: SpatialAggregator

    init(_ aggregator: SpatialAggregator) {
        self.aggregator = aggregator
    }

    mutating func add(_ value: EvalValue?) {
        aggregator.add(value?.term)
    }

    func result() -> EvalValue? {
        aggregator.result().map { EvalValue($0) }
    }
}

extension GeoSPARQLRewriter {
    /// A rewriter that leaves out branches over GeoSPARQL IRIs `snapshot` never mentions
    /// (its dictionary holds every term of the data), so that queries over data without
    /// default geometries, GML or declared subclasses stay as simple as they were written.
    public init(snapshot: StoreSnapshot, options: Options = Options()) {
        self.init(options: options, vocabulary: { iri in
            ((try? snapshot.id(for: .iri(iri))) ?? nil) != nil
        })
    }
}
