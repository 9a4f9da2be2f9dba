import PtolemyGeo
import PtolemyRDF

/// The measuring functions (https://docs.ogc.org/is/22-047r1/22-047r1.html#_non_topological_query_functions):
/// `distance`, `area`, `length`, and the extents `minX` ... `maxZ`.
extension FunctionContext {
    func measureFunctions() -> [GeoSPARQLFunction] {
        var functions = [
            // geof:distance(geom1, geom2, units)
            make("distance", 2...3) { arguments throws(GeoSPARQLError) in
                let (a, b) = try pair(arguments[0], arguments[1])
                let unit = try unitArgument(arguments, at: 2)
                return Arguments.double(try MetricGeometry.distance(a.geometry, b.geometry, crs: a.crs, unit: unit))
            },
            // geof:area(geom, units) (1.1)
            make("area", 1...2) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                let unit = try unitArgument(arguments, at: 1)
                return Arguments.double(try MetricGeometry.area(a.geometry, crs: a.crs, unit: unit))
            },
            // geof:length(geom, units) (1.1): the length of curves, the perimeter of surfaces.
            make("length", 1...2) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                let unit = try unitArgument(arguments, at: 1)
                return Arguments.double(try MetricGeometry.length(a.geometry, crs: a.crs, unit: unit))
            },
        ]
        // geof:minX ... geof:maxZ (1.1): the extent in the CRS's own axes (X is latitude
        // in EPSG:4326); an error for an empty geometry, and for Z without Z values.
        let extents: [(String, @Sendable (Geometry) -> Double?)] = [
            ("minX", { $0.minX }), ("maxX", { $0.maxX }), ("minY", { $0.minY }), ("maxY", { $0.maxY }),
            ("minZ", { $0.minZ }), ("maxZ", { $0.maxZ }),
        ]
        for (name, extent) in extents {
            functions.append(make(name, 1...1) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                guard let value = extent(a.geometry) else {
                    throw GeoSPARQLError(.undefined, "\(name) of \(a.geometry.isEmpty ? "an empty geometry" : "a geometry without Z") is undefined")
                }
                return Arguments.double(value)
            })
        }
        return functions
    }

    /// The optional unit argument at `index`; metres when absent.
    private func unitArgument(_ arguments: [Term], at index: Int) throws(GeoSPARQLError) -> UnitOfMeasure {
        guard index < arguments.count else { return UnitOfMeasure(iri: UnitOfMeasure.metreIRI)! }
        return try Arguments.unit(arguments[index])
    }
}
