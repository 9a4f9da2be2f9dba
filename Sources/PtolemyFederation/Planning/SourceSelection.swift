import PtolemyEngine
import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemySPARQL
import PtolemyStorage

/// Spreads a query's basic graph patterns over the local store and the federation
/// members, so that the answers are those of one store holding the union of their data.
///
/// For each triple pattern, the sources that can hold it: the local store when its
/// partitions have the predicate (and class), a member when its statistics list them (or
/// are unknown). A member whose geometry extent cannot meet a constant spatial filter on
/// the pattern's literal is dropped. Patterns only one source holds are grouped per source
/// and connected component (exclusive groups: one request answers the group), with the
/// filters over their variables that the source evaluates; a pattern several sources hold
/// becomes the union of its parts, which the engine evaluates as one bind join over every
/// source. Everything else stays where it was: explicit SERVICE, GRAPH (named graphs are
/// the local store's), and what no pattern of a member can match.
struct SourceSelection {
    /// The members, with their statistics when harvested.
    let members: [(endpoint: String, statistics: MemberStatistics?)]
    let snapshot: StoreSnapshot

    /// A place a triple pattern can be read from.
    enum Source: Hashable {
        case local
        case member(Int)
    }

    func distribute(_ algebra: Algebra) -> Algebra {
        func sub(_ a: Algebra) -> Algebra { distribute(a) }
        func expr(_ e: Expression) -> Expression { e.mappingExistsPatterns(distribute) }
        switch algebra {
        case .bgp(let triples):
            return triples.isEmpty ? algebra : distribute(triples, filters: [])
        case .filter(let e, .bgp(let triples)) where !triples.isEmpty:
            return distribute(triples, filters: e.conjuncts.map(expr))
        case .filter(let e, let a): return .filter(expr(e), sub(a))
        case .join(let a, let b): return .join(sub(a), sub(b))
        case .leftJoin(let a, let b, let f): return .leftJoin(sub(a), sub(b), filter: f.map(expr))
        case .union(let a, let b): return .union(sub(a), sub(b))
        case .minus(let a, let b): return .minus(sub(a), sub(b))
        case .extend(let a, let v, let e): return .extend(sub(a), variable: v, expression: expr(e))
        case .group(let a, let keys, let aggregates): return .group(sub(a), keys: keys, aggregates: aggregates)
        case .orderBy(let a, let conditions): return .orderBy(sub(a), conditions)
        case .project(let a, let variables): return .project(sub(a), variables)
        case .distinct(let a): return .distinct(sub(a))
        case .reduced(let a): return .reduced(sub(a))
        case .slice(let a, let offset, let limit): return .slice(sub(a), offset: offset, limit: limit)
        case .path, .values, .service, .graph: return algebra
        }
    }

    // MARK: - one basic graph pattern

    private func distribute(_ triples: [TriplePattern], filters: [Expression]) -> Algebra {
        var sources = triples.map(sources(of:))
        pruneBySpatialFilters(triples, filters, &sources)
        pruneByNamespaces(triples, &sources)
        let unchanged: Algebra = filters.isEmpty ? .bgp(triples) : .filter(Self.conjunction(filters), .bgp(triples))
        // Nothing remote, or a pattern nothing can match (the pattern is empty wherever it runs).
        if sources.allSatisfy({ $0 == [.local] }) || sources.contains(where: \.isEmpty) { return unchanged }
        // Remote requests must name every variable they return.
        let renaming = Self.projectableNames(triples, filters)
        let triples = triples.map { renaming.apply($0) }
        let filters = filters.map { renaming.apply($0) }

        var exclusive: [Source: [Int]] = [:]
        var shared: [Int] = []
        for (i, s) in sources.enumerated() {
            if s.count == 1 { exclusive[s[0], default: []].append(i) } else { shared.append(i) }
        }
        // A part is answered by one request to each of its sources: exclusive groups have
        // one source; a group of patterns several sources hold alike, whose solutions can
        // only come from one source at a time, is asked of each of them whole.
        var parts: [(pattern: [TriplePattern], sources: [Source])] = []
        for source in exclusive.keys.sorted(by: Self.order) {
            for component in Self.components(exclusive[source]!.map { triples[$0] }) {
                parts.append((component, [source]))
            }
        }
        for group in sourceLocalGroups(shared, triples, sources) { parts.append((group.map { triples[$0] }, sources[group[0]])) }

        var remaining = filters
        var pushed = [[Expression]](repeating: [], count: parts.count)
        for (k, part) in parts.enumerated() {
            let variables = Set(part.pattern.flatMap(\.variables))
            remaining.removeAll { f in
                guard f.referencedVariables.isSubset(of: variables), part.sources.allSatisfy({ evaluates($0, f) }) else { return false }
                pushed[k].append(f)
                return true
            }
        }
        var joined: Algebra = .empty
        for (k, part) in parts.enumerated() {
            var pattern: Algebra = .bgp(part.pattern)
            if !pushed[k].isEmpty { pattern = .filter(Self.conjunction(pushed[k]), pattern) }
            let piece: Algebra
            if part.sources == [.local] {
                piece = pattern
            } else {
                let endpoints = part.sources.map(endpoint(of:))
                piece = endpoints.dropFirst().reduce(Algebra.service(endpoint: .term(.iri(endpoints[0])), pattern, silent: false)) {
                    .union($0, .service(endpoint: .term(.iri($1)), pattern, silent: false))
                }
            }
            joined = Algebra.joined(joined, piece)
        }
        return remaining.isEmpty ? joined : .filter(Self.conjunction(remaining), joined)
    }

