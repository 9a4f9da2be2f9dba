import PtolemyGeo
import PtolemyRDF

/// The functions that build a geometry (https://docs.ogc.org/is/22-047r1/22-047r1.html#_non_topological_query_functions):
/// `buffer`, `convexHull`, `intersection`, `union`, `difference`, `symDifference`,
/// `envelope`, `boundary`, `centroid`, `geometryN`, `transform`.
extension FunctionContext {
    func constructionFunctions() -> [GeoSPARQLFunction] {
        [
            unary("convexHull") { try $0.convexHull() },
            unary("envelope") { try $0.envelope() },
            unary("boundary") { try $0.boundary() },
            unary("centroid") { try $0.centroid() },
            binary("intersection") { try $0.intersection($1) },
            binary("union") { try $0.union($1) },
            binary("difference") { try $0.difference($1) },
            binary("symDifference") { try $0.symDifference($1) },
            // geof:buffer(geom, radius, units)
            make("buffer", 2...3) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                let radius = try Arguments.number(arguments[1], "the buffer radius")
                let unit = arguments.count == 3 ? try Arguments.unit(arguments[2]) : UnitOfMeasure(iri: UnitOfMeasure.metreIRI)!
                let result = try MetricGeometry.buffer(a.geometry, crs: a.crs, radius: radius, unit: unit)
                return try Arguments.geometry(result, crs: a.crs, format: a.format)
            },
            // geof:geometryN(geom, n): the n-th member, counting from 1.
            make("geometryN", 2...2) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                let n = try Arguments.integer(arguments[1], "the geometry index")
                let count = a.geometry.numGeometries
                guard n >= 1, n <= count, !a.geometry.isEmpty else {
                    throw GeoSPARQLError(.undefined, "geometryN: index \(n) is outside 1...\(a.geometry.isEmpty ? 0 : count)")
                }
                let member = try geo("geometryN") { try a.geometry.geometry(at: n - 1) }
                return try Arguments.geometry(member, crs: a.crs, format: a.format)
            },
            // geof:transform(geom, srsIRI): the geometry in another CRS. GeoJSON and KML
            // can only carry CRS84, so a transform of one of those to another CRS is
            // written as a WKT literal.
            make("transform", 2...2) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                let target = CRS(iri: try Arguments.iri(arguments[1], "the target CRS"))
                let transformed = try a.transformed(to: target)
                var format = a.format
                if (format == .geoJSON || format == .kml), target != .crs84, target != .crs84h { format = .wkt }
                return .typed(try geo("transform") { try transformed.literal.lexicalForm(format) }, format.datatypeIRI)
            },
        ]
    }

    private func unary(_ name: String, _ operation: @escaping @Sendable (Geometry) throws -> Geometry) -> GeoSPARQLFunction {
        make(name, 1...1) { arguments throws(GeoSPARQLError) in
            let a = try geometry(arguments[0])
            let result = try geo(name) { try operation(a.geometry) }
            return try Arguments.geometry(result, crs: a.crs, format: a.format)
        }
    }

    private func binary(_ name: String, _ operation: @escaping @Sendable (Geometry, Geometry) throws -> Geometry) -> GeoSPARQLFunction {
        make(name, 2...2) { arguments throws(GeoSPARQLError) in
            let (a, b) = try pair(arguments[0], arguments[1])
            let result = try geo(name) { try operation(a.geometry, b.geometry) }
            return try Arguments.geometry(result, crs: a.crs, format: a.format)
        }
    }
}
