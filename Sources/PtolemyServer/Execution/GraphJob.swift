import Synchronization
import PtolemyRDF
import PtolemyRDFIO
import PtolemyStorage
import PtolemyEngine

/// A Graph Store GET on a worker thread: writes the quads of one graph (or of the whole
/// dataset) from a snapshot into a ``ChunkPipe``.
final class GraphJob: Sendable {
    /// Which quads: one graph by ID (`.none` for the default graph), or all.
    enum Selection: Sendable {
        case graph(TermID)
        case all
    }

    let snapshot: StoreSnapshot
    let selection: Selection
    let format: RDFFormat
    let control: QueryControl
    let maxRows: Int
    let pipe: ChunkPipe
    let exchange: ExchangeRecord

    init(snapshot: StoreSnapshot, selection: Selection, format: RDFFormat, control: QueryControl, maxRows: Int,
         pipe: ChunkPipe, exchange: ExchangeRecord) {
        self.snapshot = snapshot
        self.selection = selection
        self.format = format
        self.control = control
        self.maxRows = maxRows
        self.pipe = pipe
        self.exchange = exchange
    }

    func run() {
        var count = 0
        do {
            var writer = try GraphStreamWriter(format: format)
            // Terms repeat from row to row (a subject's triples are adjacent): decode each once.
            var cache: [TermID: Term] = [:]
            func term(_ id: TermID) throws -> Term {
                if let t = cache[id] { return t }
                let t = try snapshot.term(for: id)
                if cache.count >= 1 << 16 { cache.removeAll(keepingCapacity: true) }
                cache[id] = t
                return t
            }
            try snapshot.forEachQuad { s, p, o, g in
                if case .graph(let wanted) = selection, g != wanted { return }
                count += 1
                if count & 1023 == 0 { try control.check() }
                if maxRows > 0 && count > maxRows { throw QueryEvaluationError.resultTooLarge(limit: maxRows) }
                try writer.write(Quad(try term(s), try term(p), try term(o), graph: g.isNone ? nil : try term(g)))
                if writer.pendingBytes >= QueryJob.chunkSize { try pipe.send(writer.take()) }
            }
            try writer.finish()
            try pipe.send(writer.take())
            exchange.update { $0.rows = count }
            pipe.finish()
        } catch {
            exchange.update { $0.rows = count; $0.error = ProtocolError.evaluation(error).kind }
            pipe.fail(error)
        }
    }
}
