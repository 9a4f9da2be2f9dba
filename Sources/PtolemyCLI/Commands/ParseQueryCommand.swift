import ArgumentParser
import Foundation
import PtolemySPARQL

struct ParseQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-query",
        abstract: "Check the syntax of a SPARQL query.",
        discussion: "Exits 0 when the query is valid; otherwise prints FILE:line:column: message on stderr and exits 1."
    )

    @Argument(help: "The query file (.rq). Its file:// URL is the base IRI.")
    var file: String

    @Flag(name: .customLong("print"), help: "Print the query as the serializer writes it back.")
    var printQuery = false

    func run() throws {
        let (text, base) = try SyntaxCheckInput.read(file)
        do {
            let query = try Query(parsing: text, baseIRI: base)
            if printQuery { print(SPARQLSerializer().serialize(query)) }
        } catch {
            SyntaxCheckInput.report(error, in: file)
        }
    }
}

/// Reading a file for `parse-query` / `parse-update`, and reporting its syntax errors.
enum SyntaxCheckInput {
    /// The file's text and its `file://` URL (the base IRI).
    static func read(_ path: String) throws -> (text: String, base: String) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let data = FileManager.default.contents(atPath: url.path) else {
            FileHandle.standardError.write(Data("\(path): cannot read the file\n".utf8))
            throw ExitCode(2)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("\(path):1:1: the file is not valid UTF-8\n".utf8))
            throw ExitCode.failure
        }
        return (text, url.absoluteString)
    }

    /// Prints `FILE:line:column: message` on stderr and exits with status 1.
    static func report(_ error: SPARQLSyntaxError, in path: String) -> Never {
        FileHandle.standardError.write(Data("\(path):\(error.line):\(error.column): \(error.message)\n".utf8))
        Foundation.exit(1)
    }
}
