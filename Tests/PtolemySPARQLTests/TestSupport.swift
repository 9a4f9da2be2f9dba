import PtolemyRDF
import PtolemySPARQL

/// Shorthands for building expected algebra in tests.
enum T {
    static let ex = "http://example.org/"

    static func v(_ name: String) -> TermPattern { .variable(Variable(name)) }
    static func bn(_ name: String) -> TermPattern { .variable(Variable(name, kind: .blankNode)) }
    static func iri(_ local: String) -> TermPattern { .iri(ex + local) }
    static func lit(_ lexical: String, _ datatype: String = XSD.string) -> TermPattern { .term(.literal(Literal(lexical, datatype: datatype))) }
    static func int(_ lexical: String) -> TermPattern { lit(lexical, XSD.integer) }
    static func triple(_ s: TermPattern, _ p: TermPattern, _ o: TermPattern) -> TriplePattern { TriplePattern(s, p, o) }
    static func bgp(_ triples: TriplePattern...) -> Algebra { .bgp(triples) }
    static func ev(_ name: String) -> Expression { .variable(Variable(name)) }
    static func eint(_ lexical: String) -> Expression { .literal(Literal(lexical, datatype: XSD.integer)) }

    /// The algebra of a SELECT query with a `PREFIX : <http://example.org/>` prologue.
    static func algebra(_ text: String) throws -> Algebra {
        try Query(parsing: "PREFIX : <\(ex)>\n" + text).algebra
    }

    /// The WHERE pattern of `SELECT * { body }` (below the projection).
    static func pattern(_ body: String) throws -> Algebra {
        let algebra = try algebra("SELECT * {\n" + body + "\n}")
        guard case .project(let inner, _) = algebra else { throw UnexpectedAlgebra(algebra: algebra) }
        return inner
    }

    struct UnexpectedAlgebra: Error {
        let algebra: Algebra
    }

    /// The syntax error of `text`, or `nil` when it parses.
    static func queryError(_ text: String) -> SPARQLSyntaxError? {
        do {
            _ = try Query(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    static func updateError(_ text: String) -> SPARQLSyntaxError? {
        do {
            _ = try Update(parsing: text)
            return nil
        } catch {
            return error
        }
    }
}
