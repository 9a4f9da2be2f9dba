import Synchronization
import PtolemyRDF

/// One atomic write (a SPARQL Update request, a Graph Store PUT...): changes accumulate
/// here, visible to this transaction's own reads through ``snapshot``, and become
/// visible to others, all at once, when ``Store/write(_:)`` commits them.
public final class WriteTransaction {
    let store: Store
    private let base: StoreSnapshot
    private var delta: StoreDelta
    private var newTerms: [(TermID, [UInt8])] = []
    private var operations: [WriteAheadLog.Operation] = []
    private let blankScope: String
    private var cachedSnapshot: StoreSnapshot?

    init(store: Store, base: StoreSnapshot, scope: String) {
        self.store = store
        self.base = base
        delta = base.delta
        blankScope = scope
    }

    /// The store as this transaction sees it: the state it started from plus its own changes.
    public var snapshot: StoreSnapshot {
        if let cachedSnapshot { return cachedSnapshot }
        let s = StoreSnapshot(base, delta: delta)
        cachedSnapshot = s
        return s
    }

    /// Whether anything changed.
    public var hasChanges: Bool { !operations.isEmpty || !newTerms.isEmpty }

    var record: WriteAheadLog.Record { WriteAheadLog.Record(terms: newTerms, operations: operations) }
    var resultingDelta: StoreDelta { delta }

    /// The ID of a term, numbering it when the store has never seen it.
    ///
    /// Blank-node labels are scoped to this transaction: `_:a` in two requests are two nodes.
    public func intern(_ term: Term) throws -> TermID {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline }
        var key: [UInt8]
        if case .blank(let label) = term {
            key = [TermID.Tag.blank.rawValue]
            key.append(contentsOf: blankScope.utf8)
            key.append(contentsOf: label.utf8)
        } else {
            key = TermKey.encode(term)
        }
        if let id = try base.dictionary.id(forKey: key) ?? delta.terms.id(forKey: key) { return id }
        let id = delta.terms.intern(key)
        newTerms.append((id, key))
        cachedSnapshot = nil
        return id
    }

    func partitionKey(predicate: TermID, object: TermID) -> PartitionKey {
        let rdfType = base.rdfType ?? delta.terms.id(forKey: TermKey.encode(.iri(RDFVocabulary.type)))
        return predicate == rdfType ? PartitionKey(predicate: predicate, typeClass: object) : PartitionKey(predicate: predicate)
    }

    /// Adds a quad given by IDs; false when the store already holds it.
    @discardableResult
    public func insert(subject: TermID, predicate: TermID, object: TermID, graph: TermID) throws -> Bool {
        guard predicate.isIRI, subject.isIRI || subject.isBlank, graph.isNone || graph.isIRI || graph.isBlank else {
            throw StorageError.refused("not a valid RDF quad: subject \(subject), predicate \(predicate), graph \(graph)")
        }
        let key = partitionKey(predicate: predicate, object: object)
        let row = Row(a: subject.rawValue, b: object.rawValue, g: graph.rawValue)
        guard try delta.insert(key: key, row: row, segment: base.segments[key]) else { return false }
        operations.append(.insert(key, row))
        cachedSnapshot = nil
        return true
    }

    /// Removes a quad given by IDs; false when the store does not hold it.
    @discardableResult
    public func delete(subject: TermID, predicate: TermID, object: TermID, graph: TermID) throws -> Bool {
        let key = partitionKey(predicate: predicate, object: object)
        let row = Row(a: subject.rawValue, b: object.rawValue, g: graph.rawValue)
        guard try delta.delete(key: key, row: row, segment: base.segments[key]) else { return false }
        operations.append(.delete(key, row))
        cachedSnapshot = nil
        return true
    }

    /// Adds a quad.
    @discardableResult
    public func insert(_ quad: Quad) throws -> Bool {
        guard quad.isValidRDF else { throw StorageError.refused("not a valid RDF quad: \(quad)") }
        return try insert(subject: try intern(quad.subject), predicate: try intern(quad.predicate),
                          object: try intern(quad.object), graph: try quad.graph.map(intern) ?? .none)
    }

    /// Removes a quad (a quad with a term the store has never seen is simply absent).
    @discardableResult
    public func delete(_ quad: Quad) throws -> Bool {
        let s = snapshot
        guard let subject = try s.id(for: quad.subject), let predicate = try s.id(for: quad.predicate),
              let object = try s.id(for: quad.object) else { return false }
        let graph: TermID
        if let g = quad.graph {
            guard let id = try s.id(for: g) else { return false }
            graph = id
        } else {
            graph = .none
        }
        return try delete(subject: subject, predicate: predicate, object: object, graph: graph)
    }

    /// Records that a named graph exists, even while empty.
    public func createGraph(_ graph: TermID) {
        delta.graphsDropped.remove(graph.rawValue)
        delta.graphsCreated.insert(graph.rawValue)
        operations.append(.createGraph(graph.rawValue))
        cachedSnapshot = nil
    }

    /// Forgets an (emptied) named graph.
    public func dropGraph(_ graph: TermID) {
        delta.graphsCreated.remove(graph.rawValue)
        delta.graphsDropped.insert(graph.rawValue)
        operations.append(.dropGraph(graph.rawValue))
        cachedSnapshot = nil
    }
}

extension Store {
    /// Runs `body` as one atomic, durable write.
    ///
    /// Writes are serialised. When `body` returns, its changes are appended to the
    /// write-ahead log and fsynced, then published as the new snapshot; when it throws,
    /// nothing changes. Readers keep their snapshots throughout.
    public func write<R>(_ body: (WriteTransaction) throws -> R) throws -> R {
        guard mode != .readOnly else { throw StorageError.refused("the store is open read-only") }
        return try writeLock.withLock { _ in
            let base = snapshot
            let n = transactionCounter.add(1, ordering: .relaxed).newValue
            let transaction = WriteTransaction(store: self, base: base, scope: "u\(base.manifest.generation).\(n).")
            let result = try body(transaction)
            guard transaction.hasChanges else { return result }
            try log.withLock { log in try log?.append(transaction.record) }
            setSnapshot(StoreSnapshot(base, delta: transaction.resultingDelta))
            if transaction.resultingDelta.changedRows > compactionThreshold { try compactLocked() }
            return result
        }
    }

    /// Folds the delta into files (a new manifest generation) and starts a fresh log.
    public func compact() throws {
        guard mode == .readWrite else { return }
        try writeLock.withLock { _ in try compactLocked() }
    }

    func compactLocked() throws {
        guard mode == .readWrite, !snapshot.delta.isEmpty else { return }
        let job = try LoadJob(store: self, options: BulkLoader.Options(), sources: [], progress: nil)
        defer { job.cleanUp() }
        _ = try job.run()
    }
}
