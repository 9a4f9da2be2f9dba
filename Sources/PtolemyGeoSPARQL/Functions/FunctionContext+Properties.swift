import PtolemyGeo
import PtolemyRDF

/// The functions that describe a geometry (https://docs.ogc.org/is/22-047r1/22-047r1.html#_non_topological_query_functions):
/// `dimension`, `coordinateDimension`, `spatialDimension`, `isEmpty`, `isSimple`,
/// `is3D`, `isMeasured`, `numGeometries`, `getSRID`.
extension FunctionContext {
    func propertyFunctions() -> [GeoSPARQLFunction] {
        [
            // The topological dimension: 0 points, 1 curves, 2 surfaces (the largest
            // member's for a collection).
            make("dimension", 1...1) { arguments throws(GeoSPARQLError) in
                Arguments.integer(try geometry(arguments[0]).geometry.dimension)
            },
            // Ordinates per coordinate, counting M (XYZM is 4).
            make("coordinateDimension", 1...1) { arguments throws(GeoSPARQLError) in
                Arguments.integer(try geometry(arguments[0]).literal.coordinateDimension)
            },
            // Spatial ordinates: 2, or 3 with Z.
            make("spatialDimension", 1...1) { arguments throws(GeoSPARQLError) in
                Arguments.integer(try geometry(arguments[0]).literal.spatialDimension)
            },
            make("isEmpty", 1...1) { arguments throws(GeoSPARQLError) in
                Arguments.boolean(try geometry(arguments[0]).geometry.isEmpty)
            },
            make("isSimple", 1...1) { arguments throws(GeoSPARQLError) in
                let a = try geometry(arguments[0])
                return Arguments.boolean(try geo("isSimple") { try a.geometry.isSimple() })
            },
            make("is3D", 1...1) { arguments throws(GeoSPARQLError) in
                Arguments.boolean(try geometry(arguments[0]).literal.hasZ)
            },
            make("isMeasured", 1...1) { arguments throws(GeoSPARQLError) in
                Arguments.boolean(try geometry(arguments[0]).literal.hasM)
            },
            // Members of a collection; 1 for a single geometry; 0 for an empty one.
            make("numGeometries", 1...1) { arguments throws(GeoSPARQLError) in
                let g = try geometry(arguments[0]).geometry
                return Arguments.integer(g.isEmpty ? 0 : g.numGeometries)
            },
            // The CRS IRI, as xsd:anyURI; CRS84 for literals that name none.
            make("getSRID", 1...1) { arguments throws(GeoSPARQLError) in
                .typed(try geometry(arguments[0]).crs.iri, XSD.anyURI)
            },
        ]
    }
}
