import Foundation
import Synchronization
import PtolemyRDF
import PtolemyRDFIO
import PtolemySPARQL
import PtolemyStorage
import PtolemyEngine

/// One query's run on a worker thread: plans it against its snapshot, runs it, and writes
/// its output in chunks into a ``ChunkPipe`` as the engine produces solutions.
///
/// Nothing of the result is kept beyond the chunk being filled, the chunks waiting in
/// the pipe, and what the engine's own operators hold (sorts, hash tables).
final class QueryJob: Sendable {
    /// What the response carries.
    enum Output: Sendable {
        case results(ResultsFormat)
        case graph(RDFFormat)
        /// The plan with estimated and actual rows, as JSON (the `explain` parameter).
        case explain
    }

    let query: Query
    let snapshot: StoreSnapshot
    let engine: QueryEngine
    let control: QueryControl
    let output: Output
    /// The most rows or triples the response may hold; 0 for no limit.
    let maxRows: Int
    let pipe: ChunkPipe
    let exchange: ExchangeRecord
    /// Rows (or triples) produced so far.
    let rows = Atomic<Int>(0)

    /// Chunks are handed to the response at about this size.
    static let chunkSize = 1 << 16

    init(query: Query, snapshot: StoreSnapshot, engine: QueryEngine, control: QueryControl, output: Output,
         maxRows: Int, pipe: ChunkPipe, exchange: ExchangeRecord) {
        self.query = query
        self.snapshot = snapshot
        self.engine = engine
        self.control = control
        self.output = output
        self.maxRows = maxRows
        self.pipe = pipe
        self.exchange = exchange
    }

    /// Runs the query to its end (or its failure); the pipe learns which.
    func run() {
        do {
            try execute()
            record()
            pipe.finish()
        } catch {
            record()
            exchange.update { $0.error = ProtocolError.evaluation(error).kind }
            pipe.fail(error)
        }
    }

    private func record() {
        let n = rows.load(ordering: .relaxed)
        exchange.update { $0.rows = n }
    }

    private func count() throws {
        let n = rows.add(1, ordering: .relaxed).newValue
        if maxRows > 0 && n > maxRows { throw QueryEvaluationError.resultTooLarge(limit: maxRows) }
    }

    private func execute() throws {
        try control.check()
        let prepared = try engine.prepare(query, snapshot: snapshot, control: control)
        switch output {
        case .results(let format):
            if case .ask = query.form {
                let answer = try prepared.ask()
                rows.store(1, ordering: .relaxed)
                try pipe.send(SolutionsSerializer.boolean(answer, format: format))
                return
            }
            guard case .select = query.form else { throw QueryEvaluationError.other("not a SELECT or ASK query") }
            let serializer = try SolutionsSerializer(format: format, variables: prepared.variables.map(\.name),
                                                     chunkSize: Self.chunkSize) { [pipe] bytes in try pipe.send(bytes) }
            try prepared.forEachSolution { row in
                try count()
                try serializer.write(row)
                return true
            }
            try serializer.finish()
        case .graph(let format):
            var writer = try GraphStreamWriter(format: format)
            try prepared.forEachTriple { triple in
                try count()
                try writer.write(triple)
                if writer.pendingBytes >= Self.chunkSize { try pipe.send(writer.take()) }
            }
            try writer.finish()
            try pipe.send(writer.take())
        case .explain:
            let started = ContinuousClock.now
            switch query.form {
            case .select: try prepared.forEachSolutionIDs { _ in try count(); return true }
            case .ask: if try prepared.ask() { rows.store(1, ordering: .relaxed) }
            case .construct, .describe: try prepared.forEachTriple { _ in try count() }
            }
            let elapsed = ContinuousClock.now - started
            let plan = ExplainPlan(prepared: prepared, rows: rows.load(ordering: .relaxed), elapsed: elapsed)
            try pipe.send(plan.json)
        }
    }
}
