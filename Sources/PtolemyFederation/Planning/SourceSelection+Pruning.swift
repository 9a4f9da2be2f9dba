import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemySPARQL

extension SourceSelection {
    // MARK: - groups of patterns several sources hold alike

    /// The patterns several sources hold, grouped: connected patterns with the same
    /// sources form one group when, for every variable they share, what one source has
    /// there never meets what another has (disjoint namespaces), so that each solution
    /// of the group comes from one source alone. Other patterns are groups of one.
    func sourceLocalGroups(_ indices: [Int], _ elements: [PatternElement], _ sources: [[Source]]) -> [[Int]] {
        var bySources: [[Source]: [Int]] = [:]
        var order: [[Source]] = []
        for i in indices {
            if bySources[sources[i]] == nil { order.append(sources[i]) }
            bySources[sources[i], default: []].append(i)
        }
        var groups: [[Int]] = []
        for key in order {
            let members = bySources[key]!
            for component in Self.components(members.map { elements[$0] }) {
                let group = component.map { e in members.first { elements[$0] == e }! }
                if group.count > 1 && isSourceLocal(component, key) {
                    groups.append(group)
                } else {
                    groups.append(contentsOf: group.map { [$0] })
                }
            }
        }
        return groups
    }

    private func isSourceLocal(_ group: [PatternElement], _ sources: [Source]) -> Bool {
        var places: [Variable: [PatternElement]] = [:]
        for e in group { for v in Set(e.variables) { places[v, default: []].append(e) } }
        for (v, occurrences) in places where occurrences.count > 1 {
            for (i, a) in occurrences.enumerated() {
                for b in occurrences[(i + 1)...] {
                    for s1 in sources {
                        for s2 in sources where s1 != s2 {
                            guard let x = namespaces(s1, a, v), let y = namespaces(s2, b, v), x.isDisjoint(with: y) else { return false }
                        }
                    }
                }
            }
        }
        return true
    }

    // MARK: - join-aware pruning

    /// Drops a source from a pattern when the namespaces its data has where a join
    /// variable stands cannot meet those the other patterns of that variable have at any
    /// of their sources (HiBISCuS's authority pruning, by namespace): LUCAS points and
    /// parcels both have `geo:hasGeometry`, but a point's geometry is never at the member
    /// whose subjects are all parcels. Repeated until nothing changes, since one pruning
    /// narrows the next.
    func pruneByNamespaces(_ elements: [PatternElement], _ sources: inout [[Source]]) {
        var occurrences: [Variable: [Int]] = [:]
        for (k, e) in elements.enumerated() { for v in Set(e.variables) { occurrences[v, default: []].append(k) } }
        var changed = true
        while changed {
            changed = false
            for (v, places) in occurrences where places.count > 1 {
                for place in places {
                    // What the other patterns of the variable allow there, as far as known.
                    var allowed: Set<String>?
                    for other in places where other != place {
                        var union = Set<String>()
                        var known = true
                        for source in sources[other] {
                            guard let ns = namespaces(source, elements[other], v) else { known = false; break }
                            union.formUnion(ns)
                        }
                        if known { allowed = allowed.map { $0.intersection(union) } ?? union }
                    }
                    guard let allowed else { continue }
                    let before = sources[place].count
                    sources[place].removeAll { source in
                        guard let ns = namespaces(source, elements[place], v) else { return false }
                        return ns.isDisjoint(with: allowed)
                    }
                    if sources[place].count != before { changed = true }
                }
            }
        }
    }

    /// The namespaces a source's data has where `v` stands in a pattern (over all its
    /// alternatives), when known.
    func namespaces(_ source: Source, _ element: PatternElement, _ v: Variable) -> Set<String>? {
        var out = Set<String>()
        for t in element.branches {
            let subject = t.subject.variable == v
            guard subject || t.object.variable == v, let ns = namespaces(source, t, subject: subject) else { return nil }
            out.formUnion(ns)
        }
        return out
    }

    private func namespaces(_ source: Source, _ t: TriplePattern, subject: Bool) -> Set<String>? {
        guard case .member(let i) = source, let stats = members[i].statistics, case .term(.iri(let p)) = t.predicate else { return nil }
        if p == RDFVocabulary.type, subject, case .term(.iri(let c)) = t.object {
            // A class the member has no instance of contributes nothing.
            if stats.knowsClasses && stats.classes[c] == nil { return [] }
            return stats.classNamespaces[c].map(Set.init)
        }
        // So does a predicate it does not use (one alternative of an entailed pattern).
        if stats.knowsPredicates && stats.predicates[p] == nil { return [] }
        return (subject ? stats.subjectNamespaces[p] : stats.objectNamespaces[p]).map(Set.init)
    }

