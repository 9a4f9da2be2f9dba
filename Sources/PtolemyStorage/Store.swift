import Foundation
import Synchronization
import PtolemyRDF

/// A Ptolemy store: a directory of immutable files named by a manifest, plus a
/// write-ahead log of the changes committed since.
///
/// Readers work on a ``StoreSnapshot`` (files + delta of one moment). Writers go through
/// ``write(_:)`` (SPARQL Update) or ``BulkLoader``; both are serialised by one write
/// lock, and each installs a new snapshot only once its change is durable. A store can
/// also live in memory only (``inMemory()``), for queries over files given on the
/// command line.
public final class Store: Sendable {
    public enum Mode: Sendable { case readOnly, readWrite, memory }

    public let directory: String
    public let mode: Mode
    private let lockFD: Int32
    private let current: Mutex<StoreSnapshot>
    /// Serialises changes (loads, updates, compactions) within this process.
    let writeLock = Mutex(())
    let log: Mutex<WriteAheadLog?>
    /// Numbers write transactions, to scope their blank nodes.
    let transactionCounter = Atomic<UInt64>(0)
    let chunkCache: BlockCache<ColumnChunk>
    let keyCache: BlockCache<DecodedKeyBlock>
    let geometryCache: BlockCache<[StoredGeometry]>
    /// Memory for partitions decoded whole (point lookups without the chunk cache).
    public let pinBudget: PinBudget
    /// Compact when the delta holds more changed rows than this.
    public let compactionThreshold: Int

    /// Opens (or, with `create`, creates) the store at `directory`.
    ///
    /// A read-write opening takes an exclusive lock on the directory, removes files an
    /// interrupted change left behind and replays the write-ahead log; a read-only one
    /// takes a shared lock and replays the log without touching it.
    /// - Throws: ``StorageError`` when the directory is not a store, is locked, or a file is damaged.
    public init(directory: String, mode: Mode = .readWrite, create: Bool = false,
                cacheBytes: Int = 512 << 20, pinnedBytes: Int = 2 << 30, compactionThreshold: Int = 1_000_000) throws {
        precondition(mode != .memory, "use Store.inMemory()")
        let directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.directory = directory
        self.mode = mode
        self.compactionThreshold = compactionThreshold
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
        lockFD = open(directory + "/LOCK", mode == .readWrite ? O_RDWR | O_CREAT : O_RDONLY, 0o644)
        guard lockFD >= 0 else { throw StorageError.io(path: directory + "/LOCK", message: String(cString: strerror(errno))) }
        guard flock(lockFD, (mode == .readWrite ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            close(lockFD)
            throw StorageError.locked(path: directory)
        }
        chunkCache = BlockCache(budget: cacheBytes)
        keyCache = BlockCache(budget: cacheBytes / 4)
        geometryCache = BlockCache(budget: cacheBytes / 4)
        pinBudget = PinBudget(limit: pinnedBytes)
        do {
            if !fm.fileExists(atPath: manifestPath) {
                var manifest = Manifest()
                manifest.walNumber = manifest.nextFileNumber
                manifest.nextFileNumber += 1
                try manifest.write(directory: directory)
            }
            let manifest = try Manifest.read(directory: directory)
            if mode == .readWrite { Store.removeUnreferencedFiles(directory: directory, manifest: manifest) }
            let base = try StoreSnapshot(directory: directory, manifest: manifest, previous: nil, delta: nil,
                                         chunkCache: chunkCache, keyCache: keyCache, geometryCache: geometryCache,
                                         pinBudget: pinBudget)
            var delta = base.delta
            var log: WriteAheadLog?
            if let walNumber = manifest.walNumber {
                let walPath = directory + "/" + Manifest.walName(walNumber)
                let (records, validLength) = try WriteAheadLog.read(path: walPath)
                for record in records { try Store.replay(record, into: &delta, segments: base.segments) }
                transactionCounter.store(UInt64(records.count), ordering: .relaxed)
                if mode == .readWrite { log = try WriteAheadLog(path: walPath, validLength: validLength) }
            }
            current = Mutex(StoreSnapshot(base, delta: delta))
            self.log = Mutex(log)
        } catch {
            close(lockFD)
            throw error
        }
    }

    /// A store that lives in memory only: no files, no durability. Every change goes to its delta.
    public static func inMemory() -> Store { Store(memory: ()) }

    private init(memory: Void) {
        directory = ""
        mode = .memory
        lockFD = -1
        compactionThreshold = .max
        chunkCache = BlockCache(budget: 1 << 20)
        keyCache = BlockCache(budget: 1 << 20)
        geometryCache = BlockCache(budget: 1 << 20)
        pinBudget = PinBudget(limit: 0)
        // An empty manifest opens no files, so this cannot fail.
        current = Mutex(try! StoreSnapshot(directory: "", manifest: Manifest(), previous: nil, delta: nil,
                                           chunkCache: chunkCache, keyCache: keyCache, geometryCache: geometryCache,
                                         pinBudget: pinBudget))
        log = Mutex(nil)
    }

    deinit {
        if lockFD >= 0 {
            flock(lockFD, LOCK_UN)
            close(lockFD)
        }
    }

    /// The current snapshot: a consistent view that later changes do not affect.
    public var snapshot: StoreSnapshot { current.withLock { $0 } }

    func setSnapshot(_ snapshot: StoreSnapshot) { current.withLock { $0 = snapshot } }

    /// Installs the files of a durable new manifest (after a load or compaction): the
    /// delta is now in the files and a fresh write-ahead log begins.
    func install(_ manifest: Manifest, delta: StoreDelta? = nil) throws {
        let previous = snapshot
        let next = try StoreSnapshot(directory: directory, manifest: manifest, previous: previous, delta: delta,
                                     chunkCache: chunkCache, keyCache: keyCache, geometryCache: geometryCache,
                                         pinBudget: pinBudget)
        try log.withLock { log in
            log = try manifest.walNumber.map { try WriteAheadLog(path: directory + "/" + Manifest.walName($0), validLength: 0) }
        }
        current.withLock { $0 = next }
    }

    /// Applies one logged transaction to a delta (open-time replay).
    static func replay(_ record: WriteAheadLog.Record, into delta: inout StoreDelta, segments: [PartitionKey: PartitionSegment]) throws {
        for (id, key) in record.terms { try delta.terms.restore(key, id: id) }
        for op in record.operations {
            switch op {
            case .insert(let key, let row): _ = try delta.insert(key: key, row: row, segment: segments[key])
            case .delete(let key, let row): _ = try delta.delete(key: key, row: row, segment: segments[key])
            case .createGraph(let g): delta.graphsDropped.remove(g); delta.graphsCreated.insert(g)
            case .dropGraph(let g): delta.graphsCreated.remove(g); delta.graphsDropped.insert(g)
            }
        }
    }

    static func isStoreFileName(_ name: String) -> Bool {
        name == Manifest.fileName || name.hasSuffix(".dict") || name.hasSuffix(".part") || name.hasSuffix(".geo")
            || name.hasSuffix(".wal") || name.hasPrefix("load-") || name == Manifest.fileName + ".tmp"
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
