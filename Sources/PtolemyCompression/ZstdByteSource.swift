internal import CZstd

/// Streams the decompressed content of a zstd file.
public final class ZstdByteSource: ByteSource {
    private var source: any ByteSource
    private let path: String
    private let stream: OpaquePointer
    private var input = [UInt8](repeating: 0, count: 1 << 17)
    private var inputPos = 0
    private var inputCount = 0
    private var inputEnd = false
    private var frameOpen = false

    init(source: any ByteSource, path: String) throws {
        self.source = source
        self.path = path
        guard let stream = ZSTD_createDStream() else {
            throw CompressionError.io(path: path, message: "cannot initialise zstd decoder")
        }
        self.stream = stream
        ZSTD_initDStream(stream)
    }

    deinit { ZSTD_freeDStream(stream) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if buffer.count == 0 { return 0 }
        while true {
            if inputPos == inputCount && !inputEnd {
                inputCount = try input.withUnsafeMutableBytes { try source.read(into: $0) }
                inputPos = 0
                if inputCount == 0 { inputEnd = true }
            }
            if inputEnd && inputPos == inputCount {
                if frameOpen { throw CompressionError.corrupt("\(path): zstd stream ends unexpectedly") }
                return 0
            }
            var produced = 0
            let hint: Int = input.withUnsafeBytes { inBytes in
                var inBuf = ZSTD_inBuffer(src: inBytes.baseAddress, size: inputCount, pos: inputPos)
                var outBuf = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                let r = ZSTD_decompressStream(stream, &outBuf, &inBuf)
                inputPos = inBuf.pos
                produced = outBuf.pos
                return r
            }
            if ZSTD_isError(hint) != 0 {
                throw CompressionError.corrupt("\(path): zstd: \(String(cString: ZSTD_getErrorName(hint)))")
            }
            frameOpen = hint != 0
            if produced > 0 { return produced }
        }
    }
}
