import PtolemyCompression

/// Cuts a CSV stream (RFC 4180, https://www.rfc-editor.org/rfc/rfc4180) into chunks of
/// whole records, without parsing fields.
///
/// This is the streaming half of the CSV reader: one thread scans bytes for record
/// ends (a line break outside quotes), and the chunks it hands out are parsed into
/// fields and mapped by worker threads. Memory is bounded by the chunk size.
struct CSVChunker {
    private var source: any ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var exhausted = false
    private let quote: UInt8 = UInt8(ascii: "\"")
    /// 1-based line number of the next chunk's first byte.
    private(set) var nextLine = 1
    /// Records handed out so far (the header included).
    private(set) var recordsRead = 0
    private var skippedBOM = false

    init(source: any ByteSource) {
        self.source = source
    }

    /// The next chunk of about `targetBytes` bytes (at least one record), or nil at the end.
    mutating func nextChunk(targetBytes: Int = 1 << 20, maximumRecords: Int = .max) throws -> CSVChunk? {
        var scanFrom = start
        var inQuotes = false
        var lastRecordEnd = -1
        var lineBreaks = 0
        var lineBreaksAtEnd = 0
        var records = 0
        // Whether the record being scanned has content (empty lines are not records).
        var recordHasContent = false
        while true {
            var i = scanFrom
            let count = buffer.count
            var full = false
            buffer.withUnsafeBufferPointer { bytes in
                while i < count {
                    let b = bytes[i]
                    if b == quote {
                        inQuotes.toggle()
                        recordHasContent = true
                    } else if b == 0x0A {
                        lineBreaks += 1
                        if !inQuotes {
                            lastRecordEnd = i
                            lineBreaksAtEnd = lineBreaks
                            if recordHasContent { records += 1 }
                            recordHasContent = false
                            if i + 1 - start >= targetBytes || records >= maximumRecords {
                                full = true
                                return
                            }
                        }
                    } else if b != 0x0D {
                        recordHasContent = true
                    }
                    i += 1
                }
            }
            scanFrom = i
            if full {
                return cut(through: lastRecordEnd, lines: lineBreaksAtEnd, records: records)
            }
            if exhausted {
                if start >= buffer.count { return nil }
                // The last record may lack a line break.
                return cut(through: buffer.count - 1, lines: lineBreaks, records: records + (recordHasContent ? 1 : 0))
            }
            let shift = try fill()
            scanFrom -= shift
            if lastRecordEnd >= 0 { lastRecordEnd -= shift }
        }
    }

    private mutating func cut(through end: Int, lines: Int, records: Int) -> CSVChunk {
        let chunk = CSVChunk(bytes: Array(buffer[start...end]), firstLine: nextLine, firstRecord: recordsRead)
        nextLine += lines
        recordsRead += records
        start = end + 1
        return chunk
    }

    /// Reads more input; returns by how much the buffer's indices moved (consumed bytes dropped).
    private mutating func fill() throws -> Int {
        var shift = 0
        if start > 0 && start >= buffer.count / 2 {
            shift = start
            buffer.removeFirst(start)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 1 << 18))
        let n = try buffer.withUnsafeMutableBytes { raw in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[old...]))
        }
        buffer.removeLast((1 << 18) - n)
        if n == 0 { exhausted = true }
        if !skippedBOM && buffer.count >= 3 {
            skippedBOM = true
            if buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = max(start, 3) }
        }
        return shift
    }
}

/// Whole CSV records as bytes, with where they start in the file.
struct CSVChunk: Sendable {
    var bytes: [UInt8]
    /// 1-based line of the first byte.
    var firstLine: Int
    /// 0-based index of the first record in the file (the header is record 0).
    var firstRecord: Int

    /// Calls `body` with each record's fields and its 1-based line; empty lines are skipped.
    /// - Throws: ``MappingError`` for a quote that is not closed or stray text after a closing quote.
    func forEachRecord(delimiter: UInt8, fileName: String,
                       _ body: (_ fields: [String], _ line: Int) throws -> Void) throws {
        try forEachRawRecord(delimiter: delimiter, fileName: fileName) { row, line in try body(row.strings, line) }
    }

