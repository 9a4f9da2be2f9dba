import Synchronization
import PtolemyEngine

/// The queries and updates running now, with a way to tell whether each one's client is
/// still there.
///
/// The supervisor sweeps it a few times a second and cancels the work of clients that
/// went away; a shutdown waits for it to empty and cancels what is left when its grace
/// period ends.
final class QueryRegistry: Sendable {
    /// Why a query was cancelled (a metrics label).
    enum CancelReason: String, Sendable {
        case clientGone = "client-gone"
        case shutdown
    }

    struct Entry: Sendable {
        let control: QueryControl
        let isClientConnected: @Sendable () -> Bool
        let onCancel: @Sendable (CancelReason) -> Void
    }

    private let entries = Mutex<[UInt64: Entry]>([:])
    private let nextID = Atomic<UInt64>(0)
    private let draining = Atomic<Bool>(false)

    /// Records a running query; call ``finished(_:)`` with the result when it ends.
    func register(_ control: QueryControl, isClientConnected: @escaping @Sendable () -> Bool,
                  onCancel: @escaping @Sendable (CancelReason) -> Void = { _ in }) -> UInt64 {
        let id = nextID.add(1, ordering: .relaxed).newValue
        entries.withLock { $0[id] = Entry(control: control, isClientConnected: isClientConnected, onCancel: onCancel) }
        return id
    }

    func finished(_ id: UInt64) { _ = entries.withLock { $0.removeValue(forKey: id) } }

    /// How many are running.
    var count: Int { entries.withLock { $0.count } }

    /// True once a shutdown has begun: new queries are refused.
    var isDraining: Bool { draining.load(ordering: .relaxed) }

    func beginDraining() { draining.store(true, ordering: .relaxed) }

    /// Cancels the queries whose clients have disconnected; returns how many.
    @discardableResult
    func sweep() -> Int {
        let gone = entries.withLock { $0.values.filter { !$0.control.isCancelled && !$0.isClientConnected() } }
        for entry in gone { entry.control.cancel(); entry.onCancel(.clientGone) }
        return gone.count
    }

    /// Cancels everything still running (the end of a shutdown's grace period).
    func cancelAll() {
        let all = entries.withLock { Array($0.values) }
        for entry in all where !entry.control.isCancelled { entry.control.cancel(); entry.onCancel(.shutdown) }
    }
}
