#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A thread-safe byte count, read by a progress display while a parser advances it.
public final class ByteCounter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public func add(_ n: Int) { value.add(n, ordering: .relaxed) }
    public var count: Int { value.load(ordering: .relaxed) }
}

/// A stream of bytes read in chunks: a file, possibly gzip- or zstd-compressed.
///
/// Parsers pull from a `ByteSource` so that inputs larger than memory stream through.
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the stream.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads the whole stream (for small inputs and tests).
    public mutating func readAll() throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if n == 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }
}

/// The compression of an input file, detected from its first bytes.
public enum InputCompression: Sendable {
    case none, gzip, zstd, xz

    /// Detects gzip (`1f 8b`), zstd (`28 b5 2f fd`) and xz (`fd 37 7a 58 5a 00`) magic numbers.
    public static func detect(_ prefix: [UInt8]) -> InputCompression {
        if prefix.count >= 2, prefix[0] == 0x1F, prefix[1] == 0x8B { return .gzip }
        if prefix.count >= 4, prefix[0] == 0x28, prefix[1] == 0xB5, prefix[2] == 0x2F, prefix[3] == 0xFD { return .zstd }
        if prefix.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        return .none
    }
}

/// An uncompressed file, read with `read(2)`.
public final class FileByteSource: ByteSource {
    public let path: String
    private let fd: Int32
    /// Counts bytes read, when set.
    public var counter: ByteCounter?

    /// Opens `path` for reading.
    /// - Throws: ``CompressionError/io(path:message:)`` when it cannot be opened.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CompressionError.io(path: path, message: String(cString: strerror(errno))) }
        self.fd = fd
    }

    deinit { close(fd) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                counter?.add(n)
                return n
            }
            if errno == EINTR { continue }
            throw CompressionError.io(path: path, message: String(cString: strerror(errno)))
        }
    }

    /// The file's size in bytes, when known (for progress reporting).
    public var size: Int? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return Int(st.st_size)
    }
}

/// Opens an input file, transparently decompressing gzip or zstd content.
public enum InputFile {
    /// Opens `path`; the compression is detected from the content, not the name.
    /// - Parameter counter: when given, counts the bytes read from the file itself
    ///   (compressed bytes for a compressed file), for progress against its size.
    public static func open(_ path: String, counter: ByteCounter? = nil) throws -> any ByteSource {
        let file = try FileByteSource(path: path)
        file.counter = counter
        // Short reads are possible: fill the magic-number prefix until the file ends.
        var prefix = [UInt8](repeating: 0, count: 6)
        var n = 0
        while n < prefix.count {
            let got = try prefix.withUnsafeMutableBytes { try file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[n...])) }
            if got == 0 { break }
            n += got
        }
        prefix.removeLast(prefix.count - n)
        let replay = PrefixedSource(prefix: prefix, rest: file)
        switch InputCompression.detect(prefix) {
        case .none: return replay
        case .gzip: return try GzipByteSource(source: replay, path: path)
        case .zstd: return try ZstdByteSource(source: replay, path: path)
        case .xz: return try XzByteSource(source: replay, path: path)
        }
    }
}

/// Replays a few already-read bytes before the rest of a source.
struct PrefixedSource: ByteSource {
    var prefix: [UInt8]
    var rest: any ByteSource

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !prefix.isEmpty {
            let n = min(prefix.count, buffer.count)
            prefix.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            prefix.removeFirst(n)
            return n
        }
        return try rest.read(into: buffer)
    }
}

/// An in-memory byte source (tests, strings).
public struct MemoryByteSource: ByteSource {
    private var bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        if n == 0 { return 0 }
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + n])) }
        offset += n
        return n
    }
}