    /// Calls `body` with each record's fields as bytes and its 1-based line; empty lines
    /// are skipped. The row is valid only during the call.
    /// - Throws: ``MappingError`` for a quote that is not closed or stray text after a closing quote.
    func forEachRawRecord(delimiter: UInt8, fileName: String,
                          _ body: (_ row: CSVRow, _ line: Int) throws -> Void) throws {
        let quote = UInt8(ascii: "\"")
        // The record's fields back to back (quotes removed, doubled quotes undone), and
        // where each ends.
        var fieldBytes: [UInt8] = []
        fieldBytes.reserveCapacity(256)
        var ends: [Int] = []
        try bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            var line = firstLine
            let n = bytes.count
            while i < n {
                // One record.
                let recordLine = line
                fieldBytes.removeAll(keepingCapacity: true)
                ends.removeAll(keepingCapacity: true)
                if bytes[i] == 0x0A || (bytes[i] == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) {
                    // An empty line.
                    i += bytes[i] == 0x0D ? 2 : 1
                    line += 1
                    continue
                }
                var endOfRecord = false
                while !endOfRecord {
                    if i < n && bytes[i] == quote {
                        // Quoted field.
                        i += 1
                        var closed = false
                        while i < n {
                            let b = bytes[i]
                            if b == quote {
                                if i + 1 < n && bytes[i + 1] == quote {
                                    fieldBytes.append(quote)
                                    i += 2
                                    continue
                                }
                                i += 1
                                closed = true
                                break
                            }
                            if b == 0x0A { line += 1 }
                            fieldBytes.append(b)
                            i += 1
                        }
                        guard closed else {
                            throw MappingError(.syntax, "a quoted field is not closed", sourcePosition: "\(fileName):\(recordLine)")
                        }
                        ends.append(fieldBytes.count)
                        if i < n && bytes[i] == 0x0D { i += 1 }
                        if i >= n || bytes[i] == 0x0A {
                            endOfRecord = true
                            i += 1
                            line += 1
                        } else if bytes[i] == delimiter {
                            i += 1
                            if i >= n { ends.append(fieldBytes.count); endOfRecord = true }
                        } else {
                            throw MappingError(.syntax, "text after a closing quote", sourcePosition: "\(fileName):\(line)")
                        }
                    } else {
                        let s = i
                        while i < n && bytes[i] != delimiter && bytes[i] != 0x0A { i += 1 }
                        var e = i
                        if i < n && bytes[i] == 0x0A && e > s && bytes[e - 1] == 0x0D { e -= 1 }
                        if i >= n && e > s && bytes[e - 1] == 0x0D { e -= 1 }
                        fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[s..<e]))
                        ends.append(fieldBytes.count)
                        if i >= n || bytes[i] == 0x0A {
                            endOfRecord = true
                            i += 1
                            line += 1
                        } else {
                            i += 1 // delimiter
                            if i >= n { ends.append(fieldBytes.count); endOfRecord = true }
                        }
                    }
                }
                try fieldBytes.withUnsafeBufferPointer { fields in
                    try ends.withUnsafeBufferPointer { ends in try body(CSVRow(bytes: fields, ends: ends), recordLine) }
                }
            }
        }
    }
}

/// One CSV record's fields as bytes, borrowed from the parser for one call.
struct CSVRow {
    /// The fields back to back.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where each field ends in `bytes`.
    let ends: UnsafeBufferPointer<Int>

    var count: Int { ends.count }

    /// The bytes of field `i`.
    @inline(__always)
    func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeBufferPointer(rebasing: bytes[start..<ends[i]])
    }

    /// The fields as strings (invalid UTF-8 replaced, as everywhere in the mapper).
    var strings: [String] {
        (0..<count).map { String(decoding: field($0), as: UTF8.self) }
    }
}
