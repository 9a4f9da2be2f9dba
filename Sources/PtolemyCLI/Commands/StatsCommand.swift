import ArgumentParser

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what a store holds.")

    func run() throws {
        throw ValidationError("'stats' is not available in this build yet")
    }
}
