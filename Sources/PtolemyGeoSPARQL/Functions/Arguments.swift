import PtolemyGeo
import PtolemyRDF

/// Reading function arguments and writing results: the typing rules the `geof:`
/// functions share.
enum Arguments {
    /// A number argument: any literal of a numeric XSD datatype (the integer family,
    /// `xsd:decimal`, `xsd:float`, `xsd:double`).
    static func number(_ term: Term, _ what: String) throws(GeoSPARQLError) -> Double {
        guard case .literal(let literal) = term, isNumeric(literal.datatype) else {
            throw GeoSPARQLError(.typeError, "\(what) must be a number, not \(term)")
        }
        let text = literal.lexicalForm.trimmingSpaces
        let value: Double?
        switch text {
        case "INF", "+INF": value = .infinity
        case "-INF": value = -.infinity
        case "NaN": value = .nan
        default: value = text.lowercased().contains("inf") || text.lowercased().contains("nan") ? nil : Double(text)
        }
        guard let value else { throw GeoSPARQLError(.typeError, "\(what): '\(literal.lexicalForm)' is not a valid number") }
        return value
    }

    /// An integer argument (an integer-family literal, or a decimal/double with an integral value).
    static func integer(_ term: Term, _ what: String) throws(GeoSPARQLError) -> Int {
        let value = try number(term, what)
        guard value.isFinite, value == value.rounded(), abs(value) < 1e15 else {
            throw GeoSPARQLError(.typeError, "\(what) must be an integer, not \(term)")
        }
        return Int(value)
    }

    /// An IRI argument: an IRI, or an `xsd:anyURI` or `xsd:string` literal holding one
    /// (the spec types these arguments `xsd:anyURI`; queries write them both ways).
    static func iri(_ term: Term, _ what: String) throws(GeoSPARQLError) -> String {
        switch term {
        case .iri(let iri): return iri
        case .literal(let literal) where literal.datatype == XSD.anyURI || literal.datatype == XSD.string:
            return literal.lexicalForm.trimmingSpaces
        default: throw GeoSPARQLError(.typeError, "\(what) must be an IRI, not \(term)")
        }
    }

    /// A unit-of-measure argument.
    static func unit(_ term: Term) throws(GeoSPARQLError) -> UnitOfMeasure {
        let iri = try iri(term, "the unit")
        guard let unit = UnitOfMeasure(iri: iri) else {
            throw GeoSPARQLError(.unsupported, "unknown unit of measure <\(iri)> (use the OGC units, e.g. <\(UnitOfMeasure.metreIRI)>)")
        }
        return unit
    }

    static func isNumeric(_ datatype: String) -> Bool {
        datatype == XSD.double || datatype == XSD.float || datatype == XSD.decimal || XSD.integerTypes.contains(datatype)
    }

    // MARK: Results

    static func boolean(_ value: Bool) -> Term { .typed(value ? "true" : "false", XSD.boolean) }

    static func integer(_ value: Int) -> Term { .typed(String(value), XSD.integer) }

    /// An `xsd:double` in canonical-enough form (`1.5E3` style exponents are valid XSD).
    static func double(_ value: Double) -> Term {
        if value.isNaN { return .typed("NaN", XSD.double) }
        if value.isInfinite { return .typed(value > 0 ? "INF" : "-INF", XSD.double) }
        var text = "\(value)"
        if let e = text.firstIndex(of: "e") { text.replaceSubrange(e...e, with: "E") }
        return .typed(text, XSD.double)
    }

    /// A geometry result, written in `format` (the first argument's serialization) with
    /// the CRS `crs`. GeoJSON and KML always carry CRS84 (the writer transforms).
    static func geometry(_ geometry: Geometry, crs: CRS, format: GeometryLiteral.Format) throws(GeoSPARQLError) -> Term {
        let literal = GeometryLiteral(geometry, crs: crs)
        return .typed(try geo("writing the result") { try literal.lexicalForm(format) }, format.datatypeIRI)
    }
}

extension String {
    /// The string without leading and trailing XML white space.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}

/// Runs a geometry-layer operation, turning its errors into ``GeoSPARQLError``.
@inline(__always)
func geo<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws(GeoSPARQLError) -> T {
    do {
        return try body()
    } catch let error as GeoSPARQLError {
        throw error
    } catch let error as GeoError {
        throw GeoSPARQLError(wrapping: error, context: context())
    } catch {
        throw GeoSPARQLError(.geometry, "\(context()): \(error)")
    }
}
