/// Errors of the store, named for what failed and carrying the file.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    /// A file operation failed.
    case io(path: String, message: String)
    /// A file's content is damaged, truncated or not what the manifest says.
    case corruption(file: String, message: String)
    /// The store directory is not a Ptolemy store, or of an unknown version.
    case notAStore(path: String, message: String)
    /// Another process holds the store's write lock.
    case locked(path: String)
    /// A write was refused (read-only store, budget exceeded...).
    case refused(String)

    public var description: String {
        switch self {
        case .io(let path, let message): return "\(path): \(message)"
        case .corruption(let file, let message): return "\(file): corrupt store file: \(message)"
        case .notAStore(let path, let message): return "\(path): not a Ptolemy store: \(message)"
        case .locked(let path): return "\(path): the store is locked by another process"
        case .refused(let message): return message
        }
    }
}
