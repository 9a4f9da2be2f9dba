import Foundation

/// A buffered sequential writer for the loader's temporary files.
final class TempWriter {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var written = 0

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw StorageError.io(path: path, message: String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(fd) }

    @inline(__always)
    func u64(_ v: UInt64) throws {
        withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    @inline(__always)
    func u32(_ v: UInt32) throws {
        withUnsafeBytes(of: v.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    func bytes(_ b: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: b)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func u64s(_ values: UnsafeBufferPointer<UInt64>) throws {
        try flush()
        try writeAll(UnsafeRawBufferPointer(values))
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io(path: path, message: "write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
        written += bytes.count
    }
}

/// A buffered sequential reader for the loader's temporary files.
final class TempReader {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8]
    private var position = 0
    private var filled = 0
    private var atEnd = false

    init(path: String, bufferSize: Int = 1 << 18) throws {
        self.path = path
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StorageError.io(path: path, message: String(cString: strerror(errno))) }
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    deinit { close(fd) }

    /// Makes at least `n` bytes available; false at a clean end of file.
    @inline(__always)
    private func ensure(_ n: Int) throws -> Bool {
        if filled - position >= n { return true }
        return try refill(n)
    }

    private func refill(_ n: Int) throws -> Bool {
        if position > 0 {
            let rest = filled - position
            buffer.withUnsafeMutableBytes { b in
                if rest > 0 { b.baseAddress!.copyMemory(from: b.baseAddress! + position, byteCount: rest) }
            }
            filled = rest
            position = 0
        }
        if n > buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: n - buffer.count)) }
        while filled < n && !atEnd {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageError.io(path: path, message: "read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { atEnd = true }
            filled += got
        }
        if filled - position >= n { return true }
        if filled == position { return false }
        throw StorageError.corruption(file: path, message: "temporary file is truncated")
    }

    @inline(__always)
    func u64() throws -> UInt64? {
        guard try ensure(8) else { return nil }
        let v = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: UInt64.self) }
        position += 8
        return UInt64(littleEndian: v)
    }

    @inline(__always)
    func u32() throws -> UInt32? {
        guard try ensure(4) else { return nil }
        let v = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: UInt32.self) }
        position += 4
        return UInt32(littleEndian: v)
    }

    /// Reads `n` bytes into `out` (replacing its contents).
    func bytes(_ n: Int, into out: inout [UInt8]) throws {
        guard try ensure(n) else { throw StorageError.corruption(file: path, message: "temporary file is truncated") }
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: buffer[position..<position + n])
        position += n
    }

    /// Reads `count` u64 values into `out`.
    func u64s(count: Int, into out: inout [UInt64]) throws {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(count)
        for _ in 0..<count {
            guard let v = try u64() else { throw StorageError.corruption(file: path, message: "temporary file is truncated") }
            out.append(v)
        }
    }
}
