import ArgumentParser

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Bulk-load RDF files into a store.")

    func run() throws {
        throw ValidationError("'load' is not available in this build yet")
    }
}
