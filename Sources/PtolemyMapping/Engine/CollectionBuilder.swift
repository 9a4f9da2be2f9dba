import PtolemyRDF

/// RML-CC (https://w3id.org/rml/cc/spec): RDF lists and containers made by gather maps.
///
/// An unnamed collection (no expression beside `rml:gather`) is made per record, with
/// fresh blank nodes. A named one (its template, constant or reference gives the head)
/// gathers the values of every record that names it, in source order, per graph: its
/// structure is written when the source has been read (``NamedCollections``).
enum CollectionBuilder {
    private static let first = Term.iri(RDFVocabulary.first)
    private static let rest = Term.iri(RDFVocabulary.rest)
    private static let nilList = Term.iri(RDFVocabulary.nil)
    private static let type = Term.iri(RDFVocabulary.type)

    /// Writes the structure of a collection with head `head` and `values` into `buffer`,
    /// in `graph`; `label` prefixes the blank nodes of a list's rest.
    static func write(head: Term, values: [Term], gatherAs: String, graph: Term?, label: String, into buffer: inout QuadBuffer) {
        if gatherAs == RDFVocabulary.list {
            var node = head
            for (i, value) in values.enumerated() {
                buffer.add(node, first, value, graph)
                let next: Term = i + 1 < values.count ? .blank("\(label)_\(i + 1)") : nilList
                buffer.add(node, rest, next, graph)
                node = next
            }
        } else {
            buffer.add(head, type, .iri(gatherAs), graph)
            for (i, value) in values.enumerated() {
                buffer.add(head, .iri(RDFVocabulary.member(i + 1)), value, graph)
            }
        }
    }
}

/// Named collections gathered across the records of a source, in order of first use.
struct NamedCollections {
    struct Key: Hashable {
        var head: Term
        var graph: Term?
    }

    private(set) var order: [Key] = []
    private var entries: [Key: (gatherAs: String, values: [Term])] = [:]

    mutating func add(_ key: Key, gatherAs: String, values: [Term]) {
        if entries[key] == nil {
            order.append(key)
            entries[key] = (gatherAs, values)
        } else {
            entries[key]!.values += values
        }
    }

    mutating func merge(_ other: NamedCollections) {
        for key in other.order { add(key, gatherAs: other.entries[key]!.gatherAs, values: other.entries[key]!.values) }
    }

    var isEmpty: Bool { order.isEmpty }

    /// Writes every collection's structure.
    func write(into buffer: inout QuadBuffer) {
        for key in order {
            let entry = entries[key]!
            let label = "cc" + TermGenerator.stableHash("\(key.head)|\(key.graph.map { "\($0)" } ?? "")")
            CollectionBuilder.write(head: key.head, values: entry.values, gatherAs: entry.gatherAs, graph: key.graph, label: label, into: &buffer)
        }
    }
}

extension TriplesMapPlan {
    /// The heads of the collections a gather map makes for a record in one graph (`graphs`
    /// holds it, or is empty for the default graph), writing unnamed ones into `buffer` and
    /// noting named ones in `buffer.named`; empty when none is made.
    func collections(_ map: TermMap, _ record: Record, index: Int, graphs: [Term?], into buffer: inout QuadBuffer,
                     counter: inout Int) throws -> [Term] {
        guard let gather = map.gather else { return try generator.terms(map, record, index: index) }
        // The values of each member map.
        var memberValues: [[Term]] = []
        for member in gather.maps {
            if member.gather != nil {
                memberValues.append(try collections(member, record, index: index, graphs: graphs, into: &buffer, counter: &counter))
            } else if let ref = member.gatherReference {
                memberValues.append(try gatherParents(ref, record, index: index))
            } else {
                memberValues.append(try generator.terms(member, record, index: index))
            }
        }
        let lists: [[Term]]
        if gather.cartesian {
            var combos: [[Term]] = [[]]
            for values in memberValues { combos = combos.flatMap { c in values.map { c + [$0] } } }
            lists = memberValues.isEmpty || memberValues.contains(where: \.isEmpty) ? [[]] : combos
        } else {
            lists = [memberValues.flatMap { $0 }]
        }
        let unnamed: Bool
        if case .constant(.blank("")) = map.expression { unnamed = true } else { unnamed = false }
        var heads: [Term] = []
        for values in lists {
            if values.isEmpty {
                guard gather.allowEmpty else { continue }
                if gather.gatherAs == RDFVocabulary.list {
                    heads.append(.iri(RDFVocabulary.nil))
                    continue
                }
            }
            // Blank nodes differ per graph: the same collection in two graphs is two collections.
            let graph = graphs.first ?? nil
            let suffix = graph.map { "g" + TermGenerator.stableHash("\($0)") } ?? ""
            if unnamed {
                counter += 1
                let label = "cc\(TermGenerator.stableHash(map.node))r\(index)n\(counter)" + suffix
                let head = Term.blank(label)
                CollectionBuilder.write(head: head, values: values, gatherAs: gather.gatherAs, graph: graph, label: label, into: &buffer)
                heads.append(head)
            } else {
                var nameMap = map
                nameMap.gather = nil
                for name in try generator.terms(nameMap, record, index: index) {
                    var head = name
                    if case .blank(let l) = name { head = .blank(l + suffix) }
                    buffer.named.add(NamedCollections.Key(head: head, graph: graph), gatherAs: gather.gatherAs, values: values)
                    heads.append(head)
                }
            }
        }
        return heads
    }

    private func gatherParents(_ ref: RefObjectMap, _ record: Record, index: Int) throws -> [Term] {
        guard let lookup = gatherParents[ref.node] else { return [] }
        return try parentSubjects(lookup, record, index: index)
    }
}
