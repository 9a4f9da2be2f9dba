import PtolemyCompression
import Foundation

/// Opens a source file as a stream of UTF-8 bytes, undoing its compression and encoding.
///
/// Plain, gzip, zstd and xz files stream (PtolemyCompression decompresses on the fly).
/// ZIP and tar archives and UTF-16 text are decoded in memory: archives must be read
/// to find their member, and re-encoding is cheap next to mapping.
enum InputOpener {
    static func open(_ file: SourceFile, counter: ByteCounter? = nil) throws -> any ByteSource {
        let path = file.resolvedPath
        guard FileManager.default.fileExists(atPath: path) else {
            throw MappingError(.source, "source file not found: \(path)")
        }
        let magic = try prefix(of: path, count: 6)
        let isZip = magic.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let lower = path.lowercased()
        var source: any ByteSource
        if isZip || file.compression == .zip {
            let raw = try readAll(FileByteSource(path: path), path: file.path)
            source = MemoryByteSource(try Archive.firstZipMember(raw, fileName: file.path))
        } else {
            let input: any ByteSource
            do { input = try InputFile.open(path, counter: counter) } catch {
                throw MappingError(.source, "cannot open \(file.path): \(error)")
            }
            let isTar = file.compression == .tarGzip || file.compression == .tarXz
                || [".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar"].contains { lower.hasSuffix($0) }
            if isTar {
                let content = try readAll(input, path: file.path)
                source = MemoryByteSource(try Archive.firstTarMember(content, fileName: file.path))
            } else {
                source = input
            }
        }
        switch file.encoding {
        case .utf8: return source
        case .utf16, .utf16LE, .utf16BE, .latin1:
            let bytes = try readAll(source, path: file.path)
            return MemoryByteSource(transcode(bytes, from: file.encoding))
        }
    }

    /// The whole (decompressed, decoded) content of a source file.
    static func readAll(_ file: SourceFile) throws -> [UInt8] {
        try readAll(open(file), path: file.path)
    }

    static func readAll(_ source: any ByteSource, path: String) throws -> [UInt8] {
        var source = source
        do { return try source.readAll() } catch let error as MappingError { throw error } catch {
            throw MappingError(.source, "cannot read \(path): \(error)")
        }
    }

    private static func prefix(of path: String, count: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MappingError(.source, "cannot open \(path)")
        }
        defer { try? handle.close() }
        return Array((try? handle.read(upToCount: count)) ?? Data())
    }

    /// Re-encodes UTF-16 (byte order from the BOM, else as stated, else little-endian) or Latin-1 text as UTF-8.
    static func transcode(_ bytes: [UInt8], from encoding: TextEncoding) -> [UInt8] {
        if encoding == .latin1 {
            return Array(String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })).utf8)
        }
        var bigEndian = encoding == .utf16BE
        var start = 0
        if bytes.count >= 2 {
            if bytes[0] == 0xFF && bytes[1] == 0xFE { bigEndian = false; start = 2 }
            if bytes[0] == 0xFE && bytes[1] == 0xFF { bigEndian = true; start = 2 }
        }
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var i = start
        while i + 1 < bytes.count {
            units.append(bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i]))
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
