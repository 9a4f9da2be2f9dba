/// Why a writer could not write: the output failed, or the syntax cannot hold a quad.
public struct RDFWriteError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What went wrong, in words.
    public var message: String
    /// The `errno` of a failed system call, if that was the cause.
    public var errorNumber: Int32?

    public init(message: String, errorNumber: Int32? = nil) {
        self.message = message
        self.errorNumber = errorNumber
    }

    public var description: String { message }
}
