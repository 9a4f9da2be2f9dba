import Foundation
import PtolemyEngine
import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyRDF

/// Harvests a member's statistics with ordinary SPARQL 1.1 queries, so that any standard
/// endpoint can be a member: per-predicate counts with distinct subjects and objects,
/// per-class instance counts, the GeoSPARQL functions it evaluates (probed with constant
/// arguments), and, where it evaluates `geof:minX` and friends, the extent of its
/// geometries overall and per feature class. A query the member cannot answer leaves a
/// note and that part unknown; it does not fail the harvest.
struct StatisticsHarvester {
    let handler: HTTPServiceHandler
    /// The time limit of each harvesting query, in seconds.
    let timeout: Double

    static let geof = "http://www.opengis.net/def/function/geosparql/"
    static let geo = "http://www.opengis.net/ont/geosparql#"
    static let wkt = geo + "wktLiteral"

    /// The functions probed, each with arguments it evaluates without error.
    static let probes: [(name: String, arguments: String)] = {
        let point = "\"POINT(1 1)\"^^<\(wkt)>"
        let square = "\"POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))\"^^<\(wkt)>"
        var probes: [(String, String)] = []
        for family in ["sf", "eh", "rcc8"] {
            let relations: [String]
            switch family {
            case "sf": relations = ["Equals", "Disjoint", "Intersects", "Touches", "Crosses", "Within", "Contains", "Overlaps"]
            case "eh": relations = ["Equals", "Disjoint", "Meet", "Overlap", "Covers", "CoveredBy", "Inside", "Contains"]
            default: relations = ["eq", "dc", "ec", "po", "tppi", "tpp", "ntpp", "ntppi"]
            }
            for r in relations { probes.append((family + r, "\(point), \(square)")) }
        }
        probes.append(("relate", "\(point), \(square), \"T********\""))
        probes.append(("distance", "\(point), \(square), <http://www.opengis.net/def/uom/OGC/1.0/metre>"))
        for unary in ["minX", "minY", "maxX", "maxY", "getSRID", "envelope", "area"] { probes.append((unary, point)) }
        probes.append(("buffer", "\(point), 1, <http://www.opengis.net/def/uom/OGC/1.0/metre>"))
        return probes
    }()

    func harvest(_ endpoint: String) -> MemberStatistics {
        var stats = MemberStatistics(endpoint: endpoint)
        do {
            let rows = try select("""
                SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?o) AS ?no) WHERE { ?s ?p ?o } GROUP BY ?p
                """, endpoint)
            for row in rows {
                guard case .iri(let p)? = row["p"], let n = Self.integer(row["n"]) else { continue }
                stats.predicates[p] = .init(triples: n, distinctSubjects: Self.integer(row["ns"]), distinctObjects: Self.integer(row["no"]))
            }
        } catch {
            // Distinct counts are the expensive part: settle for plain counts.
            do {
                for row in try select("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", endpoint) {
                    guard case .iri(let p)? = row["p"], let n = Self.integer(row["n"]) else { continue }
                    stats.predicates[p] = .init(triples: n, distinctSubjects: nil, distinctObjects: nil)
                }
            } catch {
                // The member does not answer at all: nothing else will be learnt now.
                stats.notes.append("\(MemberStatistics.predicateNote) \(error)")
                stats.notes.append("\(MemberStatistics.classNote) not harvested")
                return stats
            }
        }
        do {
            for row in try select("SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c", endpoint) {
                guard case .iri(let c)? = row["c"], let n = Self.integer(row["n"]) else { continue }
                stats.classes[c] = n
            }
        } catch {
            stats.notes.append("\(MemberStatistics.classNote) \(error)")
        }
        harvestNamespaces(endpoint, into: &stats)
        stats.functions = probeFunctions(endpoint, notes: &stats.notes)
        if Set(["minX", "minY", "maxX", "maxY"].map { Self.geof + $0 }).isSubset(of: stats.functions),
           stats.predicates[Self.geo + "asWKT"] != nil {
            harvestExtents(endpoint, into: &stats)
        }
        return stats
    }

    /// Which probed functions give a value: all in one query (an unknown function leaves
    /// its BIND unbound), or, when the member refuses a query naming a function it does
    /// not know, one query per function, after a first one shows it knows any at all.
    private func probeFunctions(_ endpoint: String, notes: inout [String]) -> Set<String> {
        func text(_ probes: ArraySlice<(name: String, arguments: String)>) -> String {
            var text = "SELECT * WHERE {\n"
            for (i, probe) in zip(probes.indices, probes) {
                text += "  BIND(<\(Self.geof)\(probe.name)>(\(probe.arguments)) AS ?f\(i))\n"
            }
            return text + "}"
        }
        func found(_ probes: ArraySlice<(name: String, arguments: String)>) throws -> Set<String> {
            guard let row = try select(text(probes), endpoint).first else { return [] }
            return Set(probes.indices.filter { row["f\($0)"] != nil }.map { Self.geof + probes[$0].name })
        }
        if let all = try? found(Self.probes[...]) { return all }
        do {
            let intersects = Self.probes.firstIndex { $0.name == "sfIntersects" }!
            guard try !found(Self.probes[intersects...intersects]).isEmpty else {
                notes.append("functions: the member evaluates no GeoSPARQL function (geof:sfIntersects probed)")
                return []
            }
            var out = Set<String>()
            for i in Self.probes.indices { out.formUnion((try? found(Self.probes[i..<(i + 1)])) ?? []) }
            return out
        } catch {
            notes.append("functions: \(error)")
            return []
        }
    }

