import PtolemyEngine
import PtolemyRDF
import PtolemyRDFIO
import PtolemySPARQL
import PtolemyStorage

/// Small GeoSPARQL datasets in memory and queries over them through the whole
/// engine (`QueryEngine` over `Store.inMemory()`), as the conformance tests of the
/// GeoSPARQL abstract test suite (Annex A) describe: "verify that queries ... return
/// the correct result on a test dataset".
struct GeoFixture {
    static let prefixes = """
        PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
        PREFIX sf: <http://www.opengis.net/ont/sf#>
        PREFIX gml: <http://www.opengis.net/ont/gml#>
        PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        PREFIX ex: <http://example.org/>

        """

    let store: Store

    /// A store holding the Turtle `data` (the prefixes above are declared).
    init(_ data: String) throws {
        store = Store.inMemory()
        let quads = try RDFParser(format: .turtle).quads(in: Self.prefixes.replacingPrefixKeyword() + data)
        _ = try BulkLoader(store: store).load([.quads(quads)])
    }

    /// The solutions of a SELECT query (the prefixes are declared), one dictionary per
    /// solution from variable name to term.
    func select(_ query: String) throws -> [[String: Term]] {
        let prepared = try QueryEngine().prepare(try Query(parsing: Self.prefixes + query), snapshot: store.snapshot)
        let names = prepared.variables.map(\.name)
        var rows: [[String: Term]] = []
        try prepared.forEachSolution { row in
            var solution: [String: Term] = [:]
            for (name, term) in zip(names, row) { if let term { solution[name] = term } }
            rows.append(solution)
            return true
        }
        return rows
    }

    /// The values of one variable over all solutions (nil where unbound).
    func values(_ query: String, _ variable: String = "v") throws -> [Term?] {
        try select(query).map { $0[variable] }
    }

    /// The only value of `?v` (the query must have one solution).
    func value(_ query: String, _ variable: String = "v") throws -> Term? {
        let all = try values(query, variable)
        guard all.count == 1 else { throw FixtureError("expected one solution, got \(all.count)") }
        return all[0]
    }

    /// The local names (after `http://example.org/`) of the IRIs bound to `variable`, sorted.
    func names(_ query: String, _ variable: String = "x") throws -> [String] {
        try select(query).compactMap { $0[variable]?.iriValue.map { String($0.dropFirst("http://example.org/".count)) } }.sorted()
    }

    /// The answer of an ASK query.
    func ask(_ query: String) throws -> Bool {
        try QueryEngine().prepare(try Query(parsing: Self.prefixes + query), snapshot: store.snapshot).ask()
    }

    /// The value of a function call on constants, evaluated by a query over this store.
    func evaluate(_ expression: String) throws -> Term? {
        try value("SELECT (\(expression) AS ?v) {}")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension String {
    /// The SPARQL prologue as Turtle (`PREFIX` is valid Turtle 1.1 too; kept as is).
    func replacingPrefixKeyword() -> String { self }
}

extension Term {
    /// The lexical form of a literal.
    var lexical: String? { literalValue?.lexicalForm }
    /// The numeric value of a literal.
    var double: Double? { literalValue.flatMap { Double($0.lexicalForm) } }
    var bool: Bool? { literalValue.map { $0.lexicalForm == "true" } }
}

/// A WKT literal in SPARQL syntax.
func wkt(_ text: String) -> String { "\"\(text)\"^^geo:wktLiteral" }
