import Foundation
import Synchronization
import PtolemyRDF

/// A Ptolemy store: a directory of immutable files named by a manifest.
///
/// Readers work on a ``StoreSnapshot``: the files of one manifest generation. A change
/// builds new files and installs a new snapshot when its manifest is durable; snapshots
/// taken before keep reading the files they were opened with.
public final class Store: Sendable {
    public enum Mode: Sendable { case readOnly, readWrite }

    public let directory: String
    public let mode: Mode
    private let lockFD: Int32
    private let current: Mutex<StoreSnapshot>
    /// Serialises changes (loads, updates, compactions) within this process.
    let writeLock = Mutex(())
    let chunkCache: BlockCache<ColumnChunk>
    let keyCache: BlockCache<DecodedKeyBlock>

    /// Opens (or, with `create`, creates) the store at `directory`.
    ///
    /// A read-write opening takes an exclusive lock on the directory and removes files
    /// an interrupted change left behind; a read-only one takes a shared lock.
    /// - Throws: ``StorageError`` when the directory is not a store, is locked, or a file is damaged.
    public init(directory: String, mode: Mode = .readWrite, create: Bool = false, cacheBytes: Int = 512 << 20) throws {
        let directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.directory = directory
        self.mode = mode
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: directory, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw StorageError.notAStore(path: directory, message: "it is a file") }
        let manifestPath = directory + "/" + Manifest.fileName
        if !fm.fileExists(atPath: manifestPath) {
            guard create, mode == .readWrite else {
                throw StorageError.notAStore(path: directory, message: exists ? "no \(Manifest.fileName) file" : "no such directory")
            }
            if exists, let contents = try? fm.contentsOfDirectory(atPath: directory),
               contents.contains(where: { !$0.hasPrefix(".") && $0 != "LOCK" && !Store.isStoreFileName($0) }) {
                throw StorageError.notAStore(path: directory, message: "the directory is not empty and holds no store")
            }
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw StorageError.io(path: directory, message: "cannot create: \(error)")
            }
        }
        lockFD = open(directory + "/LOCK", O_RDWR | O_CREAT, 0o644)
        guard lockFD >= 0 else { throw StorageError.io(path: directory + "/LOCK", message: String(cString: strerror(errno))) }
        guard flock(lockFD, (mode == .readWrite ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(lockFD)
            throw StorageError.locked(path: directory)
        }
        chunkCache = BlockCache(budget: cacheBytes)
        keyCache = BlockCache(budget: cacheBytes / 4)
        do {
            if !fm.fileExists(atPath: manifestPath) {
                try Manifest().write(directory: directory)
            }
            let manifest = try Manifest.read(directory: directory)
            if mode == .readWrite { Store.removeUnreferencedFiles(directory: directory, manifest: manifest) }
            let snapshot = try StoreSnapshot(directory: directory, manifest: manifest, previous: nil,
                                             chunkCache: chunkCache, keyCache: keyCache)
            current = Mutex(snapshot)
        } catch {
            close(lockFD)
            throw error
        }
    }

    deinit {
        flock(lockFD, LOCK_UN)
        close(lockFD)
    }

    /// The current snapshot: a consistent view that later changes do not affect.
    public var snapshot: StoreSnapshot { current.withLock { $0 } }

    /// Installs the files of `manifest` after it has been written durably.
    func install(_ manifest: Manifest) throws {
        let previous = snapshot
        let next = try StoreSnapshot(directory: directory, manifest: manifest, previous: previous,
                                     chunkCache: chunkCache, keyCache: keyCache)
        current.withLock { $0 = next }
    }

    static func isStoreFileName(_ name: String) -> Bool {
        name == Manifest.fileName || name.hasSuffix(".dict") || name.hasSuffix(".part") || name.hasSuffix(".geo")
            || name.hasPrefix("load-") || name == Manifest.fileName + ".tmp"
    }

    /// Removes files and folders a crashed change left (not named by the manifest).
    static func removeUnreferencedFiles(directory: String, manifest: Manifest) {
        let live = manifest.fileNames
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where Store.isStoreFileName(name) && name != Manifest.fileName && !live.contains(name) {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }
}

