internal import CZlib

/// A streaming gzip compressor (RFC 1952): feed it pieces with ``compress(_:)`` and end
/// with ``finish()``; each call returns the compressed bytes ready so far.
///
/// The server compresses HTTP responses with it as they stream, so it never needs the
/// whole body. Not thread-safe: one encoder per stream.
public final class GzipEncoder {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 15)
    private var finished = false

    /// - Parameter level: zlib's compression level, 1 (fastest) to 9 (smallest).
    public init(level: Int32 = 6) throws {
        // 15 + 16: a 32 KiB window with a gzip header and trailer.
        guard ptolemy_deflateInit2(&stream, level, 15 + 16) == Z_OK else {
            throw CompressionError.corrupt("cannot initialise the gzip encoder")
        }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `bytes`; returns what zlib has produced so far (often nothing for small
    /// inputs, which zlib keeps until it has a block's worth). With `flush`, everything
    /// given so far is returned (a sync flush), at some cost in ratio.
    public func compress(_ bytes: UnsafeRawBufferPointer, flush: Bool = false) throws -> [UInt8] {
        precondition(!finished, "the gzip stream is finished")
        return try run(bytes, mode: flush ? Z_SYNC_FLUSH : Z_NO_FLUSH)
    }

    /// Compresses `bytes` (see ``compress(_:flush:)-(UnsafeRawBufferPointer,_)``).
    public func compress(_ bytes: [UInt8], flush: Bool = false) throws -> [UInt8] {
        try bytes.withUnsafeBytes { try compress($0, flush: flush) }
    }

    /// Ends the stream: returns the last compressed bytes and the gzip trailer.
    public func finish() throws -> [UInt8] {
        precondition(!finished, "the gzip stream is finished")
        finished = true
        return try run(UnsafeRawBufferPointer(start: nil, count: 0), mode: Z_FINISH)
    }

    private func run(_ input: UnsafeRawBufferPointer, mode: Int32) throws -> [UInt8] {
        var result: [UInt8] = []
        // zlib does not write through next_in; the cast only satisfies its C signature.
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(input.count)
        try output.withUnsafeMutableBytes { out in
            while true {
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(out.count)
                let status = deflate(&stream, mode)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    throw CompressionError.corrupt("gzip encoder failed with status \(status)")
                }
                let produced = out.count - Int(stream.avail_out)
                result.append(contentsOf: UnsafeRawBufferPointer(rebasing: out[..<produced]))
                // Done when zlib stopped short of filling the output: all input taken and,
                // for a flush or finish, everything written.
                if status == Z_STREAM_END || (stream.avail_out > 0 && stream.avail_in == 0) { break }
            }
        }
        stream.next_in = nil
        return result
    }
}
