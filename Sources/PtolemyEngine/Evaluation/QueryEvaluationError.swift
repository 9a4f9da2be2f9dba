/// Why a query could not be answered (as opposed to expression errors, which SPARQL
/// absorbs). Each case names what failed; ``isSilenceable`` tells SERVICE SILENT
/// which ones it may swallow.
public enum QueryEvaluationError: Error, Sendable, CustomStringConvertible {
    /// The client went away or the server is shutting down.
    case cancelled
    /// The query ran past its deadline.
    case timeout(seconds: Double)
    /// An operator needed more memory than the query's budget.
    case memoryLimitExceeded(operator: String, bytes: Int)
    /// The result would exceed the configured maximum number of rows.
    case resultTooLarge(limit: Int)
    /// The store failed underneath (I/O, corruption).
    case storage(String)
    /// A remote SERVICE failed.
    case service(endpoint: String, message: String)
    /// A feature the engine does not support.
    case unsupported(String)
    /// Any other evaluation failure (bad LOAD source, invalid update target...).
    case other(String)

    public var description: String {
        switch self {
        case .cancelled: return "the query was cancelled"
        case .timeout(let seconds): return "the query exceeded its time limit of \(seconds) s"
        case .memoryLimitExceeded(let op, let bytes):
            return "the query exceeded its memory budget of \(bytes >> 20) MiB in \(op); add LIMIT or a more selective pattern, or raise the budget"
        case .resultTooLarge(let limit): return "the result exceeds the limit of \(limit) rows"
        case .storage(let message): return "storage error: \(message)"
        case .service(let endpoint, let message):
            // A variable endpoint (SERVICE ?e) is named as the variable.
            return "SERVICE \(endpoint.hasPrefix("?") ? endpoint : "<" + endpoint + ">") failed: \(message)"
        case .unsupported(let what): return "not supported: \(what)"
        case .other(let message): return message
        }
    }

    /// Whether SERVICE SILENT may turn this error into an empty result.
    public var isSilenceable: Bool {
        if case .service = self { return true }
        return false
    }
}
