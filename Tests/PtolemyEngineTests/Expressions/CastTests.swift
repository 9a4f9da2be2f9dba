import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// XSD casts, https://www.w3.org/TR/sparql11-query/#FunctionMapping, with the inputs of
/// the W3C tests sparql11/cast (data.ttl). Results are canonical.
@Suite struct CastTests {
    let h = Harness()

    func castTo(_ datatype: String, _ e: Expression) throws -> Term? { try h.value(cast(datatype, e)) }

    @Test func toString() throws {
        #expect(try castTo(XSD.string, iri("http://example.org/z")) == .string("http://example.org/z"))
        #expect(try castTo(XSD.string, lit("+33.3300")) == .string("+33.3300"))
        #expect(try castTo(XSD.string, typed("0", XSD.boolean)) == .string("false"))
        #expect(try castTo(XSD.string, int("-1")) == .string("-1"))
        #expect(try castTo(XSD.string, dec("1.0")) == .string("1"))
        #expect(try castTo(XSD.string, dec("-2.50")) == .string("-2.5"))
        #expect(try castTo(XSD.string, dbl("1E0")) == .string("1"))
        #expect(try castTo(XSD.string, flt("-7.875")) == .string("-7.875"))
        #expect(try castTo(XSD.string, dbl("1E6")) == .string("1.0E6"))
        #expect(try castTo(XSD.string, dbl("0.0000001")) == .string("1.0E-7"))
        #expect(try castTo(XSD.string, dbl("-0")) == .string("-0"))
        #expect(try castTo(XSD.string, typed("2002-10-10T17:00:00Z", XSD.dateTime)) == .string("2002-10-10T17:00:00Z"))
        #expect(try castTo(XSD.string, lang("chat", "fr")) == nil)
        #expect(try castTo(XSD.string, typed("x", "http://example/t")) == .string("x"))
        #expect(try castTo(XSD.string, typed("x", XSD.integer)) == nil)
    }

    /// cast-bool.
    @Test func toBoolean() throws {
        #expect(try castTo(XSD.boolean, lit("0")) == falseTerm)
        #expect(try castTo(XSD.boolean, lit("1")) == trueTerm)
        #expect(try castTo(XSD.boolean, lit(" true ")) == trueTerm)
        #expect(try castTo(XSD.boolean, lit("13")) == nil)
        #expect(try castTo(XSD.boolean, lit("0.0")) == nil)
        #expect(try castTo(XSD.boolean, int("-1")) == trueTerm)
        #expect(try castTo(XSD.boolean, dec("0.0")) == falseTerm)
        #expect(try castTo(XSD.boolean, dbl("0E1")) == falseTerm)
        #expect(try castTo(XSD.boolean, dbl("NaN")) == falseTerm)
        #expect(try castTo(XSD.boolean, iri("http://example.org/z")) == nil)
        #expect(try castTo(XSD.boolean, typed("2002-10-10T17:00:00Z", XSD.dateTime)) == nil)
    }

    /// cast-int: truncation toward zero, lexical rules for strings.
    @Test func toInteger() throws {
        #expect(try castTo(XSD.integer, lit("13")) == intTerm("13"))
        #expect(try castTo(XSD.integer, lit("1.5")) == nil)
        #expect(try castTo(XSD.integer, lit("1E0")) == nil)
        #expect(try castTo(XSD.integer, lit("-10.2E3")) == nil)
        #expect(try castTo(XSD.integer, typed("true", XSD.boolean)) == intTerm("1"))
        #expect(try castTo(XSD.integer, dec("-2.5")) == intTerm("-2"))
        #expect(try castTo(XSD.integer, flt("-7.875")) == intTerm("-7"))
        #expect(try castTo(XSD.integer, dbl("1E0")) == intTerm("1"))
        #expect(try castTo(XSD.integer, dbl("INF")) == nil)
        #expect(try castTo(XSD.integer, dbl("NaN")) == nil)
        #expect(try castTo(XSD.integer, int("007")) == intTerm("7"))
    }

