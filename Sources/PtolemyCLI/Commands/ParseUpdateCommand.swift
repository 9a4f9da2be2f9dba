import ArgumentParser
import PtolemySPARQL

struct ParseUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse-update",
        abstract: "Check the syntax of a SPARQL update.",
        discussion: "Exits 0 when the update is valid; otherwise prints FILE:line:column: message on stderr and exits 1."
    )

    @Argument(help: "The update file (.ru). Its file:// URL is the base IRI.")
    var file: String

    @Flag(name: .customLong("print"), help: "Print the update as the serializer writes it back.")
    var printUpdate = false

    func run() throws {
        let (text, base) = try SyntaxCheckInput.read(file)
        do {
            let update = try Update(parsing: text, baseIRI: base)
            if printUpdate { print(SPARQLSerializer().serialize(update)) }
        } catch {
            SyntaxCheckInput.report(error, in: file)
        }
    }
}
