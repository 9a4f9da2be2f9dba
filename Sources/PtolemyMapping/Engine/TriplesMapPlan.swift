import PtolemyRDF

extension TriplesMap {
    /// Every reference the map reads from its own source's records.
    var allReferences: [Reference] {
        var refs = subjectMap.references
        for g in subjectGraphMaps { refs += g.references }
        for pom in predicateObjectMaps {
            for p in pom.predicateMaps { refs += p.references }
            for g in pom.graphMaps { refs += g.references }
            for o in pom.objectMaps {
                switch o {
                case .term(let m): refs += m.references
                case .reference(let r): for c in r.joinConditions { refs += c.child.references }
                }
            }
        }
        return refs
    }
}

extension TriplesMap {
    /// Referencing object maps inside gather maps (RML-CC), anywhere in the map.
    var gatherReferences: [RefObjectMap] {
        func walk(_ m: TermMap) -> [RefObjectMap] {
            guard let gather = m.gather else { return [] }
            return gather.maps.flatMap { member in (member.gatherReference.map { [$0] } ?? []) + walk(member) }
        }
        var result = walk(subjectMap)
        for pom in predicateObjectMaps {
            for case .term(let o) in pom.objectMaps { result += walk(o) }
        }
        return result
    }
}

/// How a referencing object map finds its parent's subjects for a child record.
enum ParentLookup: Sendable {
    /// Same logical source, no join condition: the parent's subject map on the same record.
    case sameRecord(TermGenerator, TermMap)
    /// A hash index of the parent's subjects by join key (no conditions: one key, every subject).
    case index(JoinIndex, [JoinCondition])
}

/// A triples map ready to run on the records of its source.
struct TriplesMapPlan: Sendable {
    let map: TriplesMap
    let generator: TermGenerator
    /// Per predicate-object map, per object map: the parent look-up of a referencing object map.
    let parents: [[ParentLookup?]]
    /// Parent look-ups of referencing object maps inside gather maps, by their node.
    var gatherParents: [String: ParentLookup] = [:]
    /// The type predicate, made once.
    private static let rdfType = Term.iri(RDFVocabulary.type)
    private static let defaultGraph = Term.iri(RML.defaultGraph)

    /// `rdf:type` and the classes, encoded once.
    private let encodedType = QuadBuffer.EncodedTerm(.iri(RDFVocabulary.type))
    private let encodedClasses: [QuadBuffer.EncodedTerm]
    /// Per predicate-object map: its predicates, encoded once, when they are all constant.
    private let constantPredicates: [[QuadBuffer.EncodedTerm]?]
    /// Per predicate-object map, its object maps as references: binding a large enum in
    /// the record loop copies (retains) every field; binding a class reference, one.
    private let objectPlans: [[ObjectPlan]]

    final class ObjectPlan: Sendable {
        let termMap: TermMap?
        let reference: RefObjectMap?

        init(_ objectMap: ObjectMap) {
            switch objectMap {
            case .term(let m): termMap = m; reference = nil
            case .reference(let r): termMap = nil; reference = r
            }
        }
    }

    init(map: TriplesMap, generator: TermGenerator, parents: [[ParentLookup?]]) {
        self.map = map
        self.generator = generator
        self.parents = parents
        encodedClasses = map.classes.map { QuadBuffer.EncodedTerm(.iri($0)) }
        objectPlans = map.predicateObjectMaps.map { $0.objectMaps.map(ObjectPlan.init) }
        constantPredicates = map.predicateObjectMaps.map { pom in
            var encoded: [QuadBuffer.EncodedTerm] = []
            for pm in pom.predicateMaps {
                guard pm.isConstant, case .constant(let term) = pm.expression, term.isIRI,
                      let iri = term.iriValue, IRISafety.hasScheme(iri) else { return nil }
                encoded.append(QuadBuffer.EncodedTerm(term))
            }
            return encoded
        }
    }

