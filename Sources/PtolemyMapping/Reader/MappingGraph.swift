import PtolemyRDF

/// The mapping document's triples, indexed by subject, with classic RML terms
/// rewritten to the current vocabulary (see ``RML``).
struct MappingGraph {
    private(set) var bySubject: [Term: [(predicate: String, object: Term)]] = [:]
    /// Subjects in document order (so that triples maps run in the order written).
    private(set) var subjects: [Term] = []
    /// True when any classic (`rr:`, semweb `rml:`, `ql:`) term occurred.
    private(set) var usesClassicVocabulary = false
    /// True when any `http://w3id.org/rml/` term occurred.
    private(set) var usesCoreVocabulary = false

    init(quads: [Quad]) {
        for quad in quads {
            add(subject: quad.subject, predicate: quad.predicate, object: quad.object)
        }
    }

    private mutating func modernize(_ term: Term) -> Term {
        guard case .iri(let iri) = term else { return term }
        if let modern = RML.modernized(iri) {
            usesClassicVocabulary = true
            return .iri(modern)
        }
        if iri.hasPrefix(RML.ns) { usesCoreVocabulary = true }
        return term
    }

    private mutating func add(subject: Term, predicate: Term, object: Term) {
        guard case .iri(var p) = modernize(predicate) else { return }
        var object = modernize(object)
        // Classic FnML and the older FnO namespace: keep their own names, the reader handles both.
        if p.hasPrefix(RML.fnoOldNS) { p = RML.fnoNS + p.dropFirst(RML.fnoOldNS.count) }
        if case .iri(let o) = object, o.hasPrefix(RML.fnoOldNS) { object = .iri(RML.fnoNS + o.dropFirst(RML.fnoOldNS.count)) }
        if bySubject[subject] == nil { subjects.append(subject) }
        bySubject[subject, default: []].append((p, object))
    }

    /// All objects of `subject` `predicate`, in document order.
    func objects(_ subject: Term, _ predicate: String) -> [Term] {
        bySubject[subject]?.compactMap { $0.predicate == predicate ? $0.object : nil } ?? []
    }

    /// The one object of `subject` `predicate`, nil when absent.
    /// - Throws: when there are several.
    func object(_ subject: Term, _ predicate: String) throws -> Term? {
        let all = objects(subject, predicate)
        if all.count > 1 {
            // The same value stated twice is not a conflict.
            if Set(all).count == 1 { return all[0] }
            throw MappingError(.invalidMapping, "\(Self.name(subject)) has \(all.count) values for \(RML.short(predicate)), expected one")
        }
        return all.first
    }

    /// Whether `subject` has any triple with `predicate`.
    func has(_ subject: Term, _ predicate: String) -> Bool {
        bySubject[subject]?.contains { $0.predicate == predicate } ?? false
    }

    /// The `rdf:type`s of `subject`.
    func types(_ subject: Term) -> [String] {
        objects(subject, RDFVocabulary.type).compactMap(\.iriValue)
    }

    /// Subjects with a triple `? predicate object`.
    func subjects(withPredicate predicate: String, object: Term? = nil) -> [Term] {
        subjects.filter { s in
            bySubject[s]!.contains { $0.predicate == predicate && (object == nil || $0.object == object!) }
        }
    }

    /// The elements of an RDF list starting at `head`.
    func list(_ head: Term) throws -> [Term] {
        var items: [Term] = []
        var node = head
        var seen: Set<Term> = []
        while node != .iri(RDFVocabulary.nil) {
            guard seen.insert(node).inserted, let first = try object(node, RDFVocabulary.first),
                  let rest = try object(node, RDFVocabulary.rest) else {
                throw MappingError(.invalidMapping, "\(Self.name(head)) is not a well-formed RDF list")
            }
            items.append(first)
            node = rest
        }
        return items
    }

    /// How a mapping node is named in messages: `<iri>` or `_:label`.
    static func name(_ term: Term) -> String {
        switch term {
        case .iri(let iri): return "<\(iri)>"
        case .blank(let label): return "_:\(label)"
        case .literal(let literal): return "\"\(literal.lexicalForm)\""
        }
    }
}
