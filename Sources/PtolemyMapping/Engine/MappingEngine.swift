import PtolemyRDF
import PtolemyRDFIO
import Foundation
import Synchronization

/// Runs a mapping document: reads its logical sources and writes the quads its triples
/// maps make, as N-Quads to a file descriptor or as quads to a callback.
///
/// How it goes:
/// 1. Triples maps over the same logical source are grouped, so each source is read once.
/// 2. Referencing object maps with join conditions get a hash index of the parent's
///    subjects by join key, built by reading the parent's source first (memory grows
///    with the parent, not the child); without conditions over the same source, the
///    parent's subject comes from the same record.
/// 3. Each source streams in batches (CSV in byte chunks of whole records; JSON and XML
///    documents are parsed into a tree first, as JSONPath and XPath need) that worker
///    threads map in parallel; their output is written in source order.
///
/// Errors name the triples map, the mapping property, and the source file with the
/// record's line (CSV) or position (JSON, XML). When the engine throws, the output may
/// hold part of the result: callers write to a temporary file (as `ptolemy map` does)
/// or to a store load that is only committed on success.
public final class MappingEngine: Sendable {
    public struct Options: Sendable {
        /// The base IRI for relative IRIs (`--base-iri`); else the mapping's `@base`.
        public var baseIRI: String?
        /// Worker threads (default: the active processor count).
        public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
        /// Records per batch of a JSON or XML source.
        public var batchRecords: Int = 1024
        /// Bytes per chunk of a CSV source.
        public var chunkBytes: Int = 1 << 20
        /// Whether CSV rows may be written straight from their bytes (``DirectRowPlan``);
        /// off, every row takes the general path (tests compare the two).
        public var directRows = true
        public init() {}
    }

    /// What a run did.
    public struct Report: Sendable {
        public var records = 0
        public var quads = 0
        public var seconds = 0.0
    }

    /// Progress of a run, for a display.
    public struct Progress: Sendable {
        /// Records mapped and quads made so far.
        public var records: Int
        public var quads: Int
        /// Input bytes read so far, and in all when known.
        public var bytesRead: Int
        public var totalBytes: Int?
        public var elapsed: Double
        /// The source being read.
        public var source: String
    }

    /// Where quads go.
    public enum Output {
        /// N-Quads to a file descriptor (left open).
        case nquads(fileDescriptor: Int32)
        /// Each quad to a callback, on the calling thread, in order.
        case quads((Quad) throws -> Void)
    }

    let document: MappingDocument
    let options: Options
    let functions = FunctionRegistry.standard
    /// Join indexes for referencing object maps inside gather maps, built on first use.
    let gatherIndexes = IndexCache()

    public init(document: MappingDocument, options: Options = Options()) {
        self.document = document
        self.options = options
    }

    /// The base IRI for a triples map: its `rml:baseIRI`, else the engine's, else the document's `@base`.
    func baseIRI(for map: TriplesMap) -> String {
        map.baseIRI ?? options.baseIRI ?? document.documentBase ?? "http://example.com/base/"
    }

