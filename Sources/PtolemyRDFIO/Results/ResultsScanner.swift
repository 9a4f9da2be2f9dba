internal import PtolemyCompression
internal import PtolemyRDF
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The buffered input and bookkeeping shared by the three result readers.
///
/// A window of the document sits in `buf[0..<end]`; the parser reads at `pos`. Bytes
/// before `anchor` may be dropped when more input comes in, so a parser sets `anchor`
/// to the start of the token it is reading: the whole token then stays contiguous in
/// the buffer and can become a `String` in one step, without per-byte appends. The
/// buffer only grows to hold one token, and tokens are capped at ``maxTermLength``,
/// so memory is bounded by one term, never by the document.
///
/// Convention for scanners: `fill()` moves the bytes from `anchor` on to the front of the
/// buffer (adjusting `pos` and `anchor`), so a scanner keeps its local cursor in `pos`
/// across a fill and its saved places as offsets from `anchor`.
///
/// Lines and columns are not tracked byte by byte in the hot loops: they are counted
/// when bytes are dropped from the buffer (each byte once) and, for an error, from the
/// buffer start to the offending byte.
class ResultsScanner {
    /// The nesting limit of JSON (and XML) documents: protects the recursive skipper.
    static let maxDepth = 64
    /// The size of one read from the source.
    static let chunkSize = 1 << 16

    final var source: any ByteSource
    final let origin: String

    // The window: `buf[0..<end]` holds document bytes `base..<base + end`; `buf[end]` is
    // always 0, a sentinel that stops UTF-8 validation at the end of the data.
    final var buf: UnsafeMutablePointer<UInt8>
    final var capacity: Int
    final var pos = 0
    final var end = 0
    final var anchor = 0
    final var base = 0
    final var atEOF = false

    // Line and column (in Unicode scalars) of `buf[0]`, and a cursor that only moves
    // forward, so that repeated position queries cost linear time overall.
    final var startLine = 1
    final var startColumn = 1
    final var cursorIndex = 0
    final var cursorLine = 1
    final var cursorColumn = 1

    /// Decoded bytes of a token with escapes (JSON `\n`, XML `&amp;`, Turtle `\u00E9`).
    final var scratch: UnsafeMutablePointer<UInt8>
    final var scratchCount = 0
    final var scratchCapacity = 256

    /// The longest string, IRI or literal accepted, in bytes (a limit to protect the server;
    /// internal and settable so that tests can exercise it cheaply).
    final var maxTermLength = 64 << 20

    /// The variables of the head, as strings and as bytes for matching binding names.
    final var variables: [String] = []
    final var variableBytes: [[UInt8]] = []
    /// Solutions usually list their bindings in head order: try the one after the last match first.
    final var nextGuess = 0

    // A small cache of datatype IRIs and language tags, so that the thousands of literals
    // of a result share a few `String`s instead of allocating one each.
    private final var internKeys: [[UInt8]] = []
    private final var internValues: [String] = []
    private final var internNext = 0

    init(source: any ByteSource, origin: String) {
        self.source = source
        self.origin = origin
        self.capacity = Self.chunkSize
        self.buf = .allocate(capacity: Self.chunkSize + 1)
        self.buf[0] = 0
        self.scratch = .allocate(capacity: 256)
    }

    deinit {
        buf.deallocate()
        scratch.deallocate()
    }

    /// Reads up to the head (overridden per format).
    func readHead() throws -> ResultsHead { fatalError("abstract") }

    /// Reads the next solution (overridden per format).
    func next() throws -> [Term?]? { fatalError("abstract") }

    /// Document bytes parsed so far.
    final var bytesParsed: Int { base + pos }

    // MARK: - Input