/// The files of one manifest generation, opened: what a query reads.
public final class StoreSnapshot: Sendable {
    public let directory: String
    public let manifest: Manifest
    public let dictionary: TermDictionary
    /// Every partition by key.
    public let partitions: [PartitionKey: PartitionSegment]
    /// Partitions by predicate (several for `rdf:type`, one per class).
    public let partitionsByPredicate: [TermID: [PartitionSegment]]
    /// The ID of `rdf:type`, when the store holds it.
    public let rdfType: TermID?

    init(directory: String, manifest: Manifest, previous: StoreSnapshot?,
         chunkCache: BlockCache<ColumnChunk>, keyCache: BlockCache<DecodedKeyBlock>) throws {
        self.directory = directory
        self.manifest = manifest
        var reusedDictionary: [UInt32: DictionarySegment] = [:]
        for s in previous?.dictionary.segments ?? [] { reusedDictionary[s.fileNumber] = s }
        var segments: [DictionarySegment] = []
        for f in manifest.dictionary {
            if let s = reusedDictionary[f.number] { segments.append(s); continue }
            let segment = try DictionarySegment(path: directory + "/" + Manifest.dictionaryName(f.number), fileNumber: f.number,
                                                expectedSize: f.size, cache: keyCache)
            guard segment.baseSeq == f.baseSeq, segment.count == f.count else {
                throw StorageError.corruption(file: segment.path, message: "dictionary range differs from the manifest's")
            }
            segments.append(segment)
        }
        dictionary = TermDictionary(segments: segments)
        var reusedPartitions: [UInt32: PartitionSegment] = [:]
        for s in previous?.partitions.values.map({ $0 }) ?? [] { reusedPartitions[s.fileNumber] = s }
        var partitions: [PartitionKey: PartitionSegment] = [:]
        var byPredicate: [TermID: [PartitionSegment]] = [:]
        for f in manifest.partitions {
            let segment: PartitionSegment
            if let s = reusedPartitions[f.number] {
                segment = s
            } else {
                segment = try PartitionSegment(path: directory + "/" + Manifest.partitionName(f.number), fileNumber: f.number,
                                               expectedSize: f.size, cache: chunkCache)
            }
            guard segment.key.predicate.rawValue == f.predicate, segment.key.typeClass.rawValue == f.typeClass,
                  segment.statistics.rows == f.rows else {
                throw StorageError.corruption(file: segment.path, message: "partition differs from what the manifest says")
            }
            partitions[segment.key] = segment
            byPredicate[segment.key.predicate, default: []].append(segment)
        }
        self.partitions = partitions
        partitionsByPredicate = byPredicate
        rdfType = try dictionary.id(for: .iri(RDFVocabulary.type))
    }

    /// The ID of a term: its inline encoding, or its dictionary number. `nil` when the store has never seen it.
    public func id(for term: Term) throws -> TermID? {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline }
        if case .blank = term { return nil } // blank nodes from outside the store match nothing in it
        return try dictionary.id(for: term)
    }

    /// The term an ID stands for.
    public func term(for id: TermID) throws -> Term {
        if id.isInline, let literal = InlineTerms.decode(id) { return .literal(literal) }
        if let term = try dictionary.term(for: id) { return term }
        throw StorageError.corruption(file: directory, message: "term ID \(id) is not in the dictionary")
    }

    /// Total number of stored quads.
    public var quadCount: UInt64 { partitions.values.reduce(0) { $0 + $1.statistics.rows } }

    /// The named graphs (IDs) that exist.
    public var graphs: [TermID] { manifest.graphs.map(TermID.init(rawValue:)) }

    /// Calls `body` with every quad, partition by partition in subject order.
    public func forEachQuad(_ body: (TermID, TermID, TermID, TermID) throws -> Void) throws {
        for key in partitions.keys.sorted() {
            let segment = partitions[key]!
            for i in segment.zones(.subjectObject).indices {
                let chunk = try segment.chunk(.subjectObject, i)
                for r in 0..<chunk.count {
                    try body(TermID(rawValue: chunk.a[r]), key.predicate,
                             TermID(rawValue: chunk.b[r]), TermID(rawValue: chunk.g[r]))
                }
            }
        }
    }

    /// Reads every file completely and checks every checksum.
    public func verify() throws {
        for segment in partitions.values { try segment.verify() }
        for segment in dictionary.segments { try segment.reader.verifyAll(blocks: segment.blockRefs) }
    }
}
