internal import CZstd

/// Block compression with zstd, for column chunks, dictionary pages and WAL records.
///
/// Each call compresses one self-contained frame; frames record their content size,
/// so ``decompress(_:)`` needs no side information.
public enum Zstd {
    /// Compresses `input` into one zstd frame.
    /// - Parameter level: zstd level; 3 is the library default, 1 favours speed.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compress(out.baseAddress, bound, input.baseAddress, input.count, level)
        }
        // Compression into a buffer of compressBound bytes cannot fail.
        precondition(ZSTD_isError(written) == 0, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        output.removeLast(bound - written)
        return output
    }

    /// Compresses `input` into one zstd frame.
    public static func compress(_ input: [UInt8], level: Int32 = 3) -> [UInt8] {
        input.withUnsafeBytes { compress($0, level: level) }
    }

    /// Decompresses one zstd frame.
    /// - Throws: ``CompressionError/corrupt(_:)`` when the frame is damaged or truncated.
    public static func decompress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        let size = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        // ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR are the two top values.
        guard size < UInt64.max - 1 else { throw CompressionError.corrupt("zstd frame header is damaged") }
        guard size <= UInt64(Int32.max) else { throw CompressionError.corrupt("zstd frame claims \(size) bytes") }
        if size == 0 { return [] }
        var output = [UInt8](repeating: 0, count: Int(size))
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_decompress(out.baseAddress, out.count, input.baseAddress, input.count)
        }
        if ZSTD_isError(written) != 0 {
            throw CompressionError.corrupt("zstd: \(String(cString: ZSTD_getErrorName(written)))")
        }
        guard written == Int(size) else { throw CompressionError.corrupt("zstd frame is truncated") }
        return output
    }

    /// Decompresses one zstd frame.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0) }
    }

    /// Decompresses one zstd frame from a slice.
    public static func decompress(_ input: ArraySlice<UInt8>) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0) }
    }
}
