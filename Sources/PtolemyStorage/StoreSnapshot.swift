import Synchronization
import PtolemyRDF

/// A consistent, immutable view of the store: the files of one manifest generation and
/// the delta committed on top of them when the view was taken. What a query reads.
public final class StoreSnapshot: Sendable {
    public let directory: String
    public let manifest: Manifest
    public let dictionary: TermDictionary
    /// Partition files by key.
    public let segments: [PartitionKey: PartitionSegment]
    /// Changes not yet folded into files.
    public let delta: StoreDelta
    /// Every non-empty partition (files and delta), by predicate; sorted.
    public let keysByPredicate: [TermID: [PartitionKey]]
    /// The ID of `rdf:type`, when the store holds it.
    public let rdfType: TermID?
    /// Parsed and indexed geometry literals, one segment per load.
    public let geometrySegments: [GeometrySegment]
    /// Structures derived from this snapshot on demand (per-class spatial indexes):
    /// valid exactly as long as the snapshot, so never stale.
    public let derived = DerivedCache()

    init(directory: String, manifest: Manifest, previous: StoreSnapshot?, delta: StoreDelta?,
         chunkCache: BlockCache<ColumnChunk>, keyCache: BlockCache<DecodedKeyBlock>,
         geometryCache: BlockCache<[StoredGeometry]>, pinBudget: PinBudget?) throws {
        self.directory = directory
        self.manifest = manifest
        var reusedDictionary: [UInt32: DictionarySegment] = [:]
        for s in previous?.dictionary.segments ?? [] { reusedDictionary[s.fileNumber] = s }
        var dictionarySegments: [DictionarySegment] = []
        for f in manifest.dictionary {
            if let s = reusedDictionary[f.number] { dictionarySegments.append(s); continue }
            let segment = try DictionarySegment(path: directory + "/" + Manifest.dictionaryName(f.number), fileNumber: f.number,
                                                expectedSize: f.size, cache: keyCache)
            guard segment.baseSeq == f.baseSeq, segment.count == f.count else {
                throw StorageError.corruption(file: segment.path, message: "dictionary range differs from the manifest's")
            }
            dictionarySegments.append(segment)
        }
        dictionary = TermDictionary(segments: dictionarySegments)
        var reusedPartitions: [UInt32: PartitionSegment] = [:]
        for s in previous?.segments.values.map({ $0 }) ?? [] { reusedPartitions[s.fileNumber] = s }
        var segments: [PartitionKey: PartitionSegment] = [:]
        for f in manifest.partitions {
            let segment: PartitionSegment
            if let s = reusedPartitions[f.number] {
                segment = s
            } else {
                segment = try PartitionSegment(path: directory + "/" + Manifest.partitionName(f.number), fileNumber: f.number,
                                               expectedSize: f.size, cache: chunkCache, pinBudget: pinBudget)
            }
            guard segment.key.predicate.rawValue == f.predicate, segment.key.typeClass.rawValue == f.typeClass,
                  segment.statistics.rows == f.rows else {
                throw StorageError.corruption(file: segment.path, message: "partition differs from what the manifest says")
            }
            segments[segment.key] = segment
        }
        self.segments = segments
        var reusedGeometry: [UInt32: GeometrySegment] = [:]
        for g in previous?.geometrySegments ?? [] { reusedGeometry[g.fileNumber] = g }
        geometrySegments = try manifest.geometries.map { f in
            if let g = reusedGeometry[f.number] { return g }
            let g = try GeometrySegment(path: directory + "/" + Manifest.geometryName(f.number), fileNumber: f.number,
                                        expectedSize: f.size, cache: geometryCache)
            guard g.count == Int(f.geometries), g.invalid.count == Int(f.invalid) else {
                throw StorageError.corruption(file: g.path, message: "geometry counts differ from the manifest's")
            }
            return g
        }
        let delta = delta ?? StoreDelta(baseSeq: manifest.nextSeq)
        self.delta = delta
        keysByPredicate = StoreSnapshot.index(segments: segments, delta: delta)
        let typeKey = TermKey.encode(.iri(RDFVocabulary.type))
        rdfType = try dictionary.id(forKey: typeKey) ?? delta.terms.id(forKey: typeKey)
    }

