import PtolemyGeo
import PtolemyRDF

/// The serialization functions of GeoSPARQL 1.1 (https://docs.ogc.org/is/22-047r1/22-047r1.html#_function_geofaswkt
/// and the sections after it): `asWKT`, `asGML`, `asGeoJSON`, `asKML`, `asDGGS`.
extension FunctionContext {
    func serializationFunctions() -> [GeoSPARQLFunction] {
        [
            serialization("asWKT", .wkt, 1...1),
            // geof:asGML(geom, gmlProfile): Ptolemy writes GML 3.2 (the profile it
            // documents, /req/geometry-extension/gml-profile) whatever profile is asked.
            serialization("asGML", .gml, 1...2),
            serialization("asGeoJSON", .geoJSON, 1...1),
            serialization("asKML", .kml, 1...1),
            // geof:asDGGS(geom, specificDggsDatatype): refused, no DGGS is implemented.
            make("asDGGS", 1...2) { _ throws(GeoSPARQLError) in
                throw GeoSPARQLError(.unsupported, "geof:asDGGS is not supported: Ptolemy implements no Discrete Global Grid System")
            },
        ]
    }

    private func serialization(_ name: String, _ format: GeometryLiteral.Format, _ arity: ClosedRange<Int>) -> GeoSPARQLFunction {
        make(name, arity) { arguments throws(GeoSPARQLError) in
            let a = try geometry(arguments[0])
            return .typed(try geo(name) { try a.literal.lexicalForm(format) }, format.datatypeIRI)
        }
    }
}
