import ArgumentParser

struct ParseUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse-update", abstract: "Check the syntax of a SPARQL update.")

    func run() throws {
        throw ValidationError("'parse-update' is not available in this build yet")
    }
}
