import Foundation
import PtolemyCompression

/// The store's table of contents: which files hold its current contents.
///
/// The manifest is the only mutable file. A change (a load, a compaction) writes new
/// immutable files, fsyncs them, then replaces the manifest atomically (write a
/// temporary file, fsync, rename, fsync the directory). A crash at any moment leaves
/// either the old or the new manifest, and so the old or the new contents, never a mix.
/// Files the manifest does not name are leftovers of an interrupted change and are
/// removed when the store is next opened for writing.
public struct Manifest: Codable, Sendable, Equatable {
    public static let fileName = "MANIFEST"
    public static let formatVersion = 1

    public struct DictionaryFile: Codable, Sendable, Equatable {
        public var number: UInt32
        public var size: UInt64
        public var baseSeq: UInt64
        public var count: UInt64
    }

    public struct PartitionFile: Codable, Sendable, Equatable {
        public var number: UInt32
        public var size: UInt64
        public var predicate: UInt64
        public var typeClass: UInt64
        public var rows: UInt64
    }

    public struct GeometryFile: Codable, Sendable, Equatable {
        public var number: UInt32
        public var size: UInt64
        /// Parsed geometry literals.
        public var geometries: UInt64
        /// Geometry literals that did not parse.
        public var invalid: UInt64
    }

    public var formatVersion = Manifest.formatVersion
    /// Incremented by every change.
    public var generation: UInt64 = 0
    /// The next dictionary sequence number.
    public var nextSeq: UInt64 = 1
    /// The next file number.
    public var nextFileNumber: UInt32 = 1
    public var dictionary: [DictionaryFile] = []
    public var partitions: [PartitionFile] = []
    public var geometries: [GeometryFile] = []
    /// Named graphs that exist (IDs), including empty ones.
    public var graphs: [UInt64] = []
    /// The write-ahead log holding changes committed after this manifest (it may not exist yet).
    public var walNumber: UInt32?

    public init() {}

    public static func dictionaryName(_ n: UInt32) -> String { String(format: "d-%08u.dict", n) }
    public static func partitionName(_ n: UInt32) -> String { String(format: "p-%08u.part", n) }
    public static func geometryName(_ n: UInt32) -> String { String(format: "g-%08u.geo", n) }
    public static func walName(_ n: UInt32) -> String { String(format: "w-%08u.wal", n) }

    /// Every file name the manifest references.
    public var fileNames: Set<String> {
        var names = Set<String>()
        for f in dictionary { names.insert(Manifest.dictionaryName(f.number)) }
        for f in partitions { names.insert(Manifest.partitionName(f.number)) }
        for f in geometries { names.insert(Manifest.geometryName(f.number)) }
        if let walNumber { names.insert(Manifest.walName(walNumber)) }
        return names
    }

    /// Reads and verifies the manifest of the store at `directory`.
    public static func read(directory: String) throws -> Manifest {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageError.notAStore(path: directory, message: "no \(fileName) file")
        }
        let bytes = [UInt8](data)
        // Last line: "crc32 XXXXXXXX\n" over everything before it.
        guard bytes.count > 16, bytes.last == UInt8(ascii: "\n"),
              let split = bytes.dropLast().lastIndex(of: UInt8(ascii: "\n")) else {
            throw StorageError.corruption(file: path, message: "manifest is truncated")
        }
        let body = Array(bytes[...split])
        let trailer = String(decoding: bytes[(split + 1)...].dropLast(), as: UTF8.self)
        guard trailer.hasPrefix("crc32 "), let crc = UInt32(trailer.dropFirst(6), radix: 16) else {
            throw StorageError.corruption(file: path, message: "manifest has no checksum line")
        }
        guard CRC32.checksum(body) == crc else {
            throw StorageError.corruption(file: path, message: "manifest checksum mismatch")
        }
        do {
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(body))
            guard manifest.formatVersion == formatVersion else {
                throw StorageError.notAStore(path: directory, message: "format version \(manifest.formatVersion) is not supported (this build reads \(formatVersion))")
            }
            return manifest
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.corruption(file: path, message: "manifest is not valid: \(error)")
        }
    }

    /// Atomically replaces the manifest of the store at `directory`.
    public func write(directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var body = [UInt8]((try? encoder.encode(self)) ?? Data())
        body.append(UInt8(ascii: "\n"))
        let trailer = "crc32 " + String(format: "%08x", CRC32.checksum(body)) + "\n"
        body.append(contentsOf: trailer.utf8)
        let temporary = directory + "/" + Manifest.fileName + ".tmp"
        try Durable.writeFile(temporary, body)
        try Durable.rename(temporary, to: directory + "/" + Manifest.fileName)
        try Durable.syncDirectory(directory)
    }
}

/// fsync-backed file operations for the commit protocol.
public enum Durable {
    /// Writes `bytes` to a new file and fsyncs it.
    public static func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw StorageError.io(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io(path: path, message: String(cString: strerror(errno)))
            }
            done += n
        }
        guard fsync(fd) == 0 else { throw StorageError.io(path: path, message: "fsync: \(String(cString: strerror(errno)))") }
    }

    public static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            throw StorageError.io(path: to, message: "rename: \(String(cString: strerror(errno)))")
        }
    }

    /// fsyncs a directory so that renames and new names in it are durable.
    public static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw StorageError.io(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StorageError.io(path: path, message: "fsync: \(String(cString: strerror(errno)))") }
    }
}
