import ArgumentParser

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Parse one RDF file and print it as N-Quads.")

    func run() throws {
        throw ValidationError("'parse' is not available in this build yet")
    }
}
