/// Errors of the compression layer: damaged input, or a failing file.
public enum CompressionError: Error, CustomStringConvertible, Sendable {
    /// The compressed data is damaged or truncated.
    case corrupt(String)
    /// A file could not be opened or read.
    case io(path: String, message: String)

    public var description: String {
        switch self {
        case .corrupt(let message): return "corrupt compressed data: \(message)"
        case .io(let path, let message): return "\(path): \(message)"
        }
    }
}
