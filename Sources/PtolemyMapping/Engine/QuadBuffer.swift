import PtolemyRDF

/// Where a worker puts the quads of one batch: N-Quads text (for files) or quads (for a
/// store), handed to the output in batch order.
struct QuadBuffer: Sendable {
    enum Mode: Sendable { case nquads, quads }

    let mode: Mode
    private(set) var bytes: [UInt8] = []
    private(set) var quads: [Quad] = []
    private(set) var count = 0
    /// Records mapped in this batch.
    var records = 0

    init(mode: Mode) {
        self.mode = mode
        if mode == .nquads { bytes.reserveCapacity(1 << 16) }
    }

    @inline(__always)
    mutating func add(_ subject: Term, _ predicate: Term, _ object: Term, _ graph: Term?) {
        count += 1
        switch mode {
        case .nquads:
            NTriplesFormatter.write(subject, to: &bytes)
            bytes.append(0x20)
            NTriplesFormatter.write(predicate, to: &bytes)
            bytes.append(0x20)
            NTriplesFormatter.write(object, to: &bytes)
            if let graph {
                bytes.append(0x20)
                NTriplesFormatter.write(graph, to: &bytes)
            }
            bytes.append(contentsOf: [0x20, 0x2E, 0x0A])
        case .quads:
            quads.append(Quad(subject, predicate, object, graph: graph))
        }
    }
}
