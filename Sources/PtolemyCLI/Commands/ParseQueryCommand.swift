import ArgumentParser

struct ParseQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse-query", abstract: "Check the syntax of a SPARQL query.")

    func run() throws {
        throw ValidationError("'parse-query' is not available in this build yet")
    }
}