    /// The same files with another delta.
    init(_ base: StoreSnapshot, delta: StoreDelta) {
        directory = base.directory
        manifest = base.manifest
        dictionary = base.dictionary
        segments = base.segments
        geometrySegments = base.geometrySegments
        self.delta = delta
        keysByPredicate = StoreSnapshot.index(segments: segments, delta: delta)
        let typeKey = TermKey.encode(.iri(RDFVocabulary.type))
        rdfType = base.rdfType ?? delta.terms.id(forKey: typeKey)
    }

    static func index(segments: [PartitionKey: PartitionSegment], delta: StoreDelta) -> [TermID: [PartitionKey]] {
        var keys = Set(segments.keys)
        for (key, d) in delta.partitions {
            let segmentRows = segments[key]?.statistics.rows ?? 0
            if segmentRows + UInt64(d.addedSO.count) > UInt64(d.deletedSO.count) { keys.insert(key) } else { keys.remove(key) }
        }
        var result: [TermID: [PartitionKey]] = [:]
        for key in keys.sorted() { result[key.predicate, default: []].append(key) }
        return result
    }

    // MARK: - terms

    /// The ID of a term: its inline encoding, or its dictionary number. `nil` when the store has never seen it.
    public func id(for term: Term) throws -> TermID? {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline }
        if case .blank(let label) = term {
            // Blank nodes the store hands out are labelled b<number>; others match nothing.
            guard label.hasPrefix("b"), let seq = UInt64(label.dropFirst()) else { return nil }
            let id = TermID(tag: .blank, payload: seq)
            return (try? self.term(for: id)) != nil ? id : nil
        }
        let key = TermKey.encode(term)
        return try dictionary.id(forKey: key) ?? delta.terms.id(forKey: key)
    }

    /// The term an ID stands for.
    public func term(for id: TermID) throws -> Term {
        if id.isInline, let literal = InlineTerms.decode(id) { return .literal(literal) }
        if id.tag == .blank, dictionary.segment(for: id.payload) != nil || delta.terms.key(for: id) != nil {
            // Stored labels are load-scoped; expose a stable label derived from the ID.
            return .blank("b\(id.payload)")
        }
        if let term = try dictionary.term(for: id) { return term }
        if let key = delta.terms.key(for: id), let term = TermKey.decode(key) { return term }
        throw StorageError.corruption(file: directory, message: "term ID \(id) is not in the dictionary")
    }

    /// The terms of many IDs at once (see ``TermDictionary/terms(for:)``); every entry
    /// is set (optional only so the caller can fill its own columns without a copy).
    public func terms(for ids: [TermID]) throws -> [Term?] {
        var terms = try dictionary.terms(for: ids)
        for i in terms.indices where terms[i] == nil { terms[i] = try term(for: ids[i]) }
        return terms
    }

    // MARK: - partitions

    /// Every non-empty partition key.
    public var partitionKeys: [PartitionKey] { keysByPredicate.keys.sorted().flatMap { keysByPredicate[$0]! } }

    /// The statistics of a partition, adjusted for its delta.
    public func statistics(_ key: PartitionKey) -> PartitionStatistics {
        var s = segments[key]?.statistics ?? PartitionStatistics()
        guard let d = delta.partition(key) else { return s }
        let added = UInt64(d.addedSO.count), deleted = UInt64(d.deletedSO.count)
        s.rows = s.rows + added - min(deleted, s.rows + added)
        // Distinct counts from the delta are bounded by its rows; assume they are new values.
        s.distinctSubjects = min(s.rows, s.distinctSubjects + added)
        s.distinctObjects = min(s.rows, s.distinctObjects + added)
        if s.distinctGraphs == 0 && s.rows > 0 { s.distinctGraphs = 1 }
        if s.maxSubjectFrequency == 0 { s.maxSubjectFrequency = min(s.rows, 1) }
        if s.maxObjectFrequency == 0 { s.maxObjectFrequency = min(s.rows, 1) }
        return s
    }

    /// A scan of one partition in one order, optionally restricted to a range of the sort column.
    public func scan(_ key: PartitionKey, _ order: SortOrder, a range: ClosedRange<UInt64>? = nil) -> PartitionScanner {
        PartitionScanner(segment: segments[key], delta: delta.partition(key), key: key, order: order, range: range)
    }

    /// Calls `body(b, g)` for every row of one partition whose sort column equals `a`:
    /// the point lookup of a bind join. Without a delta for the partition it reads the
    /// cached chunks in place (no copy); otherwise it goes through a merging scan.
    @inline(__always)
    public func forEachRow(_ key: PartitionKey, _ order: SortOrder, a: UInt64, _ body: (UInt64, UInt64) throws -> Void) throws {
        let stored = key.isClassPartition ? SortOrder.subjectObject : order
        if delta.partitions[key] != nil || (key.isClassPartition && order == .objectSubject) {
            var scanner = scan(key, order, a: a...a)
            while let chunk = try scanner.next() { for r in 0..<chunk.count { try body(chunk.b[r], chunk.g[r]) } }
            return
        }
        guard let segment = segments[key] else { return }
        if let decoded = try segment.decodedOrder(stored) {
            for r in decoded.range(of: a) { try body(decoded.b[r], decoded.g[r]) }
            return
        }
        for i in segment.chunkIndices(stored, a: a...a) {
            let chunk = try segment.chunk(stored, i)
            // First row with this value, then the run.
            var lo = 0, hi = chunk.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if chunk.a[mid] < a { lo = mid + 1 } else { hi = mid }
            }
            var r = lo
            while r < chunk.count && chunk.a[r] == a {
                try body(chunk.b[r], chunk.g[r])
                r += 1
            }
        }
    }

    /// A point lookup bound to one partition and order, resolved once: a bind join's probe
    /// calls it per value without looking the partition, its delta or its pinned columns up again.
    public func lookup(_ key: PartitionKey, _ order: SortOrder) throws -> PartitionLookup {
        let stored = key.isClassPartition ? SortOrder.subjectObject : order
        if delta.partitions[key] != nil || (key.isClassPartition && order == .objectSubject) {
            return PartitionLookup(snapshot: self, key: key, order: order, decoded: nil)
        }
        return PartitionLookup(snapshot: self, key: key, order: order, decoded: try segments[key]?.decodedOrder(stored))
    }

    /// Total number of stored quads.
    public var quadCount: UInt64 { partitionKeys.reduce(0) { $0 + statistics($1).rows } }

    /// The named graphs (IDs) that exist: created ones and those holding quads.
    public var graphs: [TermID] {
        var set = Set(manifest.graphs).union(delta.graphsCreated).subtracting(delta.graphsDropped)
        for d in delta.partitions.values { for r in d.addedSO where r.g != 0 { set.insert(r.g) } }
        return set.sorted().map(TermID.init(rawValue:))
    }

    /// Calls `body` with every quad (subject, predicate, object, graph), partition by partition.
    public func forEachQuad(_ body: (TermID, TermID, TermID, TermID) throws -> Void) throws {
        for key in partitionKeys {
            var scanner = scan(key, .subjectObject)
            while let chunk = try scanner.next() {
                for r in 0..<chunk.count {
                    try body(TermID(rawValue: chunk.a[r]), key.predicate, TermID(rawValue: chunk.b[r]), TermID(rawValue: chunk.g[r]))
                }
            }
        }
    }

    /// Reads every file completely and checks every checksum.
    public func verify() throws {
        for segment in segments.values { try segment.verify() }
        for segment in dictionary.segments { try segment.reader.verifyAll(blocks: segment.blockRefs) }
        for segment in geometrySegments { try segment.verify() }
    }

    /// Geometry literals that updates added and no load or compaction has indexed yet:
    /// spatial access paths check them one by one.
    public var deltaGeometryLiterals: [TermID] {
        var out: [TermID] = []
        for (i, key) in delta.terms.keys.enumerated() {
            let isGeometry = key.withUnsafeBytes { GeometryIndexBuilder.format(ofKey: $0) != nil }
            if isGeometry { out.append(TermID(tag: .typedLiteral, payload: delta.terms.baseSeq + UInt64(i))) }
        }
        return out
    }

    /// The stored geometries of many literals at once (`ids` ascending): one ordered pass
    /// over each geometry segment instead of a search per literal.
    public func storedGeometries(_ ids: [TermID]) throws -> [StoredGeometry?] {
        var out = [StoredGeometry?](repeating: nil, count: ids.count)
        try visitStoredGeometries(ids) { i, g in out[i] = copy g }
        return out
    }

    /// Calls `body(i, geometry)` for each of `ids` (ascending) that a load parsed, read in
    /// place (see ``GeometrySegment/visit(_:found:_:)``).
    public func visitStoredGeometries(_ ids: [TermID], _ body: (Int, borrowing StoredGeometry) throws -> Void) throws {
        var found = [Bool](repeating: false, count: ids.count)
        for segment in geometrySegments.reversed() { try segment.visit(ids, found: &found, body) }
    }

    /// The stored geometry of a geometry literal, when a load parsed it.
    public func storedGeometry(_ id: TermID) throws -> StoredGeometry? {
        for segment in geometrySegments.reversed() {
            if let g = try segment.geometry(id) { return g }
        }
        return nil
    }
}

