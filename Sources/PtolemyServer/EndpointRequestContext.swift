import Hummingbird
import NIOCore

/// The per-request context of the endpoint's router: Hummingbird's core storage, plus the
/// connection the request came on (to notice a client that leaves, and to tell loopback
/// clients for local-only writes) and the record the request log reads.
public struct EndpointRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let connection: ObjectIdentifier
    let remoteAddress: SocketAddress?
    let exchange = ExchangeRecord()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        connection = ObjectIdentifier(source.channel)
        remoteAddress = source.channel.remoteAddress
    }

    /// Whether the client is on this machine (127.0.0.0/8, ::1, or IPv4-mapped loopback).
    var isLoopbackClient: Bool {
        guard let ip = remoteAddress?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}
