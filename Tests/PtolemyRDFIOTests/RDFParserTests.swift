import Testing
import Foundation
import PtolemyCompression
import PtolemyRDF
@testable import PtolemyRDFIO

@Suite struct RDFParserTests {
    @Test(arguments: [
        ("a.nt", RDFFormat.ntriples), ("dir.x/A.NQ", .nquads), ("m.ttl", .turtle), ("d.trig", .trig),
        ("o.owl", .rdfxml), ("x.rdf", .rdfxml), ("x.xml", .rdfxml), ("big.nt.gz", .ntriples),
        ("big.ttl.zst", .turtle), ("q.nq.zstd", .nquads), ("dump.nt.xz", .ntriples),
    ])
    func guessesTheFormatFromTheFileName(name: String, format: RDFFormat) {
        #expect(RDFFormat.guess(fromFileName: name) == format)
    }

    @Test func doesNotGuessUnknownExtensions() {
        #expect(RDFFormat.guess(fromFileName: "notes.txt") == nil)
        #expect(RDFFormat.guess(fromFileName: "README") == nil)
        #expect(RDFFormat.guess(fromFileName: "a.gz") == nil)
    }

    @Test func makesFileIRIs() {
        #expect(RDFParser.fileIRI(forPath: "/data/my file#1.ttl") == "file:///data/my%20file%231.ttl")
        #expect(RDFParser.fileIRI(forPath: "/d/é.ttl") == "file:///d/é.ttl")
        #expect(RDFParser.fileIRI(forPath: "rel.ttl").hasPrefix("file:///"))
    }

    /// A fresh temporary directory, removed by the caller.
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptolemy-rdfio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func gzip(_ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-k", "-f", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(arguments: [RDFFormat.ntriples, .nquads, .turtle, .trig, .rdfxml])
    func readsPlainGzipAndZstdFiles(format: RDFFormat) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var document: String
        switch format {
        case .ntriples, .nquads:
            document = (0..<5000).map { "<http://ex/s\($0)> <http://ex/p> \"value \($0)\" .\n" }.joined()
        case .turtle, .trig:
            document = "@prefix ex: <http://ex/> .\n" + (0..<5000).map { "ex:s\($0) ex:p \"value \($0)\" .\n" }.joined()
        case .rdfxml:
            document = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://ex/\">\n"
                + (0..<5000).map { "<rdf:Description rdf:about=\"http://ex/s\($0)\"><ex:p>value \($0)</ex:p></rdf:Description>\n" }.joined()
                + "</rdf:RDF>\n"
        }
        let plain = dir.appendingPathComponent("data.\(format.fileExtension)").path
        try document.write(toFile: plain, atomically: true, encoding: .utf8)
        try gzip(plain)
        let zstd = plain + ".zst"
        try Data(Zstd.compress(Array(document.utf8))).write(to: URL(fileURLWithPath: zstd))

        for path in [plain, plain + ".gz", zstd] {
            let parser = try #require(RDFParser(guessingFormatOf: path))
            #expect(parser.format == format)
            var quads: [Quad] = []
            try parser.parse(file: path) { quads.append($0) }
            #expect(quads.count == 5000)
            #expect(quads.last?.object == .string("value 4999"))
        }
    }

    @Test func errorsInFilesNameTheFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.ttl").path
        try "@prefix : <http://ex/> .\n:s :p :o ,\n  .\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: RDFParseError.self) { try RDFParser(format: .turtle).parse(file: path) { _ in } }
        #expect(error.fileName == path)
        #expect(error.description.hasPrefix("\(path):3:3: "))
    }

    @Test func relativeIRIsInFilesResolveAgainstTheFileByDefault() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("map.ttl").path
        try "<#TriplesMap1> <p> <o> .".write(toFile: path, atomically: true, encoding: .utf8)
        var quads: [Quad] = []
        try RDFParser(format: .turtle).parse(file: path) { quads.append($0) }
        #expect(quads.first?.subject == .iri("file://" + path + "#TriplesMap1"))
    }

    @Test func missingFilesThrow() {
        #expect(throws: (any Error).self) { try RDFParser(format: .ntriples).parse(file: "/nonexistent/x.nt") { _ in } }
    }
}