    private func endpoint(of source: Source) -> String {
        switch source {
        case .local: return LocalStoreEndpoint.iri
        case .member(let i): return members[i].endpoint
        }
    }

    private static func order(_ a: Source, _ b: Source) -> Bool {
        switch (a, b) {
        case (.local, .member): return true
        case (.member(let x), .member(let y)): return x < y
        default: return false
        }
    }

    // MARK: - which source holds a pattern

    private func sources(of t: TriplePattern) -> [Source] {
        var out: [Source] = []
        if localHolds(t) { out.append(.local) }
        for i in members.indices where memberHolds(i, t) { out.append(.member(i)) }
        return out
    }

    private func localHolds(_ t: TriplePattern) -> Bool {
        guard case .term(.iri(let p)) = t.predicate else { return snapshot.quadCount > 0 }
        guard let pid = try? snapshot.id(for: .iri(p)), let keys = snapshot.keysByPredicate[pid] else { return false }
        if p == RDFVocabulary.type, case .term(.iri(let c)) = t.object {
            guard let cid = try? snapshot.id(for: .iri(c)) else { return false }
            return snapshot.statistics(PartitionKey(predicate: pid, typeClass: cid)).rows > 0
        }
        return keys.contains { snapshot.statistics($0).rows > 0 }
    }

    private func memberHolds(_ i: Int, _ t: TriplePattern) -> Bool {
        guard let stats = members[i].statistics else { return true }
        guard case .term(.iri(let p)) = t.predicate else { return !stats.knowsPredicates || stats.triples > 0 }
        if p == RDFVocabulary.type, case .term(.iri(let c)) = t.object, stats.knowsClasses {
            return (stats.classes[c] ?? 0) > 0
        }
        return !stats.knowsPredicates || (stats.predicates[p]?.triples ?? 0) > 0
    }

    /// Whether `source` can evaluate `f` where the data is: the local store can; a member
    /// can when it evaluates every GeoSPARQL function `f` calls and `f` calls no other
    /// extension function and no EXISTS (whose pattern is distributed on its own).
    private func evaluates(_ source: Source, _ f: Expression) -> Bool {
        guard case .member(let i) = source else { return true }
        if f.containsExists { return false }
        let functions = f.functionIRIs
        if functions.isEmpty { return true }
        guard let stats = members[i].statistics else { return false }
        return functions.allSatisfy { $0.hasPrefix(GeoSPARQL.geof) && stats.functions.contains($0) }
    }

    /// The patterns several sources hold, grouped: connected patterns with the same
    /// sources form one group when, for every variable they share, what one source has
    /// there never meets what another has (disjoint namespaces), so that each solution
    /// of the group comes from one source alone. Other patterns are groups of one.
    private func sourceLocalGroups(_ indices: [Int], _ triples: [TriplePattern], _ sources: [[Source]]) -> [[Int]] {
        var bySources: [[Source]: [Int]] = [:]
        var order: [[Source]] = []
        for i in indices {
            if bySources[sources[i]] == nil { order.append(sources[i]) }
            bySources[sources[i], default: []].append(i)
        }
        var groups: [[Int]] = []
        for key in order {
            let members = bySources[key]!
            for component in Self.components(members.map { triples[$0] }) {
                let group = component.map { t in members.first { triples[$0] == t }! }
                if group.count > 1 && isSourceLocal(group.map { triples[$0] }, key) {
                    groups.append(group)
                } else {
                    groups.append(contentsOf: group.map { [$0] })
                }
            }
        }
        return groups
    }

