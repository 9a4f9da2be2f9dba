import Testing
import Foundation
@testable import PtolemyMapping

@Suite struct LogicalViewTests {
    @Test func iterableFieldsIndexesAndLeftJoin() throws {
        let s = try Scratch()
        try s.write("people.json", #"{"people": [{"name": "ann", "items": [{"t": "sword"}, {"t": "shield"}]}, {"name": "bo", "items": []}]}"#)
        try s.write("years.csv", "name,year\nann,1990\ncy,2001\n")
        let lines = try mapLines(prefixes + """
        <#json> a rml:LogicalSource ; rml:source [ a rml:RelativePathSource ; rml:path "people.json" ] ;
          rml:referenceFormulation rml:JSONPath ; rml:iterator "$.people[*]" .
        <#people> a rml:LogicalView ; rml:viewOn <#json> ;
          rml:field [ rml:fieldName "name" ; rml:reference "$.name" ] ;
          rml:field [ a rml:IterableField ; rml:fieldName "item" ; rml:iterator "$.items[*]" ;
                      rml:field [ rml:fieldName "t" ; rml:reference "$.t" ] ] .
        <#csv> a rml:LogicalSource ; rml:source [ a rml:RelativePathSource ; rml:path "years.csv" ] ; rml:referenceFormulation rml:CSV .
        <#years> a rml:LogicalView ; rml:viewOn <#csv> ;
          rml:field [ rml:fieldName "n" ; rml:reference "name" ] ;
          rml:field [ rml:fieldName "y" ; rml:reference "year" ] ;
          rml:leftJoin [ rml:parentLogicalView <#people> ; rml:joinCondition [ rml:child "n" ; rml:parent "name" ] ;
                         rml:field [ rml:fieldName "thing" ; rml:reference "item.t" ] ] .
        <#Items> rml:logicalSource <#people> ;
          rml:subjectMap [ rml:template "http://example.com/{name}/{item.#}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:t ; rml:objectMap [ rml:reference "item.t" ] ] .
        <#Years> rml:logicalSource <#years> ;
          rml:subjectMap [ rml:template "http://example.com/y/{#}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:thing ; rml:objectMap [ rml:reference "thing" ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:year ; rml:objectMap [ rml:reference "y" ] ] .
        """, in: s)
        // Ann matches two parent rows, so her year is made twice: the output is a set.
        #expect(Array(Set(lines)).sorted() == [
            "<http://example.com/ann/0> <http://example.com/t> \"sword\" .",
            "<http://example.com/ann/1> <http://example.com/t> \"shield\" .",
            "<http://example.com/y/0> <http://example.com/thing> \"shield\" .",
            "<http://example.com/y/0> <http://example.com/thing> \"sword\" .",
            "<http://example.com/y/0> <http://example.com/year> \"1990\" .",
            "<http://example.com/y/1> <http://example.com/year> \"2001\" .",
        ])
    }

    @Test func unknownFieldsAndCyclesAreErrors() throws {
        let s = try Scratch()
        try s.write("p.json", #"[{"name": "ann"}]"#)
        let unknown = mappingError(prefixes + """
        <#json> a rml:LogicalSource ; rml:source [ a rml:RelativePathSource ; rml:path "p.json" ] ;
          rml:referenceFormulation rml:JSONPath ; rml:iterator "$[*]" .
        <#v> a rml:LogicalView ; rml:viewOn <#json> ; rml:field [ rml:fieldName "name" ; rml:reference "$.name" ] .
        <#M> rml:logicalSource <#v> ; rml:subjectMap [ rml:template "http://example.com/{nme}" ] .
        """, in: s)
        #expect(unknown?.kind == .reference)
        #expect(unknown?.description.contains("no field \"nme\"") == true)
        #expect(throws: MappingError.self) {
            _ = try MappingReader(baseDirectory: s.path).read(turtle: prefixes + """
            <#v> a rml:LogicalView ; rml:viewOn <#w> ; rml:field [ rml:fieldName "a" ; rml:reference "a" ] .
            <#w> a rml:LogicalView ; rml:viewOn <#v> ; rml:field [ rml:fieldName "b" ; rml:reference "b" ] .
            <#M> rml:logicalSource <#v> ; rml:subjectMap [ rml:template "http://example.com/{a}" ] .
            """)
        }
    }
}

@Suite struct CollectionTests {
    @Test func listsBagsAndNamedCollectionsAcrossRecords() throws {
        let s = try Scratch()
        try s.write("d.json", #"[{"id": "a", "v": ["1", "2"]}, {"id": "b", "v": []}, {"id": "a", "v": ["3"]}]"#)
        let lines = try mapLines(prefixes + """
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        <#M> rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "d.json" ] ;
                 rml:referenceFormulation rml:JSONPath ; rml:iterator "$[*]" ] ;
          rml:subjectMap [ rml:template "http://example.com/{$.id}" ] ;
          rml:predicateObjectMap [ rml:predicate ex:bag ; rml:objectMap [
              rml:template "http://example.com/bag/{$.id}" ; rml:gather ( [ rml:reference "$.v[*]" ] ) ; rml:gatherAs rdf:Bag ] ] ;
          rml:predicateObjectMap [ rml:predicate ex:list ; rml:objectMap [
              rml:allowEmptyListAndContainer true ; rml:gather ( [ rml:reference "$.v[*]" ] ) ; rml:gatherAs rdf:List ] ] .
        """, in: s)
        let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        // The named bag of "a" gathers both records' values, in order.
        #expect(lines.contains("<http://example.com/bag/a> <\(rdf)_1> \"1\" ."))
        #expect(lines.contains("<http://example.com/bag/a> <\(rdf)_3> \"3\" ."))
        #expect(lines.contains("<http://example.com/bag/a> <\(rdf)type> <\(rdf)Bag> ."))
        // Empty and not allowed: no bag for "b"; empty and allowed: rdf:nil.
        #expect(!lines.contains { $0.hasPrefix("<http://example.com/b> <http://example.com/bag>") })
        #expect(lines.contains("<http://example.com/b> <http://example.com/list> <\(rdf)nil> ."))
        // Unnamed lists: one per record, two for "a".
        #expect(lines.filter { $0.hasPrefix("<http://example.com/a> <http://example.com/list> _:") }.count == 2)
        #expect(lines.filter { $0.contains("<\(rdf)first>") }.count == 3)
    }
}
