import Foundation
import PtolemySPARQL
import Testing

/// The W3C SPARQL test kit of `../shared/conformance/sparql` (located from this file or
/// from `PTOLEMY_SHARED`), used as a corpus: every query and update of it that parses must
/// serialize to text that parses back to the same algebra.
enum Kit {
    static let directory: URL? = {
        let fileManager = FileManager.default
        if let shared = ProcessInfo.processInfo.environment["PTOLEMY_SHARED"] {
            let url = URL(fileURLWithPath: shared).appendingPathComponent("conformance/sparql")
            return fileManager.fileExists(atPath: url.path) ? url : nil
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/conformance/sparql")
            if fileManager.fileExists(atPath: candidate.appendingPathComponent("run.py").path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// The kit's files with the extension, sorted.
    static func files(withExtension ext: String) -> [URL] {
        guard let directory, let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
    }

    static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}

@Suite("Conformance kit round trip", .enabled(if: Kit.directory != nil, "the conformance kit is not next to the repository"))
struct ConformanceKitRoundTripTests {
    @Test func everyParsableQueryRoundTrips() throws {
        var parsed = 0
        for url in Kit.files(withExtension: "rq") {
            guard let query = try? Query(parsing: try Kit.text(url), baseIRI: url.absoluteString) else { continue }
            parsed += 1
            let text = SPARQLSerializer().serialize(query)
            let reparsed: Query
            do {
                reparsed = try Query(parsing: text)
            } catch {
                Issue.record("\(url.lastPathComponent): serialized text does not parse: \(error)\n\(text)")
                continue
            }
            #expect(reparsed == query, "\(url.path)\n\(text)")
            #expect(SPARQLSerializer().serialize(reparsed) == text, "\(url.path): serialization is not stable")
        }
        // 894 .rq files, of which the negative syntax tests and a few drafts of the
        // {n,m} path syntax (not in the manifests) must fail.
        #expect(parsed >= 795)
    }

    @Test func everyParsableUpdateRoundTrips() throws {
        var parsed = 0
        for url in Kit.files(withExtension: "ru") {
            guard let update = try? Update(parsing: try Kit.text(url), baseIRI: url.absoluteString) else { continue }
            parsed += 1
            let text = SPARQLSerializer().serialize(update)
            let reparsed: Update
            do {
                reparsed = try Update(parsing: text)
            } catch {
                Issue.record("\(url.lastPathComponent): serialized text does not parse: \(error)\n\(text)")
                continue
            }
            #expect(reparsed == update, "\(url.path)\n\(text)")
        }
        #expect(parsed >= 128)
    }

    @Test func parsingIsDeterministic() throws {
        for url in Kit.files(withExtension: "rq").prefix(200) {
            let text = try Kit.text(url)
            guard let first = try? Query(parsing: text, baseIRI: url.absoluteString) else { continue }
            #expect(try Query(parsing: text, baseIRI: url.absoluteString) == first)
        }
    }
}
