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

    init(map: TriplesMap, generator: TermGenerator, parents: [[ParentLookup?]]) {
        self.map = map
        self.generator = generator
        self.parents = parents
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
        for subject in subjects {
            for c in map.classes {
                for g in subjectGraphs.isEmpty ? [nil] : subjectGraphs {
                    buffer.add(subject, Self.rdfType, .iri(c), g)
                }
            }
        }
        for (p, pom) in map.predicateObjectMaps.enumerated() {
            var predicates: [Term] = []
            for pm in pom.predicateMaps {
                do { predicates += try generator.terms(pm, record, index: index) } catch let error as MappingError {
                    throw error.located(property: "rml:predicateMap \(pm.node)")
                }
            }
            if predicates.isEmpty { continue }
            guard let pomGraphs = try graphs(pom.graphMaps, record, index: index, property: "rml:graphMap") else { continue }
            var allGraphs = subjectGraphs
            for g in pomGraphs where !allGraphs.contains(g) { allGraphs.append(g) }
            if allGraphs.isEmpty { allGraphs = [nil] }
            var plainObjects: [Term] = []
            for (o, objectMap) in pom.objectMaps.enumerated() {
                switch objectMap {
                case .term(let om):
                    do {
                        if om.gather != nil {
                            // Collections are made graph by graph (their blank nodes differ per graph).
                            for g in allGraphs {
                                let heads = try collections(om, record, index: index, graphs: g.map { [$0] } ?? [],
                                                            into: &buffer, counter: &collectionCounter)
                                for s in subjects {
                                    for pr in predicates {
                                        for h in heads { buffer.add(s, pr, h, g) }
                                    }
                                }
                            }
                        } else {
                            plainObjects += try generator.terms(om, record, index: index)
                        }
                    } catch let error as MappingError {
                        throw error.located(property: "rml:objectMap \(om.node)")
                    }
                case .reference(let ref):
                    guard let lookup = parents[p][o] else { continue }
                    let parentSubjects: [Term]
                    do { parentSubjects = try self.parentSubjects(lookup, record, index: index) } catch let error as MappingError {
                        throw error.located(property: "rml:objectMap \(ref.node)")
                    }
                    for s in subjects {
                        for pr in predicates {
                            for ob in parentSubjects {
                                for g in allGraphs { buffer.add(s, pr, ob, g) }
                            }
                        }
                    }
                }
            }
            for s in subjects {
                for pr in predicates {
                    for ob in plainObjects {
                        for g in allGraphs { buffer.add(s, pr, ob, g) }
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