    private func isSourceLocal(_ group: [TriplePattern], _ sources: [Source]) -> Bool {
        var places: [Variable: [(pattern: TriplePattern, subject: Bool)]] = [:]
        for t in group {
            if let v = t.subject.variable { places[v, default: []].append((t, true)) }
            if let v = t.object.variable, v != t.subject.variable { places[v, default: []].append((t, false)) }
        }
        for (_, occurrences) in places where occurrences.count > 1 {
            for (i, a) in occurrences.enumerated() {
                for b in occurrences[(i + 1)...] {
                    for s1 in sources {
                        for s2 in sources where s1 != s2 {
                            guard let x = namespaces(s1, a.pattern, subject: a.subject),
                                  let y = namespaces(s2, b.pattern, subject: b.subject), x.isDisjoint(with: y) else { return false }
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
    private func pruneByNamespaces(_ triples: [TriplePattern], _ sources: inout [[Source]]) {
        var occurrences: [Variable: [(pattern: Int, subject: Bool)]] = [:]
        for (k, t) in triples.enumerated() {
            if let v = t.subject.variable { occurrences[v, default: []].append((k, true)) }
            if let v = t.object.variable, v != t.subject.variable { occurrences[v, default: []].append((k, false)) }
        }
        var changed = true
        while changed {
            changed = false
            for (_, places) in occurrences where places.count > 1 {
                for (i, place) in places.enumerated() {
                    // What the other patterns of the variable allow there, as far as known.
                    var allowed: Set<String>?
                    for (j, other) in places.enumerated() where j != i {
                        var union = Set<String>()
                        var known = true
                        for source in sources[other.pattern] {
                            guard let ns = namespaces(source, triples[other.pattern], subject: other.subject) else { known = false; break }
                            union.formUnion(ns)
                        }
                        if known { allowed = allowed.map { $0.intersection(union) } ?? union }
                    }
                    guard let allowed else { continue }
                    let before = sources[place.pattern].count
                    sources[place.pattern].removeAll { source in
                        guard let ns = namespaces(source, triples[place.pattern], subject: place.subject) else { return false }
                        return ns.isDisjoint(with: allowed)
                    }
                    if sources[place.pattern].count != before { changed = true }
                }
            }
        }
    }

    /// The namespaces a source's data has at one end of a triple pattern, when known.
    private func namespaces(_ source: Source, _ t: TriplePattern, subject: Bool) -> Set<String>? {
        guard case .member(let i) = source, let stats = members[i].statistics, case .term(.iri(let p)) = t.predicate else { return nil }
        if p == RDFVocabulary.type, subject, case .term(.iri(let c)) = t.object {
            return stats.classNamespaces[c].map(Set.init)
        }
        return (subject ? stats.subjectNamespaces[p] : stats.objectNamespaces[p]).map(Set.init)
    }

    // MARK: - spatial pruning

    /// Drops a member from the sources of `?g geo:asWKT ?w` when a constant spatial
    /// filter on ?w needs the geometry to meet a region its geometries (of the feature
    /// class the pattern names, when it names one) lie wholly away from.
    private func pruneBySpatialFilters(_ triples: [TriplePattern], _ filters: [Expression], _ sources: inout [[Source]]) {
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
            for (k, t) in triples.enumerated() {
                guard t.object.variable == variable, case .term(.iri(let p)) = t.predicate, p == GeoVocabulary.asWKT else { continue }
                let featureClass = Self.featureClass(of: t.subject, in: triples)
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
    private static func featureClass(of geometry: TermPattern, in triples: [TriplePattern]) -> String? {
        guard let g = geometry.variable else { return nil }
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

    /// Connected components of triple patterns (sharing a variable).
    static func components(_ triples: [TriplePattern]) -> [[TriplePattern]] {
        var remaining = triples
        var out: [[TriplePattern]] = []
        while !remaining.isEmpty {
            var component = [remaining.removeFirst()]
            var variables = Set(component[0].variables)
            var grew = true
            while grew {
                grew = false
                remaining.removeAll { t in
                    guard !variables.isDisjoint(with: t.variables) else { return false }
                    component.append(t)
                    variables.formUnion(t.variables)
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

        func apply(_ t: TriplePattern) -> TriplePattern { TriplePattern(apply(t.subject), apply(t.predicate), apply(t.object)) }

        func apply(_ e: Expression) -> Expression {
            names.isEmpty ? e : e.replacingVariables { v in names[v].map { .variable($0) } }
        }
    }

    static func projectableNames(_ triples: [TriplePattern], _ filters: [Expression]) -> Renaming {
        var renaming = Renaming()
        let used = Set(triples.flatMap(\.variables).map(\.name))
        for v in triples.flatMap(\.variables) + filters.flatMap(\.variables) where !v.isProjectable && renaming.names[v] == nil {
            let safe = String(v.name.unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_" })
            var name = (v.kind == .blankNode ? "ptolemyBlank_" : "ptolemyVar_") + safe
            while used.contains(name) { name += "_" }
            renaming.names[v] = Variable(name)
        }
        return renaming
    }
}
