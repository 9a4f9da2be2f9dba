import Foundation
import PtolemySPARQL
import Testing

/// Mutants of the kit's queries (spans deleted, duplicated or swapped by a seeded
/// generator) reach parser states and algebra shapes the kit does not: each must either
/// be rejected with a syntax error or round-trip through the serializer exactly.
@Suite("Mutation round trip", .enabled(if: Kit.directory != nil, "the conformance kit is not next to the repository"))
struct MutationRoundTripTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
        }
    }

    static func mutants(of text: String, count: Int, generator: inout Generator) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 4 else { return [] }
        var result: [String] = []
        for _ in 0..<count {
            var copy = scalars
            let start = generator.next(copy.count)
            let length = 1 + generator.next(min(12, copy.count - start))
            switch generator.next(3) {
            case 0:
                copy.removeSubrange(start..<min(copy.count, start + length))
            case 1:
                copy.insert(contentsOf: copy[start..<min(copy.count, start + length)], at: generator.next(copy.count))
            default:
                let other = generator.next(copy.count)
                copy.swapAt(start, other)
            }
            var string = ""
            string.unicodeScalars.append(contentsOf: copy)
            result.append(string)
        }
        return result
    }

    @Test func mutantsParseAndRoundTripOrFailCleanly() throws {
        var generator = Generator(state: 20_251_127)
        var accepted = 0
        for url in Kit.files(withExtension: "rq") {
            for mutant in Self.mutants(of: try Kit.text(url), count: 6, generator: &generator) {
                guard let query = try? Query(parsing: mutant, baseIRI: "http://example.org/base/") else { continue }
                accepted += 1
                let text = SPARQLSerializer().serialize(query)
                let reparsed = try? Query(parsing: text)
                #expect(reparsed == query, "\(url.lastPathComponent) mutant:\n\(mutant)\n--- serialized:\n\(text)")
            }
        }
        #expect(accepted > 1000)
    }

    @Test func updateMutantsParseAndRoundTripOrFailCleanly() throws {
        var generator = Generator(state: 7)
        var accepted = 0
        for url in Kit.files(withExtension: "ru") {
            for mutant in Self.mutants(of: try Kit.text(url), count: 20, generator: &generator) {
                guard let update = try? Update(parsing: mutant, baseIRI: "http://example.org/base/") else { continue }
                accepted += 1
                let text = SPARQLSerializer().serialize(update)
                let reparsed = try? Update(parsing: text)
                #expect(reparsed == update, "\(url.lastPathComponent) mutant:\n\(mutant)\n--- serialized:\n\(text)")
            }
        }
        #expect(accepted > 500)
    }
}
