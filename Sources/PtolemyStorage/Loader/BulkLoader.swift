import Foundation
import Dispatch
import Synchronization
import Foundation
import PtolemyRDF
import PtolemyRDFIO
import PtolemyCompression

/// Loads RDF into a store in bulk, atomically, in bounded memory.
///
/// The pipeline (QLever's index builder and RDF-3X are the models):
/// 1. **Parse** the inputs into batches. Each batch numbers its terms locally in a
///    ``TermTable``; inline literals get their final IDs at once. A full batch is
///    written out as a sorted vocabulary run and a file of local quads, on a second
///    thread while parsing goes on.
/// 2. **Dictionary**: merge the sorted vocabulary runs; each distinct new key gets the
///    next sequence number (keys already in the store keep theirs) and goes to a new
///    dictionary segment; per batch, a mapping from local numbers to IDs is written.
/// 3. **Sort**: each batch is translated to IDs, bucketed by partition and sorted in
///    subject order and in object order, giving two sorted runs per batch.
/// 4. **Merge**: per partition, the runs and the partition's existing rows are merged
///    into a new partition file (duplicates dropped, statistics computed on the way).
/// 5. **Commit**: a new manifest naming the new files replaces the old one atomically.
///
/// Memory is bounded by the batch size: nothing holds all quads or all terms. Any error
/// leaves the store as it was: new files are only reachable through the new manifest.
public final class BulkLoader {
    public struct Options: Sendable {
        /// Quads per batch (each batch costs about 100 bytes per quad while it is built).
        public var batchQuads: Int = 4_000_000
        /// Flush a batch early when its term bytes exceed this.
        public var batchTermBytes: Int = 512 << 20
        /// Where temporary files go; the store directory when nil.
        public var temporaryDirectory: String?

        public init() {}
    }

    let store: Store
    let options: Options

    public init(store: Store, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Loads `sources` into the store, adding to what it holds.
    /// - Parameter progress: called every few hundred thousand statements and at each phase.
    /// - Throws: the first parse or storage error; the store is then unchanged.
    public func load(_ sources: [LoadSource], progress: ((LoadProgress) -> Void)? = nil) throws -> LoadReport {
        guard store.mode != .readOnly else { throw StorageError.refused("the store is open read-only") }
        if store.mode == .memory { return try loadInMemory(sources, progress: progress) }
        return try store.writeLock.withLock { _ in
            let job = try LoadJob(store: store, options: options, sources: sources, progress: progress)
            defer { job.cleanUp() }
            return try job.run()
        }
    }
}

extension BulkLoader {
    /// A store in memory has no files: its quads go to the delta through one transaction.
    func loadInMemory(_ sources: [LoadSource], progress: ((LoadProgress) -> Void)?) throws -> LoadReport {
        let before = store.snapshot.quadCount
        var statements = 0
        let started = Date()
        try store.write { tx in
            for (index, source) in sources.enumerated() {
                // Blank nodes are scoped per input, as in a file load.
                try source.parse { quad in
                    func scoped(_ t: Term) -> Term { if case .blank(let l) = t { return .blank("\(index).\(l)") }; return t }
                    try tx.insert(Quad(scoped(quad.subject), quad.predicate, scoped(quad.object), graph: quad.graph.map(scoped)))
                    statements += 1
                }
            }
        }
        let after = store.snapshot.quadCount
        return LoadReport(statementsRead: statements, quadsBefore: before, quadsAfter: after, newTerms: 0,
                          partitionsWritten: 0, geometriesIndexed: 0, invalidGeometries: 0, geometryErrors: [],
                          seconds: Date().timeIntervalSince(started))
    }
}

/// One run of the bulk loader; owns its temporary files.
final class LoadJob {
    struct Batch {
        var index: Int
        var termCount: Int
        var quadCount: Int
        var vocabPath: String
        var quadsPath: String
        var mappingPath: String
        var subjectRunPath: String
        var objectRunPath: String
    }

    static let localTag: UInt64 = 0xF << 60

    let store: Store
    let snapshot: StoreSnapshot
    let options: BulkLoader.Options
    let sources: [LoadSource]
    let progress: ((LoadProgress) -> Void)?
    let temporary: String
    let generation: UInt64
    let started = Date()
    var batches: [Batch] = []
    var newFiles: [String] = []
    var statements = 0
    var nextFileNumber: UInt32

