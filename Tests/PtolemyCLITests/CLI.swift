import Foundation

/// Runs the `ptolemy` binary that was built next to the test bundle.
enum CLI {
    static var binary: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDirectory.appendingPathComponent("ptolemy").path,
                          bundleDirectory.deletingLastPathComponent().appendingPathComponent("ptolemy").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `ptolemy` with `arguments` and waits for it.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Starts `ptolemy` without waiting.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// A fresh directory under the system's temporary folder.
struct TemporaryDirectory {
    let path: String

    init(_ prefix: String = "ptolemy-cli-test") {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

/// N-Triples lines for `count` statements over a few predicates.
func sampleNTriples(count: Int, prefix: String = "http://example.org/") -> String {
    var text = ""
    text.reserveCapacity(count * 70)
    for i in 0..<count {
        switch i % 4 {
        case 0: text += "<\(prefix)s\(i / 4)> <\(prefix)name> \"name \(i)\" .\n"
        case 1: text += "<\(prefix)s\(i / 4)> <\(prefix)value> \"\(i)\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
        case 2: text += "<\(prefix)s\(i / 4)> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <\(prefix)Thing> .\n"
        default: text += "<\(prefix)s\(i / 4)> <\(prefix)next> <\(prefix)s\(i / 4 + 1)> .\n"
        }
    }
    return text
}
