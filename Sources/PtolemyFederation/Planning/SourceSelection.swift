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
    /// How often each variable is mentioned in the whole query (``Algebra/mentionCounts``):
    /// a remote part returns only the variables mentioned outside it.
    let usage: [Variable: Int]
    /// Whether the pattern being placed is an EXISTS pattern: its parts keep all their
    /// variables, since substitution must reach every one (a projection would hide them).
    var insideExists = false
    /// What could not be distributed faithfully (the query is then refused, not answered wrongly).
    let problems = Problems()

    final class Problems {
        var messages: [String] = []
    }

    /// A place a triple pattern can be read from.
    enum Source: Hashable {
        case local
        case member(Int)
    }

    func distribute(_ algebra: Algebra) -> Algebra {
        func sub(_ a: Algebra) -> Algebra { distribute(a) }
        var inner = self
        inner.insideExists = true
        func expr(_ e: Expression) -> Expression { e.mappingExistsPatterns(inner.distribute) }
        switch algebra {
        case .bgp(let triples):
            return triples.isEmpty ? algebra : distributeGroup(algebra, filters: [])
        case .filter(let e, let inner) where Self.isGroup(inner):
            return distributeGroup(inner, filters: e.conjuncts.map(expr), written: e)
        case .join where Self.isGroup(algebra):
            return distributeGroup(algebra, filters: [])
        case .distinct where algebra.tripleAlternatives != nil:
            return distributeGroup(algebra, filters: [])
        case .filter(let e, let a):
            // A filter moved below an OPTIONAL or a BIND can join a group and go out with it.
            if let pushed = Algebra.pushingFilters(e.conjuncts, into: a) { return distribute(pushed) }
            return .filter(expr(e), sub(a))
        case .join(let a, let b): return .join(sub(a), sub(b))
        case .leftJoin(let a, let b, let f): return .leftJoin(sub(a), sub(b), filter: f.map(expr))
        case .union(let a, let b):
            // Two branches answered by the same endpoint (alternatives of a path) are one request.
            let (x, y) = (sub(a), sub(b))
            if case .service(let e1, let p1, false) = x, case .service(let e2, let p2, false) = y, e1 == e2, e1.term != nil {
                return .service(endpoint: e1, .union(p1, p2), silent: false)
            }
            return .union(x, y)
        case .minus(let a, let b): return .minus(sub(a), sub(b))
        case .extend(let a, let v, let e): return .extend(sub(a), variable: v, expression: expr(e))
        case .group(let a, let keys, let aggregates): return .group(sub(a), keys: keys, aggregates: aggregates)
        case .orderBy(let a, let conditions): return .orderBy(sub(a), conditions)
        case .project(let a, let variables): return .project(sub(a), variables)
        case .distinct(let a): return .distinct(sub(a))
        case .reduced(let a): return .reduced(sub(a))
        case .slice(let a, let offset, let limit): return .slice(sub(a), offset: offset, limit: limit)
        case .path(let subject, let path, let object):
            return distributePath(subject, path, object)
        case .values, .service, .graph: return algebra
        }
    }

    /// The parts of a join (nested joins flattened).
    static func joinParts(_ algebra: Algebra) -> [Algebra] {
        if case .join(let a, let b) = algebra { return joinParts(a) + joinParts(b) }
        return [algebra]
    }

    /// Whether a join holds triple patterns (or patterns with alternatives) to place.
    static func isGroup(_ algebra: Algebra) -> Bool {
        joinParts(algebra).contains { part in
            if case .bgp(let t) = part { return !t.isEmpty }
            return part.tripleAlternatives != nil
        }
    }

    // MARK: - property paths

    /// A path of alternatives, inverses and sequences of IRIs is a union of basic graph
    /// patterns, distributed like any other. A path with a closure (`*`, `+`, `?`) or a
    /// negated property set is evaluated where all of its predicates are: the local store,
    /// or the one member that holds them.
    private func distributePath(_ subject: TermPattern, _ path: PropertyPath, _ object: TermPattern) -> Algebra {
        var fresh = 0
        func expand(_ s: TermPattern, _ p: PropertyPath, _ o: TermPattern) -> Algebra? {
            switch p {
            case .link(let iri): return .bgp([TriplePattern(s, .term(.iri(iri)), o)])
            case .inverse(.link(let iri)): return .bgp([TriplePattern(o, .term(.iri(iri)), s)])
            case .alternative(let a, let b):
                guard let x = expand(s, a, o), let y = expand(s, b, o) else { return nil }
                return .union(x, y)
            case .sequence(let a, let b):
                fresh += 1
                let middle = TermPattern.variable(Variable("ptolemyPath\(fresh)", kind: .blankNode))
                guard let x = expand(s, a, middle), let y = expand(middle, b, o) else { return nil }
                return .join(x, y)
            default: return nil
            }
        }
        if let union = expand(subject, path, object) { return distribute(union) }
        let holders = [Source.local] + members.indices.map { .member($0) }
        let holding = holders.filter { source in
            // A negated property set matches predicates it does not name: any source may hold them.
            if path.containsNegatedPropertySet { return source == .local ? snapshot.quadCount > 0 : true }
            return path.predicateIRIs.contains { p in
                let t = TriplePattern(subject, .term(.iri(p)), object)
                return source == .local ? localHolds(t) : memberHolds(memberIndex(source), t)
            }
        }
        let original = Algebra.path(subject: subject, path: path, object: object)
        if holding.count == 1, case .member(let i) = holding[0] {
            return .service(endpoint: .term(.iri(members[i].endpoint)), original, silent: false)
        }
        if holding.count > 1 {
            problems.messages.append("the property path \(path) reaches predicates that several sources hold "
                + "(\(holding.map(endpoint(of:)).joined(separator: ", "))); paths with closures or negated property "
                + "sets across federation members are not supported")
        }
        return original
    }

    private func memberIndex(_ source: Source) -> Int {
        if case .member(let i) = source { return i }
        return -1
    }

    // MARK: - one conjunctive group

    /// Places the triple patterns (and patterns with alternatives) of a join, with the
    /// FILTERs over the join; the join's other parts are distributed on their own.
    /// - Parameter written: the FILTER as the query wrote it (before its EXISTS patterns
    ///   were placed), for counting what the group mentions.
    private func distributeGroup(_ join: Algebra, filters: [Expression], written: Expression? = nil) -> Algebra {
        var found: [PatternElement] = []
        var others: [Algebra] = []
        for part in Self.joinParts(join) {
            if case .bgp(let triples) = part {
                found.append(contentsOf: triples.map(PatternElement.init))
            } else if let (branches, variables) = part.tripleAlternatives {
                found.append(PatternElement(alternatives: branches, variables: variables))
            } else {
                others.append(distribute(part))
            }
        }
        let rest = others.reduce(Algebra.empty) { Algebra.joined($0, $1) }
        func withFilters(_ filters: [Expression], _ a: Algebra) -> Algebra { filters.isEmpty ? a : .filter(Self.conjunction(filters), a) }
        var sources = found.map(sources(of:))
        pruneBySpatialFilters(found, filters, &sources)
        pruneByNamespaces(found, &sources)
        // Nothing remote, or a pattern nothing can match (the group is empty wherever it runs).
        if sources.allSatisfy({ $0 == [.local] }) || sources.contains(where: \.isEmpty) {
            return withFilters(filters, Algebra.joined(PatternElement.algebra(found), rest))
        }
        // Remote requests must name every variable they return.
        let renaming = Self.projectableNames(found.flatMap(\.variables), filters)
        let elements = found.map { $0.renamed(renaming.apply) }
        let filters = filters.map { renaming.apply($0) }

        var exclusive: [Source: [Int]] = [:]
        var shared: [Int] = []
        for (i, s) in sources.enumerated() {
            if s.count == 1 { exclusive[s[0], default: []].append(i) } else { shared.append(i) }
        }
        // A part is answered by one request to each of its sources: exclusive groups have
        // one source; a group of patterns several sources hold alike, whose solutions can
        // only come from one source at a time, is asked of each of them whole.
        var parts: [(pattern: [PatternElement], sources: [Source])] = []
        for source in exclusive.keys.sorted(by: Self.order) {
            for component in Self.components(exclusive[source]!.map { elements[$0] }) {
                parts.append((component, [source]))
            }
        }
        for group in sourceLocalGroups(shared, elements, sources) { parts.append((group.map { elements[$0] }, sources[group[0]])) }

        var remaining = filters
        var pushed = [[Expression]](repeating: [], count: parts.count)
        // A filter's variables that no pattern of the join binds are unbound wherever it
        // runs (or, inside EXISTS, replaced by the outer solution's values before the
        // request leaves): they do not tie it to a part.
        let bound = Set(elements.flatMap(\.variables)).union(others.flatMap(\.inScopeVariables))
        for (k, part) in parts.enumerated() {
            let variables = Set(part.pattern.flatMap(\.variables))
            remaining.removeAll { f in
                guard f.referencedVariables.intersection(bound).isSubset(of: variables),
                      part.sources.allSatisfy({ evaluates($0, f) }) else { return false }
                pushed[k].append(f)
                return true
            }
        }
        // What the rest of the query reads of each part: its variables mentioned outside
        // the group, or in the group's other parts and remaining filters.
        let groupUsage = (written.map { Algebra.filter($0, join) } ?? join).mentionCounts
        let outside = Set(usage.compactMap { v, n in n > (groupUsage[v] ?? 0) ? v : nil }).map { renaming.names[$0] ?? $0 }
        var joined: Algebra = .empty
        for (k, part) in parts.enumerated() {
            var pattern = withFilters(pushed[k], PatternElement.algebra(part.pattern))
            if !insideExists {
                var elsewhere = Set(outside).union(remaining.flatMap(\.mentionedVariables)).union(others.flatMap(\.mentionedVariables))
                for (j, other) in parts.enumerated() where j != k { elsewhere.formUnion(other.pattern.flatMap(\.variables)) }
                let all = pattern.projectableVariables
                let needed = all.filter(elsewhere.contains)
                if needed.count < all.count { pattern = .project(pattern, needed) }
            }
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
        return withFilters(remaining, Algebra.joined(joined, rest))
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

    private func sources(of element: PatternElement) -> [Source] {
        var out: [Source] = []
        if element.branches.contains(where: localHolds) { out.append(.local) }
        for i in members.indices where element.branches.contains(where: { memberHolds(i, $0) }) { out.append(.member(i)) }
        return out
    }

    func localHolds(_ t: TriplePattern) -> Bool {
        guard case .term(.iri(let p)) = t.predicate else { return snapshot.quadCount > 0 }
        guard let pid = try? snapshot.id(for: .iri(p)), let keys = snapshot.keysByPredicate[pid] else { return false }
        if p == RDFVocabulary.type, case .term(.iri(let c)) = t.object {
            guard let cid = try? snapshot.id(for: .iri(c)) else { return false }
            return snapshot.statistics(PartitionKey(predicate: pid, typeClass: cid)).rows > 0
        }
        return keys.contains { snapshot.statistics($0).rows > 0 }
    }

    func memberHolds(_ i: Int, _ t: TriplePattern) -> Bool {
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
}