    /// Runs the mapping.
    /// - Parameter progress: called now and then on the calling thread.
    /// - Throws: ``MappingError`` at the first problem.
    @discardableResult
    public func run(_ output: Output, progress: ((Progress) -> Void)? = nil) throws -> Report {
        let start = Date()
        try checkFunctions()
        var report = Report()
        var writer: NQuadsWriter?
        if case .nquads(let fd) = output { writer = NQuadsWriter(fileDescriptor: fd, format: .nquads, bufferSize: 1 << 20) }
        let joins = try buildJoinIndexes()
        let groups = sourceGroups()
        var lastProgress = Date.distantPast
        for group in groups {
            let source: any RecordSource
            do { source = try openSource(group.source) } catch let error as MappingError {
                throw error.located(triplesMap: group.maps.map { document.triplesMaps[$0].name }.joined(separator: ", "))
            }
            let tracker = MatchTracker(references: group.maps.flatMap { document.triplesMaps[$0].allReferences },
                                       enabled: source.evaluator.formulation.tracksMatches)
            // Compiling once here reports reference errors before any worker starts.
            var checkedEvaluator = source.evaluator
            _ = try plans(for: group.maps, evaluator: &checkedEvaluator, joins: joins, tracker: tracker)
            let mode: QuadBuffer.Mode = writer == nil ? .quads : .nquads
            let delimiter = (source as? CSVRecordSource)?.delimiter ?? UInt8(ascii: ",")
            let evaluator = checkedEvaluator
            let sourceName = document.sources[group.source].node
            let maps = group.maps
            let options = self.options
            let mappingDocument = self.document
            var recordsInGroup = 0
            var named = NamedCollections()
            let storage = ByteStoragePool(limit: options.workers + 4)
            try OrderedPipeline.run(
                workers: options.workers,
                makeState: { () throws -> ([TriplesMapPlan], [DirectRowPlan]?, ReferenceEvaluator) in
                    // Each worker maps with its own copy of the mapping (see MappingDocument.isolatedCopy).
                    let engine = MappingEngine(document: try mappingDocument.isolatedCopy(), options: options)
                    var own = evaluator.isolatedCopy()
                    let plans = try engine.plans(for: maps, evaluator: &own, joins: joins, tracker: tracker)
                    // Text output from CSV rows: straight from the bytes when every map allows it.
                    var direct: [DirectRowPlan]?
                    if mode == .nquads && options.directRows {
                        let compiled = plans.compactMap { DirectRowPlan($0, evaluator: own) }
                        if compiled.count == plans.count { direct = compiled }
                    }
                    return (plans, direct, own)
                },
                produce: { try source.next() },
                transform: { state, batch in
                    let (plans, direct, evaluator) = state
                    if let direct, case .csv(let chunk) = batch {
                        var buffer = QuadBuffer(mode: mode, recycling: storage.take())
                        try Self.mapRows(chunk, plans: plans, direct: direct, evaluator: evaluator, delimiter: delimiter, into: &buffer)
                        return buffer
                    }
                    let records = try CSVRecordSource.decode(batch, evaluator: evaluator, delimiter: delimiter)
                    var buffer = QuadBuffer(mode: mode, recycling: storage.take())
                    for (i, record) in records.records.enumerated() {
                        let index = records.firstIndex + i
                        for plan in plans {
                            do {
                                try plan.map(record, index: index, into: &buffer)
                            } catch let error as MappingError {
                                let position = i < records.lines.count ? "\(evaluator.fileName):\(records.lines[i])"
                                    : "\(evaluator.fileName) record \(index + 1)" + Self.describe(record)
                                throw error.located(triplesMap: plan.map.name, sourcePosition: position)
                            }
                        }
                    }
                    buffer.records = records.records.count
                    return buffer
                },
                consume: { buffer in
                    named.merge(buffer.named)
                    report.quads += buffer.count
                    report.records += buffer.records
                    recordsInGroup += buffer.records
                    if writer != nil {
                        try writeAll(buffer.bytes, to: writerDescriptor(output))
                    } else if case .quads(let emit) = output {
                        for quad in buffer.quads { try emit(quad) }
                    }
                    storage.give(buffer.bytes)
                    if let progress, Date().timeIntervalSince(lastProgress) > 0.1 {
                        lastProgress = Date()
                        progress(Progress(records: report.records, quads: report.quads, bytesRead: source.bytesRead,
                                          totalBytes: source.totalBytes, elapsed: Date().timeIntervalSince(start), source: sourceName))
                    }
                })
            if !named.isEmpty {
                // Named collections are complete only now that every record has been seen.
                var buffer = QuadBuffer(mode: mode)
                named.write(into: &buffer)
                report.quads += buffer.count
                if writer != nil {
                    try writeAll(buffer.bytes, to: writerDescriptor(output))
                } else if case .quads(let emit) = output {
                    for quad in buffer.quads { try emit(quad) }
                }
            }
            if recordsInGroup > 0, let missing = tracker.unmatched.first {
                throw MappingError(.reference, "reference \"\(missing.text)\" matches nothing in any of the \(recordsInGroup) records of \(evaluator.fileName)",
                                   triplesMap: group.maps.map { document.triplesMaps[$0].name }.joined(separator: ", "))
            }
        }
        report.seconds = Date().timeIntervalSince(start)
        progress?(Progress(records: report.records, quads: report.quads, bytesRead: 0, totalBytes: nil, elapsed: report.seconds, source: ""))
        return report
    }