    // MARK: - spatial pruning

    /// Drops a member from the sources of `?g geo:asWKT ?w` when a constant spatial
    /// filter on ?w needs the geometry to meet a region its geometries (of the feature
    /// class the pattern names, when it names one) lie wholly away from.
    func pruneBySpatialFilters(_ elements: [PatternElement], _ filters: [Expression], _ sources: inout [[Source]]) {
        for f in filters {
            guard case .function(let iri, let args, _) = f, args.count == 2, let relation = SpatialRelation(functionIRI: iri),
                  relation.requiresIntersection else { continue }
            let variable: Variable, constant: Term
            switch (args[0], args[1]) {
            case (.variable(let v), .term(let t)), (.term(let t), .variable(let v)): (variable, constant) = (v, t)
            default: continue
            }
            guard let parsed = try? GeometryCache.shared.geometry(constant), let region = try? parsed.literal.boundingBox(in: .crs84),
                  !region.isEmpty else { continue }
            for (k, e) in elements.enumerated() {
                guard e.isTriple, let t = e.branches.first, t.object.variable == variable,
                      case .term(.iri(let p)) = t.predicate, p == GeoVocabulary.asWKT else { continue }
                let featureClass = Self.featureClass(of: t.subject, in: elements)
                sources[k].removeAll { source in
                    guard case .member(let i) = source, let stats = members[i].statistics else { return false }
                    let extent = featureClass.flatMap { stats.classExtents[$0] } ?? stats.geometryExtent
                    guard let extent else { return false }
                    return !extent.box.intersects(region)
                }
            }
        }
    }

    /// The class C of `?f a C . ?f geo:hasGeometry ?g` for the geometry ?g, if the pattern names one.
    private static func featureClass(of geometry: TermPattern, in elements: [PatternElement]) -> String? {
        guard let g = geometry.variable else { return nil }
        let triples = elements.flatMap(\.branches)
        for link in triples where link.object.variable == g {
            guard case .term(.iri(let p)) = link.predicate, p == GeoVocabulary.hasGeometry || p == GeoVocabulary.hasDefaultGeometry,
                  let f = link.subject.variable else { continue }
            for typed in triples where typed.subject.variable == f {
                if case .term(.iri(RDFVocabulary.type)) = typed.predicate, case .term(.iri(let c)) = typed.object { return c }
            }
        }
        return nil
    }

    // MARK: - helpers

    /// Connected components of patterns (sharing a variable).
    static func components(_ elements: [PatternElement]) -> [[PatternElement]] {
        var remaining = elements
        var out: [[PatternElement]] = []
        while !remaining.isEmpty {
            var component = [remaining.removeFirst()]
            var variables = Set(component[0].variables)
            var grew = true
            while grew {
                grew = false
                remaining.removeAll { e in
                    guard !variables.isDisjoint(with: e.variables) else { return false }
                    component.append(e)
                    variables.formUnion(e.variables)
                    grew = true
                    return true
                }
            }
            out.append(component)
        }
        return out
    }

    static func conjunction(_ filters: [Expression]) -> Expression {
        filters.dropFirst().reduce(filters[0]) { .and($0, $1) }
    }

    /// Named variables for the blank-node and internal variables of a pattern, which a
    /// SELECT could not return otherwise.
    struct Renaming {
        var names: [Variable: Variable] = [:]

        func apply(_ p: TermPattern) -> TermPattern {
            if let v = p.variable, let n = names[v] { return .variable(n) }
            return p
        }

        func apply(_ e: Expression) -> Expression {
            names.isEmpty ? e : e.replacingVariables { v in names[v].map { .variable($0) } }
        }
    }

    static func projectableNames(_ variables: [Variable], _ filters: [Expression]) -> Renaming {
        var renaming = Renaming()
        let used = Set(variables.map(\.name))
        for v in variables + filters.flatMap(\.variables) where !v.isProjectable && renaming.names[v] == nil {
            let safe = String(v.name.unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_" })
            var name = (v.kind == .blankNode ? "ptolemyBlank_" : "ptolemyVar_") + safe
            while used.contains(name) { name += "_" }
            renaming.names[v] = Variable(name)
        }
        return renaming
    }
}
