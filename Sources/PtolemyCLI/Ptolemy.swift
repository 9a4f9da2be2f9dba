import ArgumentParser

/// The `ptolemy` binary: a thin layer that parses arguments and wires the library modules together.
@main
struct Ptolemy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptolemy",
        abstract: "A GeoSPARQL database server, SPARQL federation engine and RML mapper.",
        subcommands: [
            ParseCommand.self,
            LoadCommand.self,
            StatsCommand.self,
            ExportCommand.self,
            ParseQueryCommand.self,
            ParseUpdateCommand.self,
            QueryCommand.self,
            UpdateCommand.self,
            BenchmarkCommand.self,
            MapCommand.self,
            ServeCommand.self,
        ]
    )
}
