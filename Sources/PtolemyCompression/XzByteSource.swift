internal import CLzma

/// Streams the decompressed content of an xz file (liblzma's stream decoder; several
/// concatenated streams are read one after the other, as `xz -d` does).
public final class XzByteSource: ByteSource {
    private var source: any ByteSource
    private let path: String
    private var stream = lzma_stream()
    private var input = [UInt8](repeating: 0, count: 1 << 17)
    private var inputPos = 0
    private var inputCount = 0
    private var inputEnd = false
    private var finished = false

    init(source: any ByteSource, path: String) throws {
        self.source = source
        self.path = path
        // No memory limit of our own (the caller decides what it opens); concatenated
        // streams allowed; LZMA_TELL_UNSUPPORTED_CHECK not asked: an unknown check is skipped.
        let status = lzma_stream_decoder(&stream, UInt64.max, Self.concatenated)
        guard status == LZMA_OK else {
            throw CompressionError.io(path: path, message: "cannot initialise the xz decoder (\(Self.describe(status)))")
        }
    }

    deinit { lzma_end(&stream) }

    /// liblzma's LZMA_CONCATENATED flag (a macro Swift does not import).
    private static let concatenated: UInt32 = 0x08

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if buffer.count == 0 || finished { return 0 }
        while true {
            if inputPos == inputCount && !inputEnd {
                inputCount = try input.withUnsafeMutableBytes { try source.read(into: $0) }
                inputPos = 0
                if inputCount == 0 { inputEnd = true }
            }
            let (status, produced): (lzma_ret, Int) = input.withUnsafeBytes { inBytes in
                stream.next_in = inBytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + inputPos }
                stream.avail_in = inputCount - inputPos
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = buffer.count
                // LZMA_FINISH once the input is exhausted: the decoder then reports a
                // truncated stream instead of waiting for more.
                let status = lzma_code(&stream, inputEnd ? LZMA_FINISH : LZMA_RUN)
                inputPos = inputCount - stream.avail_in
                return (status, buffer.count - stream.avail_out)
            }
            switch status {
            case LZMA_OK:
                if produced > 0 { return produced }
                if inputEnd && inputPos == inputCount { throw CompressionError.corrupt("\(path): xz stream ends unexpectedly") }
            case LZMA_STREAM_END:
                finished = true
                return produced
            default:
                throw CompressionError.corrupt("\(path): xz: \(Self.describe(status))")
            }
        }
    }

    private static func describe(_ status: lzma_ret) -> String {
        switch status {
        case LZMA_MEM_ERROR: return "out of memory"
        case LZMA_MEMLIMIT_ERROR: return "memory limit reached"
        case LZMA_FORMAT_ERROR: return "not in the xz format"
        case LZMA_OPTIONS_ERROR: return "unsupported options"
        case LZMA_DATA_ERROR: return "corrupt data"
        case LZMA_BUF_ERROR: return "truncated input"
        case LZMA_UNSUPPORTED_CHECK: return "unsupported integrity check"
        default: return "error \(status.rawValue)"
        }
    }
}