    /// Reads more input after `end`, first dropping the bytes before `anchor`.
    ///
    /// Returns false at the end of the input. Indices at or after `anchor` (including `pos`)
    /// move down by the old value of `anchor`, which becomes 0.
    final func fill() throws -> Bool {
        if atEOF { return false }
        if anchor > 0 {
            let keep = anchor
            // Account for the dropped bytes' lines before they go.
            let (line, column) = location(at: keep)
            startLine = line
            startColumn = column
            cursorIndex -= keep
            let kept = end - keep
            if kept > 0 { memmove(buf, buf + keep, kept) }
            base += keep
            end = kept
            pos -= keep
            anchor = 0
        }
        if capacity - end < capacity / 2 {
            // The current token fills more than half the window: grow, so that reads stay large.
            if end > maxTermLength + (1 << 20) {
                throw error("a single token is longer than \(maxTermLength) bytes", at: 0)
            }
            let newCapacity = capacity * 2
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + 1)
            grown.update(from: buf, count: end)
            buf.deallocate()
            buf = grown
            capacity = newCapacity
        }
        let room = capacity - end
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buf + end, count: room))
        precondition(n >= 0 && n <= room, "ByteSource.read returned \(n) for a buffer of \(room) bytes")
        if n == 0 {
            atEOF = true
            buf[end] = 0
            return false
        }
        end += n
        buf[end] = 0
        return true
    }

    /// Makes `count` bytes from `pos` readable unless the input ends first (callers check `end`).
    @inline(__always)
    final func ensure(_ count: Int) throws {
        while end - pos < count {
            if !(try fill()) { return }
        }
    }

    /// The byte at `pos`, reading more input when needed (keeping from `anchor`); nil at the end.
    @inline(__always)
    final func peekByte() throws -> UInt8? {
        if pos < end { return buf[pos] }
        while try fill() {
            if pos < end { return buf[pos] }
        }
        return nil
    }

    /// Skips a UTF-8 byte order mark at the start of the document.
    final func skipByteOrderMark() throws {
        try ensure(3)
        if end - pos >= 3 && buf[pos] == 0xEF && buf[pos + 1] == 0xBB && buf[pos + 2] == 0xBF {
            pos += 3
            // The mark is no character of the first line: start counting at column 0 so
            // that the byte after it is column 1.
            startColumn = 0
            cursorIndex = 0
            cursorColumn = 0
        }
    }

    /// Whether the bytes at `index` are `literal` (false when the input has fewer bytes).
    @inline(__always)
    final func matches(_ literal: StaticString, at index: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        return end - index >= n && memcmp(buf + index, literal.utf8Start, n) == 0
    }

    // MARK: - Scratch buffer

    @inline(__always)
    final func appendScratch(_ byte: UInt8) {
        if scratchCount == scratchCapacity { growScratch(scratchCount + 1) }
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    @inline(__always)
    final func appendScratch(from start: Int, to stop: Int) {
        let n = stop - start
        if n <= 0 { return }
        if scratchCount + n > scratchCapacity { growScratch(scratchCount + n) }
        (scratch + scratchCount).update(from: buf + start, count: n)
        scratchCount += n
    }

    @inline(__always)
    final func appendScratchScalar(_ v: UInt32) {
        if scratchCount + 4 > scratchCapacity { growScratch(scratchCount + 4) }
        scratchCount += UTF8Scan.encode(v, to: scratch + scratchCount)
    }

    private final func growScratch(_ needed: Int) {
        var newCapacity = scratchCapacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = newCapacity
    }

    /// The decoded bytes (valid until the scratch buffer is next written).
    final var scratchView: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: scratch, count: scratchCount) }

    /// A view of `buf[start..<stop]` (valid until the next `fill()`).
    @inline(__always)
    final func view(_ start: Int, _ stop: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buf + start, count: stop - start)
    }

    // MARK: - UTF-8

    /// The length of the valid UTF-8 sequence whose lead byte (>= 0x80) is at `pos`; throws
    /// for invalid UTF-8. Reads more input first so that a sequence cut by a chunk boundary is whole.
    @inline(__always)
    final func utf8SequenceLength() throws -> Int {
        if end - pos < 4 && !atEOF { try ensure(4) }
        let n = UTF8Scan.sequenceLength(at: buf + pos)
        if n == 0 && atEOF && isTruncatedSequence() { throw endOfInputError() }
        if n == 0 { throw error("invalid UTF-8 (byte 0x\(String(buf[pos], radix: 16, uppercase: true)))", at: pos) }
        return n
    }

    /// Whether the bytes from `pos` to the end of the input are the start of a multi-byte
    /// sequence: a document cut in the middle of a character is truncated, not mis-encoded.
    private final func isTruncatedSequence() -> Bool {
        let lead = buf[pos]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        guard lead >= 0xC2 && lead <= 0xF4 && end - pos < length else { return false }
        for i in pos + 1..<end where !UTF8Scan.isContinuation(buf[i]) { return false }
        return true
    }

    // MARK: - Shared term helpers

    /// One `String` per distinct datatype IRI or language tag among the last few seen.
    final func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for i in internKeys.indices where internKeys[i].count == bytes.count {
            if bytes.count == 0 { return internValues[i] }
            let same = internKeys[i].withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
            if same { return internValues[i] }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if internKeys.count < 32 {
            internKeys.append(Array(bytes))
            internValues.append(string)
        } else {
            internKeys[internNext] = Array(bytes)
            internValues[internNext] = string
            internNext = (internNext + 1) % 32
        }
        return string
    }

    /// Declares the variables of the head (their order is the order of each solution's terms).
    final func setVariables(_ names: [String]) {
        variables = names
        variableBytes = names.map { Array($0.utf8) }
        nextGuess = 0
    }

    /// The index of the head variable spelled `name`, or nil.
    @inline(__always)
    final func variableIndex(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = variableBytes.count
        if n == 0 { return nil }
        var i = nextGuess < n ? nextGuess : 0
        for _ in 0..<n {
            let candidate = variableBytes[i]
            if candidate.count == name.count
                && (name.count == 0 || candidate.withUnsafeBufferPointer { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }) {
                nextGuess = i + 1
                return i
            }
            i += 1
            if i == n { i = 0 }
        }
        return nil
    }

    // MARK: - Errors

    /// Line and column of `buf[index]` (`index` in `0...end`).
    final func location(at index: Int) -> (line: Int, column: Int) {
        if index >= cursorIndex {
            Self.count(buf, from: cursorIndex, to: index, line: &cursorLine, column: &cursorColumn)
            cursorIndex = index
            return (cursorLine, cursorColumn)
        }
        var line = startLine, column = startColumn
        Self.count(buf, from: 0, to: index, line: &line, column: &column)
        return (line, column)
    }

    /// Advances a line and column over `p[from..<to]`: line feeds start lines, and every byte
    /// that is not a UTF-8 continuation byte is one column.
    ///
    /// Every byte of the document passes through here once, so it looks at eight bytes at a
    /// time: one pass counts the line feeds and finds the last one, and only the bytes after
    /// it are counted for the column.
    private static func count(_ p: UnsafeMutablePointer<UInt8>, from: Int, to: Int, line: inout Int, column: inout Int) {
        guard to > from else { return }
        var lines = 0
        var lastLF = from - 1
        var i = from
        let raw = UnsafeRawPointer(p)
        while i + 8 <= to {
            // Bytes equal to 0x0A become zero; the classic exact zero-byte test marks their high bits.
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ (ones &* 0x0A)
            let zeros = ~(((x & ~highBits) &+ ~highBits) | x) & highBits
            if zeros != 0 {
                lines &+= zeros.nonzeroBitCount
                lastLF = i + (63 - zeros.leadingZeroBitCount) / 8
            }
            i += 8
        }
        while i < to {
            if p[i] == 0x0A {
                lines &+= 1
                lastLF = i
            }
            i += 1
        }
        if lines > 0 {
            line += lines
            column = 1
        }
        column += countScalars(p + lastLF + 1, to - lastLF - 1)
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The number of bytes in `p[0..<n]` that start a UTF-8 sequence (not 10xxxxxx).
    private static func countScalars(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
        var continuations = 0
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Bit 7 set and bit 6 clear: shifting left by one brings each byte's bit 6 to its bit 7.
            continuations &+= (w & ~(w << 1) & highBits).nonzeroBitCount
            i += 8
        }
        while i < n {
            if p[i] & 0xC0 == 0x80 { continuations &+= 1 }
            i += 1
        }
        return n - continuations
    }

    /// An error at `buf[index]`.
    final func error(_ message: String, at index: Int) -> ResultsParseError {
        let (line, column) = location(at: min(max(index, 0), end))
        return ResultsParseError(origin: origin, line: line, column: column, message: message)
    }

    /// "unexpected end of input", at the end of the input.
    final func endOfInputError() -> ResultsParseError {
        error("unexpected end of input", at: end)
    }

    /// The byte at `buf[index]` in words, for messages.
    final func describeByte(at index: Int) -> String {
        guard index < end else { return "the end of the input" }
        let b = buf[index]
        switch b {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        case 0x20: return "a space"
        case 0x09: return "a tab"
        case 0x0A, 0x0D: return "a line break"
        case 0x80...0xFF:
            let n = UTF8Scan.sequenceLength(at: buf + index)
            if n > 0, let scalar = Unicode.Scalar(UTF8Scan.decode(at: buf + index, length: n)) {
                return "'\(Character(scalar))'"
            }
            return "invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)))"
        default: return UTF8Scan.describe(UInt32(b))
        }
    }
}