/// See ``StoreSnapshot/lookup(_:_:)``.
///
/// Remembers where the last value was found: probes in ascending order (a sorted
/// index scan feeding a bind join) gallop forward from there instead of searching the
/// whole column again.
public struct PartitionLookup {
    let snapshot: StoreSnapshot
    public let key: PartitionKey
    let order: SortOrder
    let decoded: DecodedOrder?
    private var lastValue: UInt64 = 0
    private var lastPosition = 0

    init(snapshot: StoreSnapshot, key: PartitionKey, order: SortOrder, decoded: DecodedOrder?) {
        self.snapshot = snapshot
        self.key = key
        self.order = order
        self.decoded = decoded
    }

    /// Calls `body(b, g)` for every row whose sort column equals `a`.
    @inline(__always)
    public mutating func forEachRow(a: UInt64, _ body: (UInt64, UInt64) throws -> Void) throws {
        guard let decoded else {
            try snapshot.forEachRow(key, order, a: a, body)
            return
        }
        let column = decoded.a
        var lo = 0, hi = column.count
        if a >= lastValue && lastPosition < column.count {
            // Exponential search forward from the last hit.
            lo = lastPosition
            var step = 1
            var probe = lo
            while probe < column.count && column[probe] < a {
                lo = probe + 1
                probe = lastPosition + step
                step <<= 1
            }
            hi = min(probe + 1, column.count)
        }
        // Interpolation first (IDs in a column are spread fairly evenly: a few steps land
        // next to the value), then binary search on what is left.
        var steps = 0
        while lo < hi && steps < 3 {
            let low = column[lo], high = column[hi - 1]
            if a <= low { hi = lo; break }
            if a > high { lo = hi; break }
            let fraction = Double(a - low) / Double(high - low)
            let guess = lo + Int(fraction * Double(hi - 1 - lo))
            if column[guess] < a { lo = guess + 1 } else { hi = guess + 1 }
            steps += 1
        }
        while lo < hi {
            let mid = (lo + hi) / 2
            if column[mid] < a { lo = mid + 1 } else { hi = mid }
        }
        lastValue = a
        lastPosition = lo
        var r = lo
        while r < column.count && column[r] == a {
            try body(decoded.b[r], decoded.g[r])
            r += 1
        }
    }
}

/// A per-snapshot cache of derived read-only structures, built on first use.
public final class DerivedCache: Sendable {
    private let entries = Mutex<[String: any Sendable]>([:])

    public init() {}

    /// The value under `key`, built by `make` when absent.
    public func value<T: Sendable>(_ key: String, make: () throws -> T) rethrows -> T {
        if let hit = entries.withLock({ $0[key] }) as? T { return hit }
        let value = try make()
        entries.withLock { $0[key] = value }
        return value
    }
}
