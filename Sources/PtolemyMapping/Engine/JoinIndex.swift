import PtolemyRDF

/// The subjects of a parent triples map by join key: what a referencing object map
/// looks up for each child record (RML-Core section 8, R2RML section 8).
final class JoinIndex: Sendable {
    private let table: [[String]: [Term]]
    /// Every subject, for a join without conditions (the cartesian product).
    let all: [Term]

    init(table: [[String]: [Term]], all: [Term]) {
        self.table = table
        self.all = all
    }

    func subjects(for key: [String]) -> [Term] { table[key] ?? [] }

    /// The string a join compares: the lexical form of a literal, the IRI, the label.
    static func keyString(_ term: Term) -> String {
        switch term {
        case .iri(let iri): return iri
        case .blank(let label): return label
        case .literal(let literal): return literal.lexicalForm
        }
    }
}

extension MappingEngine {
    /// Key of a parent look-up: the referencing object map's place in the document.
    struct JoinKey: Hashable {
        var triplesMap: Int
        var predicateObjectMap: Int
        var objectMap: Int
    }

    /// Builds the join indexes of every referencing object map that needs one, reading
    /// each parent's source once per distinct set of parent expressions.
    func buildJoinIndexes() throws -> [JoinKey: JoinIndex] {
        var indexes: [JoinKey: JoinIndex] = [:]
        for (t, tm) in document.triplesMaps.enumerated() {
            for (p, pom) in tm.predicateObjectMaps.enumerated() {
                for (o, om) in pom.objectMaps.enumerated() {
                    guard case .reference(let ref) = om else { continue }
                    let parent = document.triplesMaps[ref.parent]
                    let sameSource = document.sources[parent.source].identity == document.sources[tm.source].identity
                    if ref.joinConditions.isEmpty && sameSource { continue }
                    do {
                        indexes[JoinKey(triplesMap: t, predicateObjectMap: p, objectMap: o)] = try buildIndex(parent: ref.parent, conditions: ref.joinConditions)
                    } catch let error as MappingError {
                        throw error.located(triplesMap: tm.name, property: "rml:parentTriplesMap \(parent.name)")
                    }
                }
            }
        }
        return indexes
    }

    /// Reads the parent's source and indexes its subjects by the parent expressions' values.
    func buildIndex(parent: Int, conditions: [JoinCondition]) throws -> JoinIndex {
        let tm = document.triplesMaps[parent]
        let source = try openSource(tm.source)
        var references = tm.subjectMap.references
        for c in conditions { references += c.parent.references }
        do { try source.evaluator.compile(references) } catch let error as MappingError {
            throw error.located(triplesMap: tm.name)
        }
        let generator = TermGenerator(evaluator: source.evaluator, baseIRI: baseIRI(for: tm), dialect: document.dialect, functions: functions)
        var table: [[String]: [Term]] = [:]
        var all: [Term] = []
        var seenAll: Set<Term> = []
        let delimiter = (source as? CSVRecordSource)?.delimiter ?? UInt8(ascii: ",")
        while let batch = try source.next() {
            let records = try CSVRecordSource.decode(batch, evaluator: source.evaluator, delimiter: delimiter)
            for (i, record) in records.records.enumerated() {
                let subjects = try generator.terms(tm.subjectMap, record, index: records.firstIndex + i)
                if subjects.isEmpty { continue }
                if conditions.isEmpty {
                    for s in subjects where seenAll.insert(s).inserted { all.append(s) }
                    continue
                }
                var keys: [[String]] = [[]]
                for condition in conditions {
                    let values = try generator.terms(condition.parent, record).map(JoinIndex.keyString)
                    keys = keys.flatMap { k in values.map { k + [$0] } }
                }
                for key in keys {
                    for s in subjects where !(table[key]?.contains(s) ?? false) { table[key, default: []].append(s) }
                }
            }
        }
        return JoinIndex(table: table, all: all)
    }

    /// Plans for the triples maps of one source group.
    ///
    /// Join indexes of referencing object maps inside gather maps are built here, once
    /// per engine (``gatherIndexes``).
    func plans(for maps: [Int], evaluator: inout ReferenceEvaluator, joins: [JoinKey: JoinIndex], tracker: MatchTracker) throws -> [TriplesMapPlan] {
        var references: [Reference] = []
        for t in maps {
            let tm = document.triplesMaps[t]
            references += tm.allReferences
            for pom in tm.predicateObjectMaps {
                for case .reference(let ref) in pom.objectMaps where ref.joinConditions.isEmpty {
                    let parent = document.triplesMaps[ref.parent]
                    if document.sources[parent.source].identity == document.sources[tm.source].identity {
                        references += parent.subjectMap.references
                    }
                }
            }
        }
        do { try evaluator.compile(references) } catch let error as MappingError {
            throw error.located(triplesMap: maps.map { document.triplesMaps[$0].name }.joined(separator: ", "))
        }
        var plans: [TriplesMapPlan] = []
        for t in maps {
            let tm = document.triplesMaps[t]
            var generator = TermGenerator(evaluator: evaluator, baseIRI: baseIRI(for: tm), dialect: document.dialect, functions: functions)
            generator.tracker = tracker.isEnabled ? tracker : nil
            var parents: [[ParentLookup?]] = []
            for (p, pom) in tm.predicateObjectMaps.enumerated() {
                var row: [ParentLookup?] = []
                for (o, om) in pom.objectMaps.enumerated() {
                    guard case .reference(let ref) = om else { row.append(nil); continue }
                    if let index = joins[JoinKey(triplesMap: t, predicateObjectMap: p, objectMap: o)] {
                        row.append(.index(index, ref.joinConditions))
                    } else {
                        let parent = document.triplesMaps[ref.parent]
                        let parentGenerator = TermGenerator(evaluator: evaluator, baseIRI: baseIRI(for: parent),
                                                            dialect: document.dialect, functions: functions)
                        row.append(.sameRecord(parentGenerator, parent.subjectMap))
                    }
                }
                parents.append(row)
            }
            var plan = TriplesMapPlan(map: tm, generator: generator, parents: parents)
            // Referencing object maps inside gather maps (RML-CC): the parent's subject on the
            // same record, or a join index built now.
            for gatherRef in tm.gatherReferences {
                let parent = document.triplesMaps[gatherRef.parent]
                if gatherRef.joinConditions.isEmpty && document.sources[parent.source].identity == document.sources[tm.source].identity {
                    let parentGenerator = TermGenerator(evaluator: evaluator, baseIRI: baseIRI(for: parent), dialect: document.dialect, functions: functions)
                    plan.gatherParents[gatherRef.node] = .sameRecord(parentGenerator, parent.subjectMap)
                } else {
                    let index = try gatherIndexes.value(for: gatherRef.node) {
                        try buildIndex(parent: gatherRef.parent, conditions: gatherRef.joinConditions)
                    }
                    plan.gatherParents[gatherRef.node] = .index(index, gatherRef.joinConditions)
                }
            }
            plans.append(plan)
        }
        return plans
    }
}
