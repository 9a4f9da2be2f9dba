internal import CZlib

/// Streams the decompressed content of a gzip file (several members are concatenated, as gunzip does).
public final class GzipByteSource: ByteSource {
    private var source: any ByteSource
    private let path: String
    private var stream = z_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 16)
    private var inputEnd = false
    private var finished = false
    /// True after a member ended: more input starts a new member, none ends the stream.
    private var betweenMembers = false

    init(source: any ByteSource, path: String) throws {
        self.source = source
        self.path = path
        // 15 + 32: zlib or gzip header, detected automatically.
        guard ptolemy_inflateInit2(&stream, 15 + 32) == Z_OK else {
            throw CompressionError.io(path: path, message: "cannot initialise gzip decoder")
        }
    }

    deinit { inflateEnd(&stream) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished || buffer.count == 0 { return 0 }
        return try input.withUnsafeMutableBytes { inputBuffer -> Int in
            while true {
                if stream.avail_in == 0 && !inputEnd {
                    let n = try source.read(into: inputBuffer)
                    if n == 0 { inputEnd = true }
                    stream.next_in = inputBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = UInt32(n)
                }
                if betweenMembers {
                    if stream.avail_in == 0 && inputEnd {
                        finished = true
                        return 0
                    }
                    inflateReset(&stream)
                    betweenMembers = false
                }
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                let produced = buffer.count - Int(stream.avail_out)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; decided when more input is seen.
                    betweenMembers = true
                    if produced > 0 { return produced }
                case Z_OK, Z_BUF_ERROR:
                    if produced > 0 { return produced }
                    if inputEnd && stream.avail_in == 0 {
                        throw CompressionError.corrupt("\(path): gzip stream ends unexpectedly")
                    }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw CompressionError.corrupt("\(path): gzip: \(message)")
                }
            }
        }
    }
}
