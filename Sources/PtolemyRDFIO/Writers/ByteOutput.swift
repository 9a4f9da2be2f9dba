#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A writer's output: a buffer flushed to a file descriptor when it fills, or kept in memory.
struct ByteOutput {
    /// The descriptor to flush to, or nil to keep everything in ``buffer``.
    let fileDescriptor: Int32?
    let flushThreshold: Int
    var buffer: [UInt8] = []

    init(fileDescriptor: Int32?, bufferSize: Int) {
        self.fileDescriptor = fileDescriptor
        self.flushThreshold = max(bufferSize, 256)
        buffer.reserveCapacity(fileDescriptor == nil ? 1024 : flushThreshold + 1024)
    }

    /// Flushes when the buffer is full (for file descriptors; memory output just grows).
    @inline(__always)
    mutating func flushIfFull() throws {
        if fileDescriptor != nil && buffer.count >= flushThreshold { try flush() }
    }

    /// Writes the buffer out (file descriptors only), retrying short writes and EINTR.
    mutating func flush() throws {
        guard let fd = fileDescriptor, !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    throw RDFWriteError(message: "cannot write output: \(String(cString: strerror(code)))", errorNumber: code)
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
