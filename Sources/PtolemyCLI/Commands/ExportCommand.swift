import ArgumentParser

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a store's contents as N-Quads.")

    func run() throws {
        throw ValidationError("'export' is not available in this build yet")
    }
}
