import Foundation
import Testing
import PtolemyRDF
import PtolemySPARQL
@testable import PtolemyEngine

/// https://www.w3.org/TR/sparql11-query/#func-date-time, with the data of W3C sparql11/functions.
@Suite struct DateTimeFunctionTests {
    let h = Harness()
    let d1 = typed("2010-06-21T11:28:01Z", XSD.dateTime)
    let d2 = typed("2010-12-21T15:38:02-08:00", XSD.dateTime)
    let d3 = typed("2008-06-20T23:59:00Z", XSD.dateTime)
    let d4 = typed("2011-02-01T01:02:03", XSD.dateTime)

    @Test func components() throws {
        #expect(try h.term(call(.year, d1)) == intTerm("2010"))
        #expect(try h.term(call(.month, d2)) == intTerm("12"))
        #expect(try h.term(call(.day, d3)) == intTerm("20"))
        #expect(try h.term(call(.hours, d2)) == intTerm("15"))
        #expect(try h.term(call(.hours, d4)) == intTerm("1"))
        #expect(try h.term(call(.minutes, d3)) == intTerm("59"))
        #expect(try h.term(call(.year, typed("-0044-03-15T12:00:00", XSD.dateTime))) == intTerm("-44"))
        #expect(try h.term(call(.day, typed("2020-02-29", XSD.date))) == intTerm("29"))
        #expect(try h.isError(call(.hours, typed("2020-02-29", XSD.date))))
        #expect(try h.isError(call(.year, lit("2010-06-21T11:28:01Z"))))
        #expect(try h.isError(call(.year, typed("2010-02-30T00:00:00", XSD.dateTime))))
    }

    /// seconds-01: a decimal, "1" for ":01".
    @Test func seconds() throws {
        #expect(try h.term(call(.seconds, d1)) == decTerm("1"))
        #expect(try h.term(call(.seconds, d3)) == decTerm("0"))
        #expect(try h.term(call(.seconds, typed("2011-02-01T01:02:03.500", XSD.dateTime))) == decTerm("3.5"))
        #expect(try h.term(call(.seconds, typed("2011-02-01T01:02:59.123456789012+01:00", XSD.dateTime))) == decTerm("59.123456789012"))
    }

    /// timezone-01, tz-01.
    @Test func timezones() throws {
        #expect(try h.term(call(.timezone, d1)) == .typed("PT0S", XSD.dayTimeDuration))
        #expect(try h.term(call(.timezone, d2)) == .typed("-PT8H", XSD.dayTimeDuration))
        #expect(try h.term(call(.timezone, typed("2011-02-01T01:02:03+05:30", XSD.dateTime))) == .typed("PT5H30M", XSD.dayTimeDuration))
        #expect(try h.isError(call(.timezone, d4)))
        #expect(try h.term(call(.tz, d1)) == .string("Z"))
        #expect(try h.term(call(.tz, d2)) == .string("-08:00"))
        #expect(try h.term(call(.tz, d4)) == .string(""))
    }

    /// now01: NOW() is an xsd:dateTime with a time zone, the same within a query.
    @Test func nowIsTheQueryTime() throws {
        let context = TestContext(queryTime: Date(timeIntervalSince1970: 1_262_304_000.5))
        let evaluator = ExpressionEvaluator(context: context)
        let solution = TestSolution(bindings: [:], solutionIndex: 0)
        let now = try evaluator.evaluate(call(.now), solution).term
        #expect(now == .typed("2010-01-01T00:00:00.5Z", XSD.dateTime))
        #expect(try evaluator.evaluate(call(.now), solution).term == now)
        #expect(try evaluator.evaluate(call(.timezone, call(.now)), solution).term == .typed("PT0S", XSD.dayTimeDuration))
    }

    @Test func lexicalForms() throws {
        #expect(XSDDateTime(dateTimeLexical: "2010-06-21T24:00:00Z")?.dateTimeLexical == "2010-06-22T00:00:00Z")
        #expect(XSDDateTime(dateTimeLexical: "2010-06-21T24:00:01Z") == nil)
        #expect(XSDDateTime(dateTimeLexical: "2010-06-21T11:28:01+14:01") == nil)
        #expect(XSDDateTime(dateTimeLexical: "10000-01-01T00:00:00")?.year == 10000)
        #expect(XSDDateTime(dateTimeLexical: "02010-01-01T00:00:00") == nil)
        #expect(XSDDateTime(dateTimeLexical: "2010-06-21T11:28:01.120+02:00")?.dateTimeLexical == "2010-06-21T11:28:01.12+02:00")
        #expect(XSDDateTime(dateLexical: "2000-02-29-05:00")?.dateLexical == "2000-02-29-05:00")
        #expect(XSDDateTime(dateLexical: "1900-02-29") == nil)
        #expect(XSDDuration(lexical: "P1Y2M3DT4H5M6.5S").map { ($0.months, $0.seconds.description) } ?? (0, "") == (14, "273906.5"))
        #expect(XSDDuration(lexical: "PT") == nil)
        #expect(XSDDuration(lexical: "P1S") == nil)
    }
}
