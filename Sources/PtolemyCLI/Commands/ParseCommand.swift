import ArgumentParser
import PtolemyRDFIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RDFFormat: ExpressibleByArgument {}

/// `ptolemy parse --format F --base IRI FILE`: the RDF conformance kit's contract
/// (../shared/conformance/rdf/README.md). Prints the dataset as N-Quads on stdout; on a
/// syntax error prints `FILE:LINE:COLUMN: message` on stderr and exits 1.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one RDF file and print it as N-Quads.",
        discussion: "The file may be gzip- or zstd-compressed. Without --format, the syntax is guessed from the file name.")

    @Option(help: "The syntax: \(RDFFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: RDFFormat?

    @Option(help: "The base IRI for relative IRIs (default: the file's file:// IRI).")
    var base: String?

    @Flag(help: "Report bad statements on stderr, skip them and go on (exit 1 if any).")
    var skipInvalid = false

    @Argument(help: "The RDF file.")
    var file: String

    func run() throws {
        guard let format = format ?? RDFFormat.guess(fromFileName: file) else {
            throw ValidationError("cannot tell the syntax of '\(file)' from its name: use --format")
        }
        let parser = RDFParser(format: format, baseIRI: base)
        var writer = NQuadsWriter(fileDescriptor: STDOUT_FILENO, format: .nquads, bufferSize: 1 << 16)
        var skipped = 0
        do {
            try parser.parse(
                file: file,
                onError: skipInvalid ? { error in
                    skipped += 1
                    printError("skipped: \(error)")
                } : nil
            ) { quad in
                try writer.write(quad)
            }
            try writer.finish()
        } catch {
            try? writer.finish()
            printError("\(error)")
            throw ExitCode(1)
        }
        if skipped > 0 {
            printError("\(skipped) invalid statement\(skipped == 1 ? "" : "s") skipped")
            throw ExitCode(1)
        }
    }

    private func printError(_ message: String) {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