    /// Maps the rows of a CSV chunk with the compiled plans, each row a plan declines with
    /// the general one.
    static func mapRows(_ chunk: CSVChunk, plans: [TriplesMapPlan], direct: [DirectRowPlan], evaluator: ReferenceEvaluator,
                        delimiter: UInt8, into buffer: inout QuadBuffer) throws {
        let width = evaluator.header.count
        // The header is record 0 of the file: data rows are numbered from 0.
        var index = chunk.firstRecord - 1
        var scratch: [UInt8] = []
        try chunk.forEachRawRecord(delimiter: delimiter, fileName: evaluator.fileName) { row, line in
            guard row.count == width else {
                throw MappingError(.syntax, "the row has \(row.count) field\(row.count == 1 ? "" : "s"), the header \(width)",
                                   sourcePosition: "\(evaluator.fileName):\(line)")
            }
            var record: Record?
            for (plan, compiled) in zip(plans, direct) {
                if buffer.appendStatements({ compiled.write(row, to: &$0, scratch: &scratch) }) { continue }
                if record == nil { record = .row(row.strings) }
                do {
                    try plan.map(record!, index: index, into: &buffer)
                } catch let error as MappingError {
                    throw error.located(triplesMap: plan.map.name, sourcePosition: "\(evaluator.fileName):\(line)")
                }
            }
            buffer.records += 1
            index += 1
        }
    }

    /// Writes all of `bytes` to `descriptor`, resuming after partial writes and signals.
    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw MappingError(.output, "cannot write the output: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    private func writerDescriptor(_ output: Output) -> Int32 {
        if case .nquads(let fd) = output { return fd }
        return -1
    }

    static func describe(_ record: Record) -> String {
        switch record {
        case .xml(let node): return " (\(node.path), line \(node.line))"
        case .feature(let f): return " (feature \(f.index))"
        default: return ""
        }
    }

    private func checkFunctions() throws {
        func check(_ map: TermMap, _ tm: TriplesMap) throws {
            do {
                if case .function(let f) = map.expression { try functions.check(f) }
                if let c = map.condition { try functions.check(c) }
                if case .map(let m)? = map.language { try check(m, tm) }
                if case .map(let m)? = map.datatype { try check(m, tm) }
            } catch let error as MappingError {
                throw error.located(triplesMap: tm.name, property: map.node)
            }
        }
        for tm in document.triplesMaps {
            try check(tm.subjectMap, tm)
            for pom in tm.predicateObjectMaps {
                for p in pom.predicateMaps { try check(p, tm) }
                for g in pom.graphMaps { try check(g, tm) }
                for case .term(let o) in pom.objectMaps { try check(o, tm) }
            }
            for g in tm.subjectGraphMaps { try check(g, tm) }
        }
    }

    /// Triples maps grouped by logical source (same identity = same records), in document order.
    func sourceGroups() -> [(source: Int, maps: [Int])] {
        var order: [String] = []
        var groups: [String: (source: Int, maps: [Int])] = [:]
        for (i, tm) in document.triplesMaps.enumerated() {
            let identity = document.sources[tm.source].identity
            if groups[identity] == nil {
                order.append(identity)
                groups[identity] = (tm.source, [])
            }
            groups[identity]!.maps.append(i)
        }
        return order.map { groups[$0]! }
    }

