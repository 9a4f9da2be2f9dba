/// A syntax error (or a violation of a static rule of the grammar) in a query or update.
///
/// `line` and `column` are 1-based; columns count Unicode scalars, so they match what an
/// editor shows for non-ASCII text. The description reads
/// `line 3, column 14: expected '}' but found 'FILTER'`.
public struct SPARQLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Maps byte offsets of UTF-8 source text to 1-based line and column numbers.
struct SourceLocator {
    let bytes: [UInt8]

    /// The line and column (in Unicode scalars) of the byte at `offset`.
    func location(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        // A byte order mark is not shown by editors: it takes no column.
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count lead bytes only: one column per scalar.
                column += 1
            }
            index += 1
        }
        return (line, column)
    }

    func error(_ message: String, at offset: Int) -> SPARQLSyntaxError {
        let (line, column) = location(of: offset)
        return SPARQLSyntaxError(message: message, line: line, column: column)
    }
}