    /// Maps one record into `buffer`.
    func map(_ record: Record, index: Int, into buffer: inout QuadBuffer) throws {
        let subjectGraphs = try graphs(map.subjectGraphMaps, record, index: index, property: "rml:subjectMap rml:graphMap")
        guard let subjectGraphs else { return }
        var collectionCounter = 0
        let subjects: [Term]
        do {
            subjects = map.subjectMap.gather == nil ? try generator.terms(map.subjectMap, record, index: index)
                : try collections(map.subjectMap, record, index: index, graphs: subjectGraphs, into: &buffer, counter: &collectionCounter)
        } catch let error as MappingError {
            throw error.located(property: "rml:subjectMap")
        }
        if subjects.isEmpty { return }
        // Subjects and graphs repeat on every statement: encode them once per record.
        let encodedSubjects = subjects.map(QuadBuffer.EncodedTerm.init)
        let defaultGraphOnly = subjectGraphs.isEmpty
        let encodedSubjectGraphs: [QuadBuffer.EncodedTerm?] = defaultGraphOnly ? [nil] : subjectGraphs.map { $0.map(QuadBuffer.EncodedTerm.init) }
        for subject in encodedSubjects {
            for c in encodedClasses {
                for g in encodedSubjectGraphs { buffer.add(subject, encodedType, c.term, g) }
            }
        }
        let poms = map.predicateObjectMaps
        for p in poms.indices {
            let predicates: [QuadBuffer.EncodedTerm]
            if let constant = constantPredicates[p] {
                predicates = constant
            } else {
                let pom = poms[p]
                var terms: [Term] = []
                for pm in pom.predicateMaps {
                    do { terms += try generator.terms(pm, record, index: index) } catch let error as MappingError {
                        throw error.located(property: "rml:predicateMap \(pm.node)")
                    }
                }
                predicates = terms.map(QuadBuffer.EncodedTerm.init)
            }
            if predicates.isEmpty { continue }
            let allGraphs: [Term?]
            let encodedGraphs: [QuadBuffer.EncodedTerm?]
            if defaultGraphOnly && poms[p].graphMaps.isEmpty {
                allGraphs = [nil]
                encodedGraphs = [nil]
            } else {
                guard let pomGraphs = try graphs(poms[p].graphMaps, record, index: index, property: "rml:graphMap") else { continue }
                var union = subjectGraphs
                for g in pomGraphs where !union.contains(g) { union.append(g) }
                if union.isEmpty { union = [nil] }
                allGraphs = union
                encodedGraphs = union.map { $0.map(QuadBuffer.EncodedTerm.init) }
            }
            let plans = objectPlans[p]
            for o in plans.indices {
                let plan = plans[o]
                var objects: [Term]
                if let om = plan.termMap {
                    do {
                        if om.gather != nil {
                            // Collections are made graph by graph (their blank nodes differ per graph).
                            for (gi, g) in allGraphs.enumerated() {
                                let heads = try collections(om, record, index: index, graphs: g.map { [$0] } ?? [],
                                                            into: &buffer, counter: &collectionCounter)
                                for s in encodedSubjects {
                                    for pr in predicates {
                                        for h in heads { buffer.add(s, pr, h, encodedGraphs[gi]) }
                                    }
                                }
                            }
                            continue
                        }
                        objects = try generator.terms(om, record, index: index)
                    } catch let error as MappingError {
                        throw error.located(property: "rml:objectMap \(om.node)")
                    }
                } else {
                    guard let lookup = parents[p][o] else { continue }
                    do { objects = try self.parentSubjects(lookup, record, index: index) } catch let error as MappingError {
                        throw error.located(property: "rml:objectMap \(plan.reference?.node ?? "")")
                    }
                }
                for s in encodedSubjects {
                    for pr in predicates {
                        for ob in objects {
                            for g in encodedGraphs { buffer.add(s, pr, ob, g) }
                        }
                    }
                }
            }
        }
    }

    /// The graph terms of graph maps (nil in the list: the default graph); an empty list
    /// when there are no graph maps; nil when graph maps exist but make no term.
    private func graphs(_ maps: [TermMap], _ record: Record, index: Int, property: String) throws -> [Term?]? {
        if maps.isEmpty { return [] }
        var result: [Term?] = []
        for gm in maps {
            let terms: [Term]
            do { terms = try generator.terms(gm, record, index: index) } catch let error as MappingError {
                throw error.located(property: property)
            }
            for t in terms {
                let g: Term? = t == Self.defaultGraph ? nil : t
                if !result.contains(g) { result.append(g) }
            }
        }
        return result.isEmpty ? nil : result
    }

    func parentSubjects(_ lookup: ParentLookup, _ record: Record, index: Int) throws -> [Term] {
        switch lookup {
        case .sameRecord(let parentGenerator, let subjectMap):
            return try parentGenerator.terms(subjectMap, record, index: index)
        case .index(let index, let conditions):
            if conditions.isEmpty { return index.all }
            var keys: [[String]] = [[]]
            for condition in conditions {
                let values = try generator.terms(condition.child, record).map(JoinIndex.keyString)
                if values.isEmpty { return [] }
                keys = keys.flatMap { k in values.map { k + [$0] } }
            }
            var out: [Term] = []
            for k in keys { out += index.subjects(for: k) }
            return out
        }
    }
}
