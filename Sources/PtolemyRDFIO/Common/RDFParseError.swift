/// A syntax error in an RDF document, with the place it was found.
///
/// Lines and columns are 1-based; columns count Unicode scalars (characters), not bytes.
/// The ``description`` reads `FILE:LINE:COLUMN: message`, the form compilers use, so that
/// editors and terminals can jump to the place.
public struct RDFParseError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The file the document came from, when known.
    public var fileName: String?
    /// 1-based line of the error.
    public var line: Int
    /// 1-based column (in characters) of the error.
    public var column: Int
    /// What is wrong, in words.
    public var message: String

    public init(fileName: String?, line: Int, column: Int, message: String) {
        self.fileName = fileName
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message` (`LINE:COLUMN: message` without a file name).
    public var description: String {
        if let fileName { return "\(fileName):\(line):\(column): \(message)" }
        return "\(line):\(column): \(message)"
    }
}
