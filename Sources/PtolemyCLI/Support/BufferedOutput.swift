import Foundation

/// A buffered writer to a file descriptor (stdout by default): one `write(2)` per 256 KiB.
final class BufferedOutput {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let ownsDescriptor: Bool

    init(fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
        ownsDescriptor = false
        buffer.reserveCapacity(1 << 18)
    }

    /// Creates (or truncates) `path`.
    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CLIError("\(path): \(String(cString: strerror(errno)))") }
        ownsDescriptor = true
        buffer.reserveCapacity(1 << 18)
    }

    deinit {
        try? flush()
        if ownsDescriptor { close(fd) }
    }

    /// Appends bytes through a closure that writes into the buffer.
    @inline(__always)
    func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= 1 << 18 { try flush() }
    }

    func write(_ string: String) throws {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 18 { try flush() }
    }

    func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A user-facing error: printed as is, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
