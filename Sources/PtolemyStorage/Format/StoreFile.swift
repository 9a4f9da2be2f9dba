import Foundation
import PtolemyCompression

/// The container format of every immutable store file: a header, checksummed blocks,
/// an index and a footer.
///
/// ```
/// header  "PTOLEMY\0" | kind u32 | version u32
/// blocks  each one's CRC-32 is kept in the index that points to it
/// index   kind-specific bytes, CRC-32 in the footer
/// footer  index offset u64 | index length u64 | index CRC u32 | kind u32 | "PTLF"
/// ```
/// A file is written once under a fresh name, fsynced, and only then named in the
/// manifest, so a reader never sees a half-written file through the manifest.
public enum StoreFileKind: UInt32, Sendable {
    case dictionary = 1
    case partition = 2
    case geometry = 3
}

public enum StoreFileFormat {
    static let headerMagic: [UInt8] = Array("PTOLEMY\0".utf8)
    static let footerMagic: UInt32 = 0x464C_5450 // "PTLF"
    static let headerSize = 16
    static let footerSize = 32
    public static let version: UInt32 = 1
}

/// Where a block lies in its file.
public struct BlockRef: Sendable, Hashable {
    public var offset: UInt64
    public var length: UInt32
    public var crc: UInt32

    public init(offset: UInt64, length: UInt32, crc: UInt32) {
        self.offset = offset
        self.length = length
        self.crc = crc
    }

    func write(to w: inout ByteWriter) {
        w.varint(offset)
        w.varint(UInt64(length))
        w.u32(crc)
    }

    static func read(from r: inout ByteReader) throws -> BlockRef {
        BlockRef(offset: try r.varint(), length: UInt32(truncatingIfNeeded: try r.varint()), crc: try r.u32())
    }
}

/// Writes one store file sequentially. Not thread-safe.
public final class StoreFileWriter {
    public let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var written: UInt64 = 0
    private let kind: StoreFileKind

    /// Creates `path` (which must not exist) and writes the header.
    public init(path: String, kind: StoreFileKind) throws {
        self.path = path
        self.kind = kind
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw StorageError.io(path: path, message: "cannot create file")
        }
        do { handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path)) } catch {
            throw StorageError.io(path: path, message: "\(error)")
        }
        var header = ByteWriter()
        header.bytes.append(contentsOf: StoreFileFormat.headerMagic)
        header.u32(kind.rawValue)
        header.u32(StoreFileFormat.version)
        try append(header.bytes)
    }

    /// Bytes written so far (the offset of the next block).
    public var offset: UInt64 { written }

    private func append(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        written += UInt64(bytes.count)
        if buffer.count >= 1 << 20 { try flushBuffer() }
    }

    private func flushBuffer() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw StorageError.io(path: path, message: "write failed: \(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends one block and returns where it is.
    public func writeBlock(_ bytes: [UInt8]) throws -> BlockRef {
        let ref = BlockRef(offset: written, length: UInt32(bytes.count), crc: CRC32.checksum(bytes))
        try append(bytes)
        return ref
    }

    /// Writes the index and footer, fsyncs and closes. Returns the file size.
    public func finish(index: [UInt8]) throws -> UInt64 {
        let indexOffset = written
        try append(index)
        var footer = ByteWriter()
        footer.u64(indexOffset)
        footer.u64(UInt64(index.count))
        footer.u32(CRC32.checksum(index))
        footer.u32(kind.rawValue)
        footer.u32(0) // reserved
        footer.u32(StoreFileFormat.footerMagic)
        try append(footer.bytes)
        try flushBuffer()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw StorageError.io(path: path, message: "fsync failed: \(error)")
        }
        return written
    }

    /// Closes and removes a file that will not be finished.
    public func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Reads a finished store file: validates header, footer and index on open, and each
/// block's checksum when it is read. Thread-safe (positional reads).
public final class StoreFileReader: @unchecked Sendable {
    // Invariant: `fd` is only used with pread, which is safe from several threads.
    public let path: String
    public let size: UInt64
    /// The kind-specific index bytes (checksum verified).
    public let index: [UInt8]
    private let fd: Int32