    @Test func toDerivedIntegerTypes() throws {
        #expect(try castTo(XSD.int, lit("2147483647")) == .typed("2147483647", XSD.int))
        #expect(try castTo(XSD.int, lit("2147483648")) == nil)
        #expect(try castTo(XSD.byte, dbl("-128.9")) == .typed("-128", XSD.byte))
        #expect(try castTo(XSD.unsignedByte, int("-1")) == nil)
        #expect(try castTo(XSD.positiveInteger, int("0")) == nil)
        #expect(try castTo(XSD.nonPositiveInteger, int("0")) == .typed("0", XSD.nonPositiveInteger))
    }

    /// cast-decimal.
    @Test func toDecimal() throws {
        #expect(try castTo(XSD.decimal, lit("+33.3300")) == decTerm("33.33"))
        #expect(try castTo(XSD.decimal, lit("13")) == decTerm("13.0"))
        #expect(try castTo(XSD.decimal, lit("0E1")) == nil)
        #expect(try castTo(XSD.decimal, lit("-10.2E3")) == nil)
        #expect(try castTo(XSD.decimal, typed("false", XSD.boolean)) == decTerm("0.0"))
        #expect(try castTo(XSD.decimal, int("1")) == decTerm("1.0"))
        #expect(try castTo(XSD.decimal, flt("1.25")) == decTerm("1.25"))
        #expect(try castTo(XSD.decimal, flt("-7.875")) == decTerm("-7.875"))
        #expect(try castTo(XSD.decimal, dbl("0.1")) == decTerm("0.1"))
        #expect(try castTo(XSD.decimal, dbl("1E0")) == decTerm("1.0"))
        #expect(try castTo(XSD.decimal, dbl("INF")) == nil)
    }

    /// cast-float, cast-double: canonical scientific forms.
    @Test func toFloatAndDouble() throws {
        #expect(try castTo(XSD.double, lit("-10.2E3")) == dblTerm("-1.02E4"))
        #expect(try castTo(XSD.double, lit("+33.3300")) == dblTerm("3.333E1"))
        #expect(try castTo(XSD.double, lit("0.0")) == dblTerm("0.0E0"))
        #expect(try castTo(XSD.double, lit("1.5")) == dblTerm("1.5E0"))
        #expect(try castTo(XSD.double, lit("INF")) == dblTerm("INF"))
        #expect(try castTo(XSD.double, lit("string")) == nil)
        #expect(try castTo(XSD.double, typed("true", XSD.boolean)) == dblTerm("1.0E0"))
        #expect(try castTo(XSD.float, lit("-10.2E3")) == fltTerm("-1.02E4"))
        #expect(try castTo(XSD.float, flt("1.25")) == fltTerm("1.25E0"))
        #expect(try castTo(XSD.float, dbl("0.1")) == fltTerm("1.0E-1"))
        #expect(try castTo(XSD.double, flt("0.1")) == dblTerm("1.0000000149011612E-1"))
        #expect(try castTo(XSD.float, dec("-2.5")) == fltTerm("-2.5E0"))
        #expect(try castTo(XSD.double, typed("2002-10-10T17:00:00Z", XSD.dateTime)) == nil)
    }

    @Test func toDateTimeAndDate() throws {
        #expect(try castTo(XSD.dateTime, lit("2002-10-10T17:00:00Z")) == .typed("2002-10-10T17:00:00Z", XSD.dateTime))
        #expect(try castTo(XSD.dateTime, lit("2002-10-10")) == nil)
        #expect(try castTo(XSD.dateTime, typed("2002-10-10+02:00", XSD.date)) == .typed("2002-10-10T00:00:00+02:00", XSD.dateTime))
        #expect(try castTo(XSD.date, typed("2002-10-10T17:00:00Z", XSD.dateTime)) == .typed("2002-10-10Z", XSD.date))
        #expect(try castTo(XSD.dateTime, int("1")) == nil)
    }

    @Test func unknownFunctionsAreErrorsUnlessTheContextHasThem() throws {
        #expect(try h.isError(.function("http://example/f", [int("1")], distinct: false)))
        #expect(try h.isError(.function(XSD.gYear, [lit("2020")], distinct: false)))
        #expect(try h.isError(.function(XSD.integer, [lit("1"), lit("2")], distinct: false)))
    }
}