    init(store: Store, options: BulkLoader.Options, sources: [LoadSource], progress: ((LoadProgress) -> Void)?) throws {
        self.store = store
        self.snapshot = store.snapshot
        self.options = options
        self.sources = sources
        self.progress = progress
        generation = snapshot.manifest.generation + 1
        nextFileNumber = snapshot.manifest.nextFileNumber
        temporary = (options.temporaryDirectory ?? store.directory) + "/load-\(generation)-\(getpid())"
        do { try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true) } catch {
            throw StorageError.io(path: temporary, message: "cannot create: \(error)")
        }
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: temporary)
    }

    /// Removes the store files this job wrote (when it fails before committing).
    func abandonNewFiles() {
        for path in newFiles { try? FileManager.default.removeItem(atPath: path) }
    }

    func allocateFileNumber() -> UInt32 {
        defer { nextFileNumber += 1 }
        return nextFileNumber
    }

    func report(_ phase: LoadProgress.Phase) {
        guard let progress else { return }
        let read = sources.reduce(0) { $0 + $1.counter.count }
        let sizes = sources.compactMap(\.size)
        let total = sizes.count == sources.count ? sizes.reduce(0, +) : nil
        progress(LoadProgress(phase: phase, statements: statements, bytesRead: read, totalBytes: total,
                              elapsed: Date().timeIntervalSince(started)))
    }

    func run() throws -> LoadReport {
        do {
            try parseAll()
            report(.dictionary)
            let dictionary = try buildDictionary()
            report(.sorting)
            let graphs = try sortBatches(rdfType: dictionary.rdfType)
            report(.writing)
            let partitions = try mergePartitions()
            report(.committing)
            var manifest = snapshot.manifest
            manifest.generation = generation
            manifest.nextSeq = dictionary.nextSeq
            manifest.dictionary.append(contentsOf: dictionary.entries)
            if let geometry = dictionary.geometry { manifest.geometries.append(geometry) }
            let replaced = partitions.rewritten
            manifest.partitions.removeAll { replaced.contains(PartitionKey(predicate: TermID(rawValue: $0.predicate), typeClass: TermID(rawValue: $0.typeClass))) }
            manifest.partitions.append(contentsOf: partitions.files)
            manifest.partitions.sort { ($0.predicate, $0.typeClass) < ($1.predicate, $1.typeClass) }
            manifest.graphs = Array(Set(snapshot.graphs.map(\.rawValue)).union(graphs)).sorted()
            // The delta is now in the files: a fresh, empty log follows this manifest.
            manifest.walNumber = allocateFileNumber()
            manifest.nextFileNumber = nextFileNumber
            try Durable.syncDirectory(store.directory)
            try manifest.write(directory: store.directory)
            let oldNames = snapshot.manifest.fileNames.subtracting(manifest.fileNames)
            try store.install(manifest)
            for name in oldNames { try? FileManager.default.removeItem(atPath: store.directory + "/" + name) }
            let after = store.snapshot
            return LoadReport(statementsRead: statements, quadsBefore: snapshot.quadCount, quadsAfter: after.quadCount,
                              newTerms: dictionary.entries.reduce(0) { $0 + $1.count }, partitionsWritten: partitions.files.count,
                              geometriesIndexed: Int(dictionary.geometry?.geometries ?? 0),
                              invalidGeometries: Int(dictionary.geometry?.invalid ?? 0), geometryErrors: dictionary.geometryErrors,
                              seconds: Date().timeIntervalSince(started))
        } catch {
            abandonNewFiles()
            throw error
        }
    }

    // MARK: - 1. parse into batches

    private func parseAll() throws {
        var table = TermTable(capacity: min(options.batchQuads, 1 << 20))
        var quads: [UInt64] = []
        quads.reserveCapacity(min(options.batchQuads, 1 << 20) * 4)
        var key: [UInt8] = []
        key.reserveCapacity(256)
        // Batches are written on a second thread while parsing continues; at most one
        // batch is in flight, which bounds memory at two batches.
        let writer = DispatchQueue(label: "ptolemy.load.batch-writer")
        let inFlight = DispatchSemaphore(value: 1)
        let failure = LockedError()
        var batchIndex = 0

        func flush() throws {
            guard !quads.isEmpty else { return }
            if let error = failure.error { throw error }
            let batchTable = table
            let batchQuads = quads
            let index = batchIndex
            batchIndex += 1
            table = TermTable(capacity: min(options.batchQuads, 1 << 20))
            quads = []
            quads.reserveCapacity(min(options.batchQuads, 1 << 20) * 4)
            inFlight.wait()
            let batch = Batch(index: index, termCount: batchTable.count, quadCount: batchQuads.count / 4,
                              vocabPath: temporary + "/vocab-\(index)", quadsPath: temporary + "/quads-\(index)",
                              mappingPath: temporary + "/map-\(index)", subjectRunPath: temporary + "/so-\(index)",
                              objectRunPath: temporary + "/os-\(index)")
            batches.append(batch)
            writer.async {
                defer { inFlight.signal() }
                do { try LoadJob.writeBatch(batch, table: batchTable, quads: batchQuads) } catch { failure.set(error) }
            }
        }

        // Whatever happens, the batch writer must be idle before the temporary files go.
        defer { writer.sync {} }
        for (fileIndex, source) in sources.enumerated() {
            let scope = "\(generation).\(fileIndex)."
            if let raw = source.parseRaw {
                let scopeBytes = Array(scope.utf8)
                try raw { st in
                    guard st.subject.kind != .literal, st.predicate.kind == .iri, st.graph?.kind != .literal else {
                        throw StorageError.refused("\(source.name):\(st.line): not a valid RDF statement")
                    }
                    quads.append(LoadJob.slot(st.subject, table: &table, key: &key, scope: scopeBytes))
                    quads.append(LoadJob.slot(st.predicate, table: &table, key: &key, scope: scopeBytes))
                    quads.append(LoadJob.slot(st.object, table: &table, key: &key, scope: scopeBytes))
                    quads.append(st.graph.map { LoadJob.slot($0, table: &table, key: &key, scope: scopeBytes) } ?? 0)
                    statements += 1
                    if statements & 0x3FFFF == 0 { report(.parsing) }
                    if quads.count >= options.batchQuads * 4 || table.arenaBytes >= options.batchTermBytes { try flush() }
                }
                continue
            }
            try source.parse { quad in
                guard quad.isValidRDF else {
                    throw StorageError.refused("\(source.name): not a valid RDF statement: \(quad)")
                }
                quads.append(LoadJob.slot(quad.subject, table: &table, key: &key, scope: scope))
                quads.append(LoadJob.slot(quad.predicate, table: &table, key: &key, scope: scope))
                quads.append(LoadJob.slot(quad.object, table: &table, key: &key, scope: scope))
                quads.append(quad.graph.map { LoadJob.slot($0, table: &table, key: &key, scope: scope) } ?? 0)
                statements += 1
                if statements & 0x3FFFF == 0 { report(.parsing) }
                if quads.count >= options.batchQuads * 4 || table.arenaBytes >= options.batchTermBytes { try flush() }
            }
        }
        try flush()
        writer.sync {}
        if let error = failure.error { throw error }
        report(.parsing)
    }

    /// The slot of a term in a batch: its inline ID, or its local number tagged 0xF.
    @inline(__always)
    static func slot(_ term: Term, table: inout TermTable, key: inout [UInt8], scope: String) -> UInt64 {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline.rawValue }
        key.removeAll(keepingCapacity: true)
        if case .blank(let label) = term {
            // Blank nodes are scoped to one input of one load (RDF merge semantics).
            key.append(TermID.Tag.blank.rawValue)
            key.append(contentsOf: scope.utf8)
            key.append(contentsOf: label.utf8)
        } else {
            TermKey.encode(term, into: &key)
        }
        let n = key.withUnsafeBytes { table.number(for: $0) }
        return localTag | UInt64(n)
    }

    /// The slot of a raw term: the same keys as ``slot(_:table:key:scope:)``, built from bytes.
    @inline(__always)
    static func slot(_ term: RawTerm, table: inout TermTable, key: inout [UInt8], scope: [UInt8]) -> UInt64 {
        key.removeAll(keepingCapacity: true)
        switch term.kind {
        case .iri:
            key.append(TermID.Tag.iri.rawValue)
            key.append(contentsOf: term.value)
        case .blank:
            key.append(TermID.Tag.blank.rawValue)
            key.append(contentsOf: scope)
            key.append(contentsOf: term.value)
        case .literal:
            if term.language.count > 0 {
                key.append(TermID.Tag.langLiteral.rawValue)
                // Language tags compare case-insensitively: keys use lower case.
                for b in term.language { key.append(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
                key.append(0)
            } else {
                if let inline = InlineTerms.encode(lexical: term.value, datatype: term.datatype) { return inline.rawValue }
                if term.datatype.count > 0 {
                    key.append(TermID.Tag.typedLiteral.rawValue)
                    key.append(contentsOf: term.datatype)
                    key.append(0)
                } else {
                    key.append(TermID.Tag.stringLiteral.rawValue)
                }
            }
            key.append(contentsOf: term.value)
        }
        let n = key.withUnsafeBytes { table.number(for: $0) }
        return localTag | UInt64(n)
    }

    /// Writes a batch: its vocabulary sorted by key (key, local number) and its quads.
    static func writeBatch(_ batch: Batch, table: TermTable, quads: [UInt64]) throws {
        let vocab = try TempWriter(path: batch.vocabPath)
        for n in table.sortedNumbers() {
            let key = table.key(Int(n))
            try vocab.u32(UInt32(key.count))
            try key.withUnsafeBytes { try vocab.bytes($0) }
            try vocab.u32(n)
        }
        try vocab.flush()
        let out = try TempWriter(path: batch.quadsPath)
        try quads.withUnsafeBufferPointer { try out.u64s($0) }
        try out.flush()
    }

    // MARK: - 2. dictionary

    struct DictionaryResult {
        var entries: [Manifest.DictionaryFile]
        var nextSeq: UInt64
        var rdfType: TermID?
        var geometry: Manifest.GeometryFile?
        var geometryErrors: [String]
    }

    /// Writes the delta's terms (numbered in arrival order) as a renumbered segment.
    private func writeDeltaTerms(geometry: GeometryIndexBuilder) throws -> Manifest.DictionaryFile? {
        let terms = snapshot.delta.terms
        guard !terms.keys.isEmpty else { return nil }
        let number = allocateFileNumber()
        let path = store.directory + "/" + Manifest.dictionaryName(number)
        let writer = try DictionarySegmentWriter(path: path, baseSeq: terms.baseSeq)
        newFiles.append(path)
        let order = terms.keys.indices.sorted { terms.keys[$0].lexicographicallyPrecedes(terms.keys[$1]) }
        for i in order {
            try terms.keys[i].withUnsafeBytes { try writer.append($0, seq: terms.baseSeq + UInt64(i)) }
        }
        // Geometry literals in ID order (the delta numbered them in arrival order).
        for (i, key) in terms.keys.enumerated() {
            let tag = TermID.Tag(rawValue: key[0]) ?? .typedLiteral
            try key.withUnsafeBytes { try geometry.offer(id: TermID(tag: tag, payload: terms.baseSeq + UInt64(i)).rawValue, key: $0) }
        }
        let size = try writer.finish()
        return Manifest.DictionaryFile(number: number, size: size, baseSeq: terms.baseSeq, count: writer.keyCount)
    }

    private func buildDictionary() throws -> DictionaryResult {
        var entries: [Manifest.DictionaryFile] = []
        let geometryNumber = allocateFileNumber()
        let geometryPath = store.directory + "/" + Manifest.geometryName(geometryNumber)
        let geometry = try GeometryIndexBuilder(path: geometryPath)
        newFiles.append(geometryPath)
        if let deltaEntry = try writeDeltaTerms(geometry: geometry) { entries.append(deltaEntry) }
        let baseSeq = snapshot.delta.terms.nextSeq
        let readers = try batches.map { try VocabularyRunReader(path: $0.vocabPath) }
        let mappings = try batches.map { try TempWriter(path: $0.mappingPath) }
        var heap = MergeHeap<VocabularyRunReader>()
        for (i, r) in readers.enumerated() where try r.advance() { heap.push(i, r) }
        let number = allocateFileNumber()
        let path = store.directory + "/" + Manifest.dictionaryName(number)
        let writer = try DictionarySegmentWriter(path: path, baseSeq: baseSeq)
        newFiles.append(path)
        let existing = snapshot.dictionary
        let deltaTerms = snapshot.delta.terms
        let hasExisting = !existing.segments.isEmpty || !deltaTerms.keys.isEmpty
        let typeKey = TermKey.encode(.iri(RDFVocabulary.type))
        var rdfType = snapshot.rdfType
        var previous: [UInt8] = []
        var previousID: UInt64 = 0
        var first = true
        while let i = heap.popMin(readers) {
            let r = readers[i]
            if first || r.key != previous {
                first = false
                previous = r.key
                let tag = TermKey.tag(of: r.key.withUnsafeBytes { $0 })
                if hasExisting, let id = try existing.id(forKey: r.key) ?? deltaTerms.id(forKey: r.key) {
                    previousID = id.rawValue
                } else {
                    let seq = try r.key.withUnsafeBytes { try writer.append($0) }
                    previousID = TermID(tag: tag, payload: seq).rawValue
                    try r.key.withUnsafeBytes { try geometry.offer(id: previousID, key: $0) }
                }
                if r.key == typeKey { rdfType = TermID(rawValue: previousID) }
            }
            try mappings[i].u32(r.local)
            try mappings[i].u64(previousID)
            if try r.advance() { heap.push(i, r) }
        }
        for m in mappings { try m.flush() }
        for b in batches { try? FileManager.default.removeItem(atPath: b.vocabPath) }
        var geometryFile: Manifest.GeometryFile?
        if let (size, count, invalid) = try geometry.finish() {
            geometryFile = Manifest.GeometryFile(number: geometryNumber, size: size, geometries: UInt64(count), invalid: UInt64(invalid))
        }
        if writer.keyCount == 0 {
            writer.abandon()
            return DictionaryResult(entries: entries, nextSeq: baseSeq, rdfType: rdfType, geometry: geometryFile,
                                    geometryErrors: geometry.errors)
        }
        let size = try writer.finish()
        entries.append(Manifest.DictionaryFile(number: number, size: size, baseSeq: baseSeq, count: writer.keyCount))
        return DictionaryResult(entries: entries, nextSeq: writer.nextSeq, rdfType: rdfType, geometry: geometryFile,
                                geometryErrors: geometry.errors)
    }

    // MARK: - 3. translate and sort each batch

    /// Returns the named graphs seen.
    private func sortBatches(rdfType: TermID?) throws -> Set<UInt64> {
        let graphs = Mutex(Set<UInt64>())
        let failure = LockedError()
        let batches = self.batches
        // Batches are independent: sort several at a time, one per core.
        DispatchQueue.concurrentPerform(iterations: batches.count) { i in
            guard failure.error == nil else { return }
            do {
                let seen = try LoadJob.sortBatch(batches[i], rdfType: rdfType)
                graphs.withLock { $0.formUnion(seen) }
            } catch {
                failure.set(error)
            }
        }
        if let error = failure.error { throw error }
        return graphs.withLock { $0 }
    }

    static func sortBatch(_ batch: Batch, rdfType: TermID?) throws -> Set<UInt64> {
        var mapping = [UInt64](repeating: 0, count: batch.termCount)
        let mapReader = try TempReader(path: batch.mappingPath)
        while let local = try mapReader.u32() {
            guard let id = try mapReader.u64(), Int(local) < mapping.count else {
                throw StorageError.corruption(file: batch.mappingPath, message: "bad mapping record")
            }
            mapping[Int(local)] = id
        }
        let quadReader = try TempReader(path: batch.quadsPath)
        var buckets: [PartitionKey: [Row]] = [:]
        var graphs = Set<UInt64>()
        @inline(__always) func resolve(_ slot: UInt64) -> UInt64 {
            slot >> 60 == 0xF ? mapping[Int(slot & 0xFFFF_FFFF)] : slot
        }
        while let s = try quadReader.u64() {
            guard let p = try quadReader.u64(), let o = try quadReader.u64(), let g = try quadReader.u64() else {
                throw StorageError.corruption(file: batch.quadsPath, message: "truncated quad")
            }
            let subject = resolve(s), predicate = resolve(p), object = resolve(o), graph = resolve(g)
            if graph != 0 { graphs.insert(graph) }
            let key = predicate == rdfType?.rawValue
                ? PartitionKey(predicate: TermID(rawValue: predicate), typeClass: TermID(rawValue: object))
                : PartitionKey(predicate: TermID(rawValue: predicate))
            buckets[key, default: []].append(Row(a: subject, b: object, g: graph))
        }
        try? FileManager.default.removeItem(atPath: batch.quadsPath)
        try? FileManager.default.removeItem(atPath: batch.mappingPath)
        let keys = buckets.keys.sorted()
        let so = try TempWriter(path: batch.subjectRunPath)
        let os = try TempWriter(path: batch.objectRunPath)
        for key in keys {
            var rows = buckets[key]!
            buckets[key] = nil
            rows.sort()
            try writeSection(key: key, rows: rows, to: so)
            if !key.isClassPartition {
                for i in rows.indices { rows[i] = Row(a: rows[i].b, b: rows[i].a, g: rows[i].g) }
                rows.sort()
                try writeSection(key: key, rows: rows, to: os)
            }
        }
        try so.flush()
        try os.flush()
        return graphs
    }

    static func writeSection(key: PartitionKey, rows: [Row], to w: TempWriter) throws {
        try w.u64(key.predicate.rawValue)
        try w.u64(key.typeClass.rawValue)
        try w.u64(UInt64(rows.count))
        try rows.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: UInt64.self) { try w.u64s($0) }
        }
    }

    // MARK: - 4. merge into partitions

    struct MergeResult {
        /// New partition files.
        var files: [Manifest.PartitionFile] = []
        /// Keys whose old file (if any) is replaced or, when emptied, dropped.
        var rewritten: Set<PartitionKey> = []
    }

    /// Rewrites every partition that the load's runs or the delta touch.
    private func mergePartitions() throws -> MergeResult {
        let subjectRuns = try batches.map { try SortedRunReader(path: $0.subjectRunPath) }
        let objectRuns = try batches.map { try SortedRunReader(path: $0.objectRunPath) }
        var deltaKeys = snapshot.delta.partitions.keys.sorted()[...]
        var result = MergeResult()
        while true {
            // The next partition is the smallest key any run, or the delta, is at.
            let runKey = subjectRuns.compactMap({ $0.currentKey }).min()
            let key: PartitionKey
            switch (runKey, deltaKeys.first) {
            case (nil, nil): return result
            case (let r?, nil): key = r
            case (nil, let d?): key = d
            case (let r?, let d?): key = min(r, d)
            }
            if deltaKeys.first == key { deltaKeys.removeFirst() }
            result.rewritten.insert(key)
            let number = allocateFileNumber()
            let path = store.directory + "/" + Manifest.partitionName(number)
            let writer = try PartitionWriter(path: path, key: key)
            newFiles.append(path)
            let hasExisting = snapshot.segments[key] != nil || snapshot.delta.partitions[key] != nil
            try writer.begin(.subjectObject)
            try mergeRows(runs: subjectRuns.filter { $0.currentKey == key }, key: key, hasExisting: hasExisting,
                          order: .subjectObject, into: writer)
            if !key.isClassPartition {
                try writer.begin(.objectSubject)
                try mergeRows(runs: objectRuns.filter { $0.currentKey == key }, key: key, hasExisting: hasExisting,
                              order: .objectSubject, into: writer)
            }
            let (size, statistics) = try writer.finish()
            if statistics.rows == 0 {
                // Every row was deleted: the partition disappears.
                try? FileManager.default.removeItem(atPath: path)
                newFiles.removeLast()
                continue
            }
            result.files.append(Manifest.PartitionFile(number: number, size: size, predicate: key.predicate.rawValue,
                                                       typeClass: key.typeClass.rawValue, rows: statistics.rows))
            if result.files.count % 16 == 0 { report(.writing) }
        }
    }

    private func mergeRows(runs: [SortedRunReader], key: PartitionKey, hasExisting: Bool, order: SortOrder,
                           into writer: PartitionWriter) throws {
        var streams: [any RowStream] = runs.map { SectionStream(run: $0) }
        // The partition as the snapshot sees it: its file minus deletions plus additions.
        if hasExisting { streams.append(ScannerStream(scanner: snapshot.scan(key, order))) }
        if streams.count == 1 {
            var stream = streams[0]
            while let row = try stream.next() { try writer.append(a: row.a, b: row.b, g: row.g) }
        } else if !streams.isEmpty {
            var heap = RowMergeHeap(streams: streams)
            while let row = try heap.next() { try writer.append(a: row.a, b: row.b, g: row.g) }
        }
        for run in runs { try run.finishSection() }
    }
}

/// A row of a partition in one sort order: `a` is the sort column.
struct Row: Comparable {
    var a: UInt64, b: UInt64, g: UInt64

    @inline(__always)
    static func < (l: Row, r: Row) -> Bool {
        if l.a != r.a { return l.a < r.a }
        if l.b != r.b { return l.b < r.b }
        return l.g < r.g
    }
}

/// An error slot shared between threads.
final class LockedError: @unchecked Sendable {
    // Invariant: `stored` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: (any Error)?

    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return stored }

    func set(_ error: any Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }
}
