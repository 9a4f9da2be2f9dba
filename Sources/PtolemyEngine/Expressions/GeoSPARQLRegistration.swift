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
        }, declaredSubproperties: { iri in
            guard let hierarchy = try? snapshot.derived.value("declared-subproperties", make: { try DeclaredSubproperties(snapshot) }) else {
                return []
            }
            return hierarchy.closure(below: iri)
        })
    }
}

/// The data's `rdfs:subPropertyOf` declarations (default graph, between IRIs), read once
/// per snapshot: the RDFS entailment of GeoSPARQL properties follows them (rdfs5, rdfs7).
struct DeclaredSubproperties: Sendable {
    private var children: [String: [String]] = [:]

    init(_ snapshot: StoreSnapshot) throws {
        guard let predicate = try snapshot.id(for: .iri(RDFS.subPropertyOf)) else { return }
        var pairs: [(sub: UInt64, parent: UInt64)] = []
        var scanner = snapshot.scan(PartitionKey(predicate: predicate), .subjectObject)
        while let chunk = try scanner.next() {
            for r in 0..<chunk.count where chunk.g[r] == 0 { pairs.append((chunk.a[r], chunk.b[r])) }
        }
        for (sub, parent) in pairs {
            guard case .iri(let s) = try snapshot.term(for: TermID(rawValue: sub)),
                  case .iri(let p) = try snapshot.term(for: TermID(rawValue: parent)), s != p else { continue }
            children[p, default: []].append(s)
        }
    }

    /// Every property declared below `iri`, directly or through others (not `iri` itself).
    func closure(below iri: String) -> [String] {
        var result: [String] = []
        var seen: Set<String> = [iri]
        var frontier = [iri]
        while let next = frontier.popLast() {
            for child in children[next] ?? [] where seen.insert(child).inserted {
                result.append(child)
                frontier.append(child)
            }
        }
        return result.sorted()
    }
}
