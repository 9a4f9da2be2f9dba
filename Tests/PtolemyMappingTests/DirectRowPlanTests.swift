import Testing
import Foundation
import PtolemyRDF
@testable import PtolemyMapping

/// CSV rows written straight from their bytes (``DirectRowPlan``) must come out exactly
/// as the general path writes them, row by row, including the rows it declines.
@Suite struct DirectRowPlanTests {
    /// The N-Quads text of a run to a file, with or without the direct path.
    func text(_ mapping: String, in scratch: Scratch, direct: Bool, chunkBytes: Int = 1 << 20) throws -> String {
        let document = try MappingReader(baseDirectory: scratch.path).read(turtle: mapping, fileName: "mapping.ttl", mappingDirectory: scratch.path)
        var options = MappingEngine.Options()
        options.baseIRI = "http://example.com/base/"
        options.workers = 2
        options.chunkBytes = chunkBytes
        options.directRows = direct
        let path = scratch.path + "/out-\(direct).nq"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try MappingEngine(document: document, options: options).run(.nquads(fileDescriptor: handle.fileDescriptor))
        try handle.synchronize()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// An RML-Core CSV logical source for a file in the mapping's directory.
    static func csvSource(_ file: String, extra: String = "") -> String {
        "[ rml:source [ a rml:RelativePathSource ; rml:root rml:MappingDirectory ; rml:path \"\(file)\" ] ; rml:referenceFormulation rml:CSV \(extra) ]"
    }

    /// Whether every triples map of `mapping` compiles to a direct plan.
    func compiles(_ mapping: String, in scratch: Scratch) throws -> Bool {
        let document = try MappingReader(baseDirectory: scratch.path).read(turtle: mapping, fileName: "mapping.ttl", mappingDirectory: scratch.path)
        let engine = MappingEngine(document: document)
        for group in engine.sourceGroups() {
            let source = try engine.openSource(group.source)
            var evaluator = source.evaluator
            let plans = try engine.plans(for: group.maps, evaluator: &evaluator, joins: [:], tracker: MatchTracker(references: [], enabled: false))
            if plans.contains(where: { DirectRowPlan($0, evaluator: evaluator) == nil }) { return false }
        }
        return true
    }

    /// Quoted fields with delimiters, doubled quotes and line breaks; values a literal or
    /// an IRI must escape or encode; non-ASCII; empty and null values; a CRLF line end;
    /// and a last row with a byte that is not UTF-8.
    static let awkwardCSV: [UInt8] = Array([
        "id,name,note,home,code",
        "1,Ann,plain,http://example.org/ann,A1",
        "2,\"Bo, Li\",\"say \"\"hi\"\"\",relative/bo,B 2",
        "3,Cy,\"two\nlines\",http://example.org/c y,C/3",
        "4,Dé Ü,tab\there,http://example.org/dé,ü",
        "5,,empty name,,NULL",
        "6,Fa,back\\slash,http://example.org/{fa},F%6\r",
        "7,Gu,ok,http://example.org/gu,G7",
        "",
    ].joined(separator: "\n").utf8) + Array("8,H".utf8) + [0xFF] + Array(",bad,http://x,H\n".utf8)

    @Test func awkwardRowsComeOutAsTheGeneralPathWritesThem() throws {
        let s = try Scratch()
        try s.write("rows.csv", bytes: Self.awkwardCSV)
        for dialect in ["crml", "rml"] {
            let mapping = prefixes + (dialect == "rml" ? """
            <#M> a rml:TriplesMap ;
              rml:logicalSource \(Self.csvSource("rows.csv", extra: #"; rml:null "NULL""#)) ;
              rml:subjectMap [ rml:template "http://example.com/p/{id}/{name}" ; rml:class ex:Person, ex:Agent ] ;
              rml:predicateObjectMap [ rml:predicate ex:name, ex:label ; rml:objectMap [ rml:reference "name" ; rml:language "en" ] ] ;
              rml:predicateObjectMap [ rml:predicate ex:note ; rml:objectMap [ rml:template "note: {note} ({code})" ; rml:termType rml:Literal ] ] ;
              rml:predicateObjectMap [ rml:predicate ex:home ; rml:objectMap [ rml:reference "home" ; rml:termType rml:UnsafeIRI ] ] ;
              rml:predicateObjectMap [ rml:predicate ex:code ; rml:objectMap [ rml:template "http://example.com/code/{code}" ; rml:termType rml:URI ] ] ;
              rml:predicateObjectMap [ rml:predicate ex:raw ; rml:objectMap [ rml:template "http://example.com/raw/{code}" ; rml:termType rml:UnsafeIRI ] ] ;
              rml:predicateObjectMap [ rml:predicate ex:id ; rml:objectMap [ rml:reference "id" ; rml:datatype xsd:integer ] ] ;
              rml:predicateObjectMap [ rml:predicate ex:kind ; rml:objectMap [ rml:constant "person" ] ] .
            """ : """
            <#M> crml:logicalSource [ crml:source "rows.csv" ; crml:referenceFormulation ql:CSV ] ;
              rr:subjectMap [ rr:template "http://example.com/p/{id}/{name}" ; rr:class ex:Person ] ;
              rr:predicateObjectMap [ rr:predicate ex:name ; rr:objectMap [ crml:reference "name" ; rr:datatype xsd:string ] ] ;
              rr:predicateObjectMap [ rr:predicate ex:note ; rr:objectMap [ rr:template "{note}/{code}" ; rr:termType rr:Literal ] ] ;
              rr:predicateObjectMap [ rr:predicate ex:home ; rr:objectMap [ crml:reference "home" ; rr:termType rr:IRI ] ] ;
              rr:predicateObjectMap [ rr:predicate ex:kind ; rr:objectMap [ rr:constant ex:Thing ] ] .
            """)
            #expect(try compiles(mapping, in: s), "\(dialect)")
            let general = try text(mapping, in: s, direct: false)
            #expect(!general.isEmpty)
            for chunkBytes in [1 << 20, 16] {
                let direct = try text(mapping, in: s, direct: true, chunkBytes: chunkBytes)
                #expect(direct == general, "\(dialect), chunks of \(chunkBytes) bytes")
            }
        }
    }

    @Test func plainRowsAreWrittenAsExpected() throws {
        let s = try Scratch()
        try s.write("points.csv", "point_id,lat,lon,cover,precision\n7,48.1,16.3,crops,\n8,47.2,15.1,grass land,2.5\n")
        let mapping = prefixes + """
        <#P> a rml:TriplesMap ;
          rml:logicalSource \(Self.csvSource("points.csv")) ;
          rml:subjectMap [ rml:template "http://example.com/obs/{point_id}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:cover ; rml:objectMap [ rml:reference "cover" ; rml:language "en" ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:precision ; rml:objectMap [ rml:reference "precision" ; rml:datatype xsd:decimal ] ] ;
          rml:predicateObjectMap [ rml:predicate geo:asWKT ;
              rml:objectMap [ rml:template "POINT({lon} {lat})" ; rml:termType rml:Literal ; rml:datatype geo:wktLiteral ] ] .
        """
        #expect(try compiles(mapping, in: s))
        let lines = try text(mapping, in: s, direct: true).split(separator: "\n").map(String.init)
        #expect(lines == [
            "<http://example.com/obs/7> <http://example.com/cover> \"crops\"@en .",
            "<http://example.com/obs/7> <http://example.com/precision> \"\"^^<http://www.w3.org/2001/XMLSchema#decimal> .",
            "<http://example.com/obs/7> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT(16.3 48.1)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
            "<http://example.com/obs/8> <http://example.com/cover> \"grass land\"@en .",
            "<http://example.com/obs/8> <http://example.com/precision> \"2.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> .",
            "<http://example.com/obs/8> <http://www.opengis.net/ont/geosparql#asWKT> \"POINT(15.1 47.2)\"^^<http://www.opengis.net/ont/geosparql#wktLiteral> .",
        ])
    }

    @Test func mapsTheDirectPathCannotWriteAreLeftToTheGeneralOne() throws {
        let s = try Scratch()
        try s.write("a.csv", "id,g\n1,x\n")
        let withGraph = prefixes + """
        <#M> crml:logicalSource [ crml:source "a.csv" ; crml:referenceFormulation ql:CSV ] ;
          rr:subjectMap [ rr:template "http://example.com/{id}" ; rr:graphMap [ rr:template "http://example.com/g/{g}" ] ] ;
          rr:predicateObjectMap [ rr:predicate ex:v ; rr:objectMap [ crml:reference "g" ] ] .
        """
        let blank = prefixes + """
        <#M> crml:logicalSource [ crml:source "a.csv" ; crml:referenceFormulation ql:CSV ] ;
          rr:subjectMap [ rr:template "{id}" ; rr:termType rr:BlankNode ] ;
          rr:predicateObjectMap [ rr:predicate ex:v ; rr:objectMap [ crml:reference "g" ] ] .
        """
        for mapping in [withGraph, blank] {
            #expect(try !compiles(mapping, in: s))
            #expect(try text(mapping, in: s, direct: true) == text(mapping, in: s, direct: false))
        }
    }

    @Test func errorsNameTheRowWhicheverPathMapsIt() throws {
        let s = try Scratch()
        try s.write("bad.csv", "id,home\n1,http://example.org/ok\n2,not an iri\n")
        let mapping = prefixes + """
        <#M> a rml:TriplesMap ;
          rml:logicalSource \(Self.csvSource("bad.csv")) ;
          rml:subjectMap [ rml:template "http://example.com/{id}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:home ; rml:objectMap [ rml:reference "home" ; rml:termType rml:IRI ] ] .
        """
        var messages: [String] = []
        for direct in [true, false] {
            do {
                _ = try text(mapping, in: s, direct: direct)
                Issue.record("an invalid IRI must be an error in RML-Core")
            } catch let error as MappingError {
                messages.append("\(error)")
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
        #expect(messages.first?.contains("bad.csv:3") == true)
    }
}