    /// The most namespaces kept per predicate or class; beyond, the position is unknown.
    static let maxNamespaces = 64

    /// The "namespace" of an IRI, as the harvest computes it: up to its last `/` or `#`,
    /// and when the local name holds a digit, its part before the first digit too
    /// (`…/feature/lucas-26000004` → `…/feature/lucas-`), which tells apart the LUCAS points
    /// and the parcels that one mapping names under the same path.
    static let namespaceExpression = #"IF(isIRI(?x), IF(REGEX(STR(?x), "[/#][^/#0-9]*[0-9][^/#]*$"), "#
        + #"REPLACE(STR(?x), "^(.*[/#][^/#0-9]*)[0-9][^/#]*$", "$1"), REPLACE(STR(?x), "[^/#]+$", "")), "#
        + #"IF(isBlank(?x), "_:", "\""))"#

    /// Collects the namespaces per predicate (subjects, objects) and per class. Blank
    /// nodes and literals count as markers that make the position unknown: they cannot be
    /// told apart by namespace.
    private func harvestNamespaces(_ endpoint: String, into stats: inout MemberStatistics) {
        let namespace = "BIND(\(Self.namespaceExpression) AS ?ns)"
        func collect(_ pattern: String) throws -> [String: [String]] {
            var found: [String: Set<String>] = [:]
            var unknown = Set<String>()
            for row in try select("SELECT ?k ?ns WHERE { \(pattern) \(namespace) } GROUP BY ?k ?ns", endpoint) {
                guard case .iri(let k)? = row["k"], case .literal(let ns)? = row["ns"], !unknown.contains(k) else { continue }
                found[k, default: []].insert(ns.lexicalForm)
                if found[k]!.count > Self.maxNamespaces || ns.lexicalForm == "_:" || ns.lexicalForm == "\"" {
                    unknown.insert(k)
                    found[k] = nil
                }
            }
            return found.mapValues { $0.sorted() }
        }
        do {
            stats.subjectNamespaces = try collect("?x ?k ?o .")
            stats.objectNamespaces = try collect("?s ?k ?x .")
            stats.classNamespaces = try collect("?x a ?k .")
        } catch {
            stats.notes.append("namespaces: \(error)")
        }
    }

    private func harvestExtents(_ endpoint: String, into stats: inout MemberStatistics) {
        let geof = Self.geof, geo = Self.geo
        let figures = """
            (MIN(<\(geof)minX>(?w)) AS ?x0) (MIN(<\(geof)minY>(?w)) AS ?y0) (MAX(<\(geof)maxX>(?w)) AS ?x1) \
            (MAX(<\(geof)maxY>(?w)) AS ?y1) (COUNT(DISTINCT <\(geof)getSRID>(?w)) AS ?crss) (SAMPLE(<\(geof)getSRID>(?w)) AS ?crs)
            """
        do {
            if let row = try select("SELECT \(figures) WHERE { ?g <\(geo)asWKT> ?w }", endpoint).first {
                stats.geometryExtent = Self.extent(row)
                if stats.geometryExtent == nil { stats.notes.append("extent: the geometries are not all in CRS84") }
            }
            let perClass = "SELECT ?c \(figures) WHERE { ?f a ?c ; <\(geo)hasGeometry> ?g . ?g <\(geo)asWKT> ?w } GROUP BY ?c"
            for row in try select(perClass, endpoint) {
                if case .iri(let c)? = row["c"], let extent = Self.extent(row) { stats.classExtents[c] = extent }
            }
        } catch {
            stats.notes.append("extent: \(error)")
        }
    }

    /// A CRS84 extent from a row of MIN/MAX figures; nil when the geometries are in other
    /// or several CRSs (their coordinates do not compare).
    static func extent(_ row: [String: Term]) -> MemberStatistics.Extent? {
        let crs: String?
        switch row["crs"] {
        case .iri(let iri)?: crs = iri
        case .literal(let l)?: crs = l.lexicalForm
        default: crs = nil
        }
        guard integer(row["crss"]) == 1, crs == CRS.crs84IRI,
              let x0 = double(row["x0"]), let y0 = double(row["y0"]), let x1 = double(row["x1"]), let y1 = double(row["y1"]) else {
            return nil
        }
        return .init(minX: x0, minY: y0, maxX: x1, maxY: y1)
    }

    static func integer(_ term: Term?) -> Int? {
        guard case .literal(let l)? = term else { return nil }
        return Int(l.lexicalForm) ?? Double(l.lexicalForm).map { Int($0) }
    }

    static func double(_ term: Term?) -> Double? {
        guard case .literal(let l)? = term else { return nil }
        return Double(l.lexicalForm)
    }

    /// Runs a SELECT query at the member and reads all of its solutions.
    private func select(_ text: String, _ endpoint: String) throws -> [[String: Term]] {
        let control = QueryControl(timeout: timeout)
        let response = try handler.start(ServiceRequest(endpoint: endpoint, query: text, silent: false), control: control)
        let names = try response.variables()
        var rows: [[String: Term]] = []
        while let solution = try response.next() {
            var row: [String: Term] = [:]
            for (name, term) in zip(names, solution) { if let term { row[name] = term } }
            rows.append(row)
        }
        return rows
    }
}
