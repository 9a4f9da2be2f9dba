import Testing
import Foundation
import PtolemyRDF
@testable import PtolemyMapping

@Suite struct EngineTests {
    @Test func csvWithJoinsClassesGraphsAndDatatypes() throws {
        let s = try Scratch()
        try s.write("people.csv", "id,name,city,age\n1,Ann,10,30\n2,Bo Li,20,\n3,Cy,10,41\n")
        try s.write("cities.csv", "code,label\n10,Graz\n20,Linz\n")
        let lines = try mapLines(prefixes + """
        <#People> a rml:TriplesMap ;
          rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:root rml:MappingDirectory ; rml:path "people.csv" ] ;
                              rml:referenceFormulation rml:CSV ; rml:null "" ] ;
          rml:subjectMap [ rml:template "http://example.com/person/{name}" ; rml:class ex:Person ] ;
          rml:predicateObjectMap [ rml:predicate ex:age ; rml:objectMap [ rml:reference "age" ; rml:datatype xsd:integer ] ;
                                   rml:graph ex:g ] ;
          rml:predicateObjectMap [ rml:predicate ex:city ; rml:objectMap [ rml:parentTriplesMap <#Cities> ;
                                   rml:joinCondition [ rml:child "city" ; rml:parent "code" ] ] ] .
        <#Cities> a rml:TriplesMap ;
          rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:root rml:MappingDirectory ; rml:path "cities.csv" ] ;
                              rml:referenceFormulation rml:CSV ] ;
          rml:subjectMap [ rml:template "city/{code}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:label ; rml:objectMap [ rml:reference "label" ; rml:language "de" ] ] .
        """, in: s)
        #expect(lines == [
            "<http://example.com/base/city/10> <http://example.com/label> \"Graz\"@de .",
            "<http://example.com/base/city/20> <http://example.com/label> \"Linz\"@de .",
            "<http://example.com/person/Ann> <http://example.com/age> \"30\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.com/g> .",
            "<http://example.com/person/Ann> <http://example.com/city> <http://example.com/base/city/10> .",
            "<http://example.com/person/Ann> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.com/Person> .",
            "<http://example.com/person/Bo%20Li> <http://example.com/city> <http://example.com/base/city/20> .",
            "<http://example.com/person/Bo%20Li> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.com/Person> .",
            "<http://example.com/person/Cy> <http://example.com/age> \"41\"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.com/g> .",
            "<http://example.com/person/Cy> <http://example.com/city> <http://example.com/base/city/10> .",
            "<http://example.com/person/Cy> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.com/Person> .",
        ])
    }

    @Test func manyChunksInParallelKeepEveryRecord() throws {
        let s = try Scratch()
        var csv = "id,v\n"
        for i in 0..<20_000 { csv += "\(i),\"v\(i)\"\n" }
        try s.write("big.csv", csv)
        let document = try MappingReader(baseDirectory: s.path).read(turtle: prefixes + """
        <#M> crml:logicalSource [ crml:source "big.csv" ; crml:referenceFormulation ql:CSV ] ;
          rr:subjectMap [ rr:template "http://example.com/{id}" ] ;
          rr:predicateObjectMap [ rr:predicate ex:v ; rr:objectMap [ crml:reference "v" ] ] .
        """)
        var options = MappingEngine.Options()
        options.chunkBytes = 4096
        options.workers = 3
        var subjects: [String] = []
        let report = try MappingEngine(document: document, options: options).run(.quads { subjects.append($0.subject.iriValue!) })
        #expect(report.records == 20_000)
        #expect(report.quads == 20_000)
        // In source order, whatever thread mapped each chunk.
        #expect(subjects == (0..<20_000).map { "http://example.com/\($0)" })
    }

    @Test func jsonNaturalDatatypesFollowTheVocabulary() throws {
        let s = try Scratch()
        try s.write("d.json", #"{"items": [{"id": 1, "n": 2.5, "ok": true, "tags": ["a", "b"]}]}"#)
        let core = try mapLines(prefixes + """
        <#M> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "d.json" ] ;
                 rml:referenceFormulation rml:JSONPath ; rml:iterator "$.items[*]" ] ;
          rml:subjectMap [ rml:template "http://example.com/{$.id}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:n ; rml:objectMap [ rml:reference "$.n" ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:ok ; rml:objectMap [ rml:reference "$.ok" ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:tag ; rml:objectMap [ rml:reference "$.tags[*]" ] ] .
        """, in: s)
        #expect(core == [
            "<http://example.com/1> <http://example.com/n> \"2.5\"^^<http://www.w3.org/2001/XMLSchema#double> .",
            "<http://example.com/1> <http://example.com/ok> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .",
            "<http://example.com/1> <http://example.com/tag> \"a\" .",
            "<http://example.com/1> <http://example.com/tag> \"b\" .",
        ])
        let classic = try mapLines(prefixes + """
        <#M> crml:logicalSource [ crml:source "d.json" ; crml:referenceFormulation ql:JSONPath ; crml:iterator "$.items[*]" ] ;
          rr:subjectMap [ rr:template "http://example.com/{id}" ] ;
          rr:predicateObjectMap [ rr:predicate ex:n ; rr:objectMap [ crml:reference "n" ] ] .
        """, in: s)
        #expect(classic == ["<http://example.com/1> <http://example.com/n> \"2.5\" ."])
    }

    @Test func xmlSource() throws {
        let s = try Scratch()
        try s.write("d.xml", "<r><p id=\"7\"><n>Ann</n></p></r>")
        let lines = try mapLines(prefixes + """
        <#M> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "d.xml" ] ;
                 rml:referenceFormulation rml:XPath ; rml:iterator "/r/p" ] ;
          rml:subjectMap [ rml:template "http://example.com/{@id}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:n ; rml:objectMap [ rml:reference "n" ] ] .
        """, in: s)
        #expect(lines == ["<http://example.com/7> <http://example.com/n> \"Ann\" ."])
    }

    @Test func errorsNameTheTriplesMapPropertyAndPlace() throws {
        let s = try Scratch()
        try s.write("p.csv", "id,name\n1,Ann\n2,Bo,extra\n")
        let missingColumn = mappingError(prefixes + """
        <#People> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "p.csv" ] ; rml:referenceFormulation rml:CSV ] ;
          rml:subjectMap [ rml:template "http://example.com/{id}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:n ; rml:objectMap [ rml:reference "nme" ] ] .
        """, in: s)
        #expect(missingColumn?.kind == .reference)
        #expect(missingColumn?.description.contains("<http://example.com/base/#People>") == true)
        #expect(missingColumn?.description.contains("no column \"nme\"") == true)

        let ragged = mappingError(prefixes + """
        <#People> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "p.csv" ] ; rml:referenceFormulation rml:CSV ] ;
          rml:subjectMap [ rml:template "http://example.com/{id}" ] .
        """, in: s)
        #expect(ragged?.kind == .syntax)
        #expect(ragged?.sourcePosition?.hasSuffix("p.csv:3") == true)

        try s.write("bad.json", "{\"a\": [1,\n 2,,]}")
        let badJSON = mappingError(prefixes + """
        <#J> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "bad.json" ] ;
               rml:referenceFormulation rml:JSONPath ; rml:iterator "$.a[*]" ] ;
          rml:subjectMap [ rml:template "http://example.com/{$}" ] .
        """, in: s)
        #expect(badJSON?.kind == .syntax)
        #expect(badJSON?.sourcePosition?.hasSuffix("bad.json:2:4") == true)
    }

    @Test func invalidMappings() throws {
        let s = try Scratch()
        try s.write("p.csv", "id\n1\n")
        let source = "rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path \"p.csv\" ] ; rml:referenceFormulation rml:CSV ] ;"
        for body in [
            "<#M> \(source) rml:predicateObjectMap [ rml:predicate ex:p ; rml:object ex:o ] .",
            "<#M> \(source) rml:subjectMap [ rml:template \"x/{id}\" ; rml:termType rml:Literal ] .",
            "<#M> \(source) rml:subjectMap [ rml:template \"x/{id}\" ] ; rml:predicateObjectMap [ rml:predicate ex:p ; rml:objectMap [ rml:reference \"id\" ; rml:language \"a-b\" ] ] .",
            "<#M> \(source) rml:subjectMap [ rml:template \"x/{id}\" ] ; rml:predicateObjectMap [ rml:predicate ex:p ; rml:objectMap [ rml:parentTriplesMap <#Nope> ] ] .",
        ] {
            #expect(throws: MappingError.self) {
                _ = try MappingReader(baseDirectory: s.path).read(turtle: prefixes + body)
            }
        }
    }

    @Test func stringFunctions() throws {
        let s = try Scratch()
        try s.write("p.csv", "name\nm venus\n")
        let lines = try mapLines(prefixes + """
        @prefix grel: <http://users.ugent.be/~bjdmeest/function/grel.ttl#> .
        <#M> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "p.csv" ] ; rml:referenceFormulation rml:CSV ] ;
          rml:subjectMap [ rml:template "http://example.com/{name}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:n ; rml:objectMap [
              rml:functionExecution [ rml:function grel:toUpperCase ;
                  rml:input [ rml:parameter grel:valueParam ; rml:inputValueMap [ rml:reference "name" ] ] ] ;
              rml:return grel:stringOut ] ] .
        """, in: s)
        #expect(lines == ["<http://example.com/m%20venus> <http://example.com/n> \"M VENUS\" ."])
    }
}