    /// Opens a logical source for reading.
    func openSource(_ index: Int) throws -> any RecordSource {
        let source = document.sources[index]
        do {
            switch source.kind {
            case .file(let file):
                switch source.formulation {
                case .csv:
                    return try CSVRecordSource(source, file: file, dialect: document.dialect, chunkBytes: options.chunkBytes)
                case .jsonPath:
                    return try TreeRecordSource.json(source, file: file, batchSize: options.batchRecords)
                case .xpath:
                    return try TreeRecordSource.xml(source, file: file, batchSize: options.batchRecords)
                case .geoJSON:
                    return try GeoJSONRecordSource(source, file: file, batchSize: options.batchRecords)
                case .shapefile:
                    return try ShapefileRecordSource(source, file: file, batchSize: options.batchRecords)
                case .view:
                    throw MappingError(.invalidMapping, "a file source cannot use the logical-view formulation")
                }
            case .view:
                return try ViewRecordSource(engine: self, view: index)
            }
        } catch let error as MappingError {
            throw error.located(property: "rml:logicalSource \(source.node)")
        }
    }
}

extension ReferenceFormulation {
    /// Whether a reference that matches nothing anywhere in the source is an error
    /// (JSON and XML: a misspelt key or element name would otherwise go unnoticed).
    var tracksMatches: Bool {
        switch self {
        case .jsonPath, .xpath, .geoJSON: return true
        default: return false
        }
    }
}

/// Records which references matched something in at least one record (the first 256
/// distinct references of a source; the check is a diagnostic, not a guarantee).
final class MatchTracker: Sendable {
    private let references: [Reference]
    private let word0 = Atomic<UInt64>(0)
    private let word1 = Atomic<UInt64>(0)
    private let word2 = Atomic<UInt64>(0)
    private let word3 = Atomic<UInt64>(0)
    private let slot: [Int: Int]

    init(references: [Reference], enabled: Bool) {
        var unique: [Reference] = []
        var seen: Set<Int> = []
        if enabled {
            for r in references where seen.insert(r.id).inserted && unique.count < 256 { unique.append(r) }
        }
        self.references = unique
        var slot: [Int: Int] = [:]
        for (i, r) in unique.enumerated() { slot[r.id] = i }
        self.slot = slot
    }

    var isEnabled: Bool { !references.isEmpty }

    private func word(_ i: Int) -> UInt64 {
        switch i >> 6 {
        case 0: return word0.load(ordering: .relaxed)
        case 1: return word1.load(ordering: .relaxed)
        case 2: return word2.load(ordering: .relaxed)
        default: return word3.load(ordering: .relaxed)
        }
    }

    @inline(__always)
    func matched(_ reference: Reference) {
        guard let i = slot[reference.id] else { return }
        let bit = UInt64(1) << UInt64(i & 63)
        guard word(i) & bit == 0 else { return }
        switch i >> 6 {
        case 0: word0.bitwiseOr(bit, ordering: .relaxed)
        case 1: word1.bitwiseOr(bit, ordering: .relaxed)
        case 2: word2.bitwiseOr(bit, ordering: .relaxed)
        default: word3.bitwiseOr(bit, ordering: .relaxed)
        }
    }

    var unmatched: [Reference] {
        references.indices.filter { word($0) & (UInt64(1) << UInt64($0 & 63)) == 0 }.map { references[$0] }
    }
}

/// Values built once and shared between threads (join indexes of gather maps).
final class IndexCache: Sendable {
    private let entries = Mutex<[String: JoinIndex]>([:])

    func value(for key: String, build: () throws -> JoinIndex) throws -> JoinIndex {
        if let cached = entries.withLock({ $0[key] }) { return cached }
        let built = try build()
        entries.withLock { $0[key] = built }
        return built
    }
}
