import Foundation
@testable import PtolemySPARQL
import Testing

/// Hostile nesting must give a syntax error, not a stack overflow, even on threads with a
/// small stack (server worker threads).
@Suite("Nesting limit")
struct NestingLimitTests {
    /// 1 MiB when optimized; unoptimized frames are several times larger, so debug builds
    /// get the usual 8 MiB of a Linux thread.
    #if DEBUG
    static let stackSize = 8 << 20
    #else
    static let stackSize = 1 << 20
    #endif

    /// Runs `body` on a thread with a small stack and returns its result.
    func onSmallStack(_ body: @escaping @Sendable () -> SPARQLSyntaxError?) -> SPARQLSyntaxError? {
        final class Result: @unchecked Sendable {
            var error: SPARQLSyntaxError?
            let done = DispatchSemaphore(value: 0)
        }
        let result = Result()
        let thread = Thread {
            result.error = body()
            result.done.signal()
        }
        thread.stackSize = Self.stackSize
        thread.start()
        result.done.wait()
        return result.error
    }

    static func nested(_ depth: Int) -> [String] {
        [
            "SELECT * WHERE " + String(repeating: "{", count: depth) + " ?s ?p ?o " + String(repeating: "}", count: depth),
            "SELECT * WHERE { FILTER(" + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + ") }",
            "SELECT * WHERE { ?s " + String(repeating: "(", count: depth) + "<p>" + String(repeating: ")*", count: depth) + " ?o }",
            "SELECT * WHERE { ?s <p> " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + " }",
            "SELECT * WHERE { ?s <p> " + String(repeating: "[ <q> ", count: depth) + "1" + String(repeating: " ]", count: depth) + " }",
            "SELECT * WHERE " + String(repeating: "{ FILTER EXISTS ", count: depth - 1) + "{}" + String(repeating: " }", count: depth - 1),
        ]
    }

    @Test(arguments: nested(250))
    func deepButAllowedNestingParses(_ query: String) {
        #expect(onSmallStack { T.queryError(query) } == nil)
    }

    @Test(arguments: nested(300) + nested(100_000))
    func deeperNestingIsASyntaxError(_ query: String) {
        #expect(onSmallStack { T.queryError(query) }?.message == "the query nests more than 256 levels deep")
    }

    /// A chain of `count` items of each kind that builds a left-deep tree.
    static func chains(_ count: Int) -> [String] {
        func repeated(_ item: (Int) -> String, _ separator: String) -> String {
            (0..<count).map(item).joined(separator: separator)
        }
        return [
            "SELECT * { FILTER(?x" + repeated({ " || ?x\($0)" }, "") + ") }",
            "SELECT * { FILTER(1" + repeated({ _ in " -1" }, "") + ") }",
            "SELECT * { " + repeated({ "BIND(1 AS ?x\($0))" }, " ") + " }",
            "SELECT * { " + repeated({ "FILTER(?x\($0))" }, " ") + " }",
            "SELECT * { " + repeated({ "?s <p>* ?x\($0)" }, " . ") + " }",
            "SELECT * { " + repeated({ "{ ?s <p> ?x\($0) }" }, " UNION ") + " }",
            "SELECT * { ?s " + repeated({ "<p\($0)>" }, "|") + " ?o }",
            "SELECT * { ?s (" + repeated({ "<p\($0)>" }, "/") + ")* ?o }",
            "SELECT " + repeated({ "(1 AS ?x\($0))" }, " ") + " {}",
            "DELETE WHERE { " + repeated({ "GRAPH <g\($0)> { ?s ?p ?o }" }, " ") + " }",
        ]
    }

    @Test(arguments: chains(Parser.maximumChainLength))
    func longestAllowedChainParsesAndSerializesFlat(_ text: String) throws {
        let parsed: String
        if text.hasPrefix("DELETE") {
            parsed = SPARQLSerializer().serialize(try Update(parsing: text))
            _ = try Update(parsing: parsed)
        } else {
            parsed = SPARQLSerializer().serialize(try Query(parsing: text))
            // The serializer writes chains flat, so its text parses under the same limits.
            _ = try Query(parsing: parsed)
        }
    }

    @Test(arguments: chains(Parser.maximumChainLength + 1))
    func longerChainIsASyntaxError(_ text: String) {
        let error = text.hasPrefix("DELETE") ? T.updateError(text) : T.queryError(text)
        #expect(error?.message.hasPrefix("more than \(Parser.maximumChainLength) ") == true, "\(String(describing: error))")
    }

    @Test func chainsOfAThousandRoundTripExactly() throws {
        for text in Self.chains(1000) where !text.hasPrefix("DELETE") {
            let query = try Query(parsing: text)
            #expect(try Query(parsing: SPARQLSerializer().serialize(query)) == query)
        }
    }
}
