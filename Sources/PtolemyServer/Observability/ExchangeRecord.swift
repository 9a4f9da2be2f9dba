import Synchronization

/// What one request did, filled in by its handler and read by the request log and the
/// metrics when the response has been written (a streamed body ends after the handler
/// returns, so the handler cannot log it itself).
final class ExchangeRecord: Sendable {
    struct Fields: Sendable {
        /// `query`, `update`, `graph-store`, `service-description`, `ui`, ...
        var operation: String?
        /// The query form (`select`, `ask`, `construct`, `describe`) or update.
        var form: String?
        /// A short hash of the query or update text: tells requests apart in the log
        /// without writing the text itself.
        var textHash: String?
        var rows: Int?
        /// The error kind, when the request failed.
        var error: String?
        /// Set when the request's work was cancelled (client gone, timeout, shutdown).
        var cancelled: String?
    }

    private let state = Mutex(Fields())

    func update(_ body: (inout Fields) -> Void) { state.withLock { body(&$0) } }

    var fields: Fields { state.withLock { $0 } }

    /// FNV-1a, 64 bits, as 16 hex digits: stable across runs and machines.
    static func hash(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
