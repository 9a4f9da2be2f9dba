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

    @Flag(help: "Parse only: print the statement count and the parse rate on stderr instead of N-Quads (N-Triples and N-Quads through the loader's zero-allocation interface).")
    var count = false

    @Argument(help: "The RDF file.")
    var file: String

    func run() throws {
        guard let format = format ?? RDFFormat.guess(fromFileName: file) else {
            throw ValidationError("cannot tell the syntax of '\(file)' from its name: use --format")
        }
        if count {
            try countStatements(format: format)
            return
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

    /// `--count`: parses without output and reports statements, seconds and statements
    /// per second (the loader's front-end ceiling).
    private func countStatements(format: RDFFormat) throws {
        var statements = 0
        let clock = ContinuousClock()
        let start = clock.now
        do {
            switch format {
            case .ntriples, .nquads:
                try NTriplesParser(format: format).parseRaw(file: file) { _ in statements += 1 }
            default:
                try RDFParser(format: format, baseIRI: base).parse(file: file) { _ in statements += 1 }
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(statements) / seconds) : 0
        printError("\(statements) statements in \(String(format3: seconds)) s: \(rate) statements/s")
    }

    private func printError(_ message: String) {
        let line = Array((message + "\n").utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

extension String {
    /// A number with three decimals (no Foundation in the CLI's hot paths).
    init(format3 value: Double) {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        self = "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
