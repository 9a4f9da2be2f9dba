/// Where parsers and mappers deliver quads: a store loader, a writer, an array.
///
/// Producers call ``add(_:)`` per quad; a sink may buffer and must flush on ``finish()``.
/// Sinks are not required to be thread-safe: a producer owns its sink.
public protocol QuadSink {
    /// Accepts one quad.
    mutating func add(_ quad: Quad) throws
    /// Flushes buffered work. Called once, after the last quad.
    mutating func finish() throws
}

extension QuadSink {
    public mutating func finish() throws {}
}

/// A sink that collects quads in memory (tests, small inputs).
public struct QuadCollector: QuadSink {
    public private(set) var quads: [Quad] = []
    public init() {}
    public mutating func add(_ quad: Quad) { quads.append(quad) }
}
