import NIOCore
import Synchronization

/// Which client connections are still there, so that a query whose client has gone can
/// be cancelled before it has written anything.
///
/// The HTTP server allows half-closed connections, so a client that disconnects while
/// its query computes does not make the channel inactive: only an `inputClosed` event
/// tells. ``ConnectionWatcher`` (one per connection, in the channel pipeline) records
/// that event here; requests look their connection up by channel.
final class ConnectionRegistry: Sendable {
    private let open = Mutex<[ObjectIdentifier: Bool]>([:])

    func opened(_ channel: ObjectIdentifier) { open.withLock { $0[channel] = true } }

    func inputClosed(_ channel: ObjectIdentifier) { open.withLock { if $0[channel] != nil { $0[channel] = false } } }

    func closed(_ channel: ObjectIdentifier) { _ = open.withLock { $0.removeValue(forKey: channel) } }

    /// Whether the client of `channel` is still connected. Channels the registry never saw
    /// (in-process test clients) count as connected.
    func isConnected(_ channel: ObjectIdentifier) -> Bool { open.withLock { $0[channel] ?? true } }

    /// Connections currently open.
    var count: Int { open.withLock { $0.count } }
}

/// A pass-through channel handler that reports to a ``ConnectionRegistry`` when its
/// connection's client stops sending (closes or half-closes) and when it goes away.
final class ConnectionWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let registry: ConnectionRegistry
    private var identifier: ObjectIdentifier?

    init(registry: ConnectionRegistry) { self.registry = registry }

    func handlerAdded(context: ChannelHandlerContext) {
        let id = ObjectIdentifier(context.channel)
        identifier = id
        registry.opened(id)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let identifier { registry.closed(identifier) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed, let identifier { registry.inputClosed(identifier) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let identifier { registry.inputClosed(identifier) }
        context.fireChannelInactive()
    }
}