    /// Opens `path`, checking that it is a complete store file of `kind`.
    /// - Parameter expectedSize: the size the manifest recorded; a different size means truncation or damage.
    public init(path: String, kind: StoreFileKind, expectedSize: UInt64? = nil) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StorageError.io(path: path, message: String(cString: strerror(errno))) }
        self.fd = fd
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw StorageError.io(path: path, message: String(cString: strerror(errno)))
        }
        size = UInt64(st.st_size)
        do {
            if let expectedSize, expectedSize != size {
                throw StorageError.corruption(file: path, message: "size is \(size) bytes, the manifest says \(expectedSize) (truncated or damaged)")
            }
            guard size >= UInt64(StoreFileFormat.headerSize + StoreFileFormat.footerSize) else {
                throw StorageError.corruption(file: path, message: "file is truncated (\(size) bytes)")
            }
            let header = try StoreFileReader.pread(fd, path: path, offset: 0, count: StoreFileFormat.headerSize)
            var hr = ByteReader(header, source: path)
            guard Array(header[0..<8]) == StoreFileFormat.headerMagic else {
                throw StorageError.corruption(file: path, message: "not a Ptolemy store file (bad header)")
            }
            hr.offset = 8
            guard try hr.u32() == kind.rawValue else { throw StorageError.corruption(file: path, message: "unexpected file kind") }
            let version = try hr.u32()
            guard version == StoreFileFormat.version else {
                throw StorageError.corruption(file: path, message: "format version \(version) is not supported")
            }
            let footer = try StoreFileReader.pread(fd, path: path, offset: size - UInt64(StoreFileFormat.footerSize), count: StoreFileFormat.footerSize)
            var fr = ByteReader(footer, source: path)
            let indexOffset = try fr.u64()
            let indexLength = try fr.u64()
            let indexCRC = try fr.u32()
            let footerKind = try fr.u32()
            _ = try fr.u32()
            let magic = try fr.u32()
            guard magic == StoreFileFormat.footerMagic, footerKind == kind.rawValue else {
                throw StorageError.corruption(file: path, message: "bad footer (file truncated or damaged)")
            }
            guard indexOffset >= UInt64(StoreFileFormat.headerSize),
                  indexOffset + indexLength == size - UInt64(StoreFileFormat.footerSize) else {
                throw StorageError.corruption(file: path, message: "index position is inconsistent with the file size")
            }
            index = try StoreFileReader.pread(fd, path: path, offset: indexOffset, count: Int(indexLength))
            guard CRC32.checksum(index) == indexCRC else {
                throw StorageError.corruption(file: path, message: "index checksum mismatch")
            }
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    /// Reads a block and verifies its checksum.
    public func readBlock(_ ref: BlockRef) throws -> [UInt8] {
        guard ref.offset + UInt64(ref.length) <= size else {
            throw StorageError.corruption(file: path, message: "block at \(ref.offset) lies beyond the end of the file")
        }
        let bytes = try StoreFileReader.pread(fd, path: path, offset: ref.offset, count: Int(ref.length))
        guard CRC32.checksum(bytes) == ref.crc else {
            throw StorageError.corruption(file: path, message: "checksum mismatch in block at byte \(ref.offset)")
        }
        return bytes
    }

    /// Reads and decompresses a zstd block.
    public func readCompressedBlock(_ ref: BlockRef) throws -> [UInt8] {
        let raw = try readBlock(ref)
        do { return try Zstd.decompress(raw) } catch {
            throw StorageError.corruption(file: path, message: "block at byte \(ref.offset): \(error)")
        }
    }

    /// Reads every byte and checks every checksum the file can check by itself.
    public func verifyAll(blocks: [BlockRef]) throws {
        for ref in blocks { _ = try readBlock(ref) }
    }

    static func pread(_ fd: Int32, path: String, offset: UInt64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { buf in
                Glibc.pread(fd, buf.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io(path: path, message: String(cString: strerror(errno)))
            }
            if n == 0 { throw StorageError.corruption(file: path, message: "unexpected end of file at byte \(offset + UInt64(done))") }
            done += n
        }
        return bytes
    }
}
