import PtolemyRDF
import PtolemyGeo
import Foundation

/// Geometry functions for RML-FNML, in the spirit of GeoTriples' mapping functions:
/// serializations, measures, constructions and CRS transformation of a geometry read
/// from the data.
///
/// Namespace `https://w3id.org/ptolemy/function#` (prefix `ptf:`; documented in
/// `mappings/README.md`). Every function takes the geometry as `ptf:geometry`: a WKT
/// literal (optionally prefixed with `<crs-iri>`, GeoSPARQL style), GeoJSON, or GML,
/// recognised from the text (or from the value's datatype when the value comes from a
/// geospatial source). `ptf:crs` gives the CRS of WKT without a CRS prefix (default
/// CRS84), and for `ptf:transform` the target CRS (an IRI such as
/// `http://www.opengis.net/def/crs/EPSG/0/3035`, or `EPSG:3035`). Every function has
/// one output, `ptf:result`.
///
/// | function | result |
/// |---|---|
/// | `ptf:asWKT`, `ptf:asGML`, `ptf:asGeoJSON` | the geometry as a `geo:wktLiteral` / `geo:gmlLiteral` / `geo:geoJSONLiteral` |
/// | `ptf:area`, `ptf:length` | planar area / length in the CRS's units (`xsd:double`) |
/// | `ptf:areaInSquareMetres`, `ptf:lengthInMetres` | geodesic on the CRS's ellipsoid for geographic CRSs, planar × unit² for projected ones |
/// | `ptf:centroid`, `ptf:envelope`, `ptf:convexHull`, `ptf:pointOnSurface` | a `geo:wktLiteral` in the same CRS |
/// | `ptf:dimension` | topological dimension, 0-2 (`xsd:integer`) |
/// | `ptf:isSimple`, `ptf:isEmpty`, `ptf:isValid` | `xsd:boolean` |
/// | `ptf:geometryType` | `Point`, `Polygon`, … |
/// | `ptf:transform` | the geometry in the CRS `ptf:crs`, as a `geo:wktLiteral` |
enum GeometryFunctions {
    static let ns = "https://w3id.org/ptolemy/function#"
    static let geometry = ns + "geometry"
    static let crs = ns + "crs"
    static let result = ns + "result"

    static let wktLiteral = GeometryLiteral.Format.wkt.datatypeIRI

    static var all: [FunctionRegistry.Function] {
        func unary(_ name: String, _ body: @escaping @Sendable (GeometryLiteral) throws -> DataValue?) -> FunctionRegistry.Function {
            FunctionRegistry.Function(iri: ns + name, parameters: [geometry, crs], required: [geometry], outputs: [result]) { a in
                try body(try literal(a[geometry]!, crs: a[crs]?.string))
            }
        }
        return [
            unary("asWKT") { .typed(try $0.lexicalForm(.wkt), datatype: wktLiteral) },
            unary("asGML") { .typed(try $0.lexicalForm(.gml), datatype: GeometryLiteral.Format.gml.datatypeIRI) },
            unary("asGeoJSON") { .typed(try $0.lexicalForm(.geoJSON), datatype: GeometryLiteral.Format.geoJSON.datatypeIRI) },
            unary("area") { double(try $0.geometry().area) },
            unary("length") { double(try $0.geometry().length) },
            unary("areaInSquareMetres") { double(try $0.geometry().areaInSquareMetres(crs: $0.crs)) },
            unary("lengthInMetres") { double(try $0.geometry().lengthInMetres(crs: $0.crs)) },
            unary("centroid") { try wkt(try $0.geometry().centroid(), $0.crs) },
            unary("envelope") { try wkt(try $0.geometry().envelope(), $0.crs) },
            unary("convexHull") { try wkt(try $0.geometry().convexHull(), $0.crs) },
            unary("pointOnSurface") { try wkt(try $0.geometry().pointOnSurface(), $0.crs) },
            unary("dimension") { .typed(String(try $0.geometry().dimension), datatype: XSD.integer) },
            unary("isSimple") { boolean(try $0.geometry().isSimple()) },
            unary("isEmpty") { boolean($0.isEmpty) },
            unary("isValid") { boolean(try $0.geometry().isValid) },
            unary("geometryType") { .string($0.type.name) },
            FunctionRegistry.Function(iri: ns + "transform", parameters: [geometry, crs, ns + "sourceCRS"], required: [geometry, crs],
                                      outputs: [result]) { a in
                let source = try literal(a[geometry]!, crs: a[ns + "sourceCRS"]?.string)
                let target = CRS(iri: a[crs]!.string)
                do {
                    return .typed(try source.transformed(to: target).lexicalForm(.wkt), datatype: wktLiteral)
                } catch {
                    throw MappingError(.function, "cannot transform the geometry from \(source.crs) to \(target): \(error)")
                }
            },
        ]
    }

    static func double(_ value: Double) -> DataValue { .typed(format(value), datatype: XSD.double) }
    static func boolean(_ value: Bool) -> DataValue { .typed(value ? "true" : "false", datatype: XSD.boolean) }
    static func wkt(_ g: Geometry, _ crs: CRS) throws -> DataValue {
        .typed(try GeometryLiteral(g, crs: crs).lexicalForm(.wkt), datatype: wktLiteral)
    }

    /// Reads a geometry argument: by datatype when it has one, else from the text.
    static func literal(_ value: DataValue, crs: String?) throws -> GeometryLiteral {
        var text = value.string
        var format: GeometryLiteral.Format
        if let datatype = value.naturalDatatype, let f = GeometryLiteral.Format(datatypeIRI: datatype) {
            format = f
        } else {
            let trimmed = text.trimmingSpaces
            if trimmed.hasPrefix("{") {
                format = .geoJSON
            } else if trimmed.hasPrefix("<") && !trimmed.hasPrefix("<http") && !trimmed.hasPrefix("<urn") {
                format = .gml
            } else {
                format = .wkt
            }
        }
        if format == .wkt, let crs, !crs.isEmpty, !text.trimmingSpaces.hasPrefix("<") {
            text = "<\(CRS(iri: crs).iri)> " + text
        }
        do {
            return try GeometryLiteral(parsing: text, format: format)
        } catch {
            throw MappingError(.data, "not a geometry (\(format)): \(error)")
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(format: "%.1f", value) }
        return "\(value)"
    }
}
