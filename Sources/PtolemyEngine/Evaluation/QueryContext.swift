import Foundation
import PtolemyRDF
import PtolemyStorage
import PtolemySPARQL

/// Everything one query execution shares: the snapshot it reads, its control (deadline,
/// cancellation, memory), the terms it computes, and the services operators call back
/// into (EXISTS, extension functions).
///
/// Terms a query computes get IDs too, so that every operator works on IDs: a computed
/// term the store already holds gets the store's ID (joins with stored data then work
/// by ID equality), inline literals their inline ID, anything else a query-local ID
/// (tag 6) into this context's table.
public final class QueryContext: EvaluationContext {
    public let snapshot: StoreSnapshot
    public let control: QueryControl
    public let queryTime: Date
    public let baseIRI: String?
    let functions: FunctionRegistry
    /// Plans EXISTS patterns (set by the planner that owns this context).
    var existsEvaluator: ((Algebra, [Variable: TermID]) throws -> Bool)?
    private var localTerms: [Term] = []
    private var localIndex: [Term: TermID] = [:]
    private var decodeCache: [TermID: Term] = [:]
    private var blankCounter = 0
    private var labelledBlanks: [String: Term] = [:]
    private let blankPrefix = "q" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)

    public init(snapshot: StoreSnapshot, control: QueryControl = QueryControl(), baseIRI: String? = nil,
                functions: FunctionRegistry = .standard, now: Date = Date()) {
        self.snapshot = snapshot
        self.control = control
        self.baseIRI = baseIRI
        self.functions = functions
        queryTime = now
        decodeCache.reserveCapacity(1024)
    }

    public func decode(_ id: TermID) throws -> Term {
        if id.tag == .queryLocal {
            let i = Int(id.payload)
            guard i < localTerms.count else { throw QueryEvaluationError.other("unknown query-local term \(id)") }
            return localTerms[i]
        }
        if id.isInline, let literal = InlineTerms.decode(id) { return .literal(literal) }
        if let hit = decodeCache[id] { return hit }
        do {
            let term = try snapshot.term(for: id)
            if decodeCache.count > 1 << 18 { decodeCache.removeAll(keepingCapacity: true) }
            decodeCache[id] = term
            return term
        } catch {
            throw QueryEvaluationError.storage("\(error)")
        }
    }

    /// The terms of a column of IDs (nil for 0, unbound): the stored ones decoded
    /// together, block by block, which a large result needs far more than a cache.
    public func decode(column ids: ArraySlice<UInt64>) throws -> [Term?] {
        var storedIDs: [TermID] = [], storedRows: [Int] = [], otherRows: [Int] = []
        storedIDs.reserveCapacity(ids.count)
        storedRows.reserveCapacity(ids.count)
        for (r, raw) in ids.enumerated() where raw != 0 {
            let id = TermID(rawValue: raw)
            if id.tag == .queryLocal || id.isInline {
                otherRows.append(r)
            } else {
                storedIDs.append(id)
                storedRows.append(r)
            }
        }
        var terms: [Term?] = []
        if !storedIDs.isEmpty {
            do { terms = try snapshot.terms(for: storedIDs) } catch { throw QueryEvaluationError.storage("\(error)") }
            // A column of stored terms only (the usual case) is the dictionary's answer as it is.
            if storedIDs.count == ids.count { return terms }
        }
        var out = [Term?](repeating: nil, count: ids.count)
        for (r, term) in zip(storedRows, terms) { out[r] = term }
        for r in otherRows { out[r] = try decode(TermID(rawValue: ids[ids.startIndex + r])) }
        return out
    }

    public func intern(_ term: Term) -> TermID {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline }
        if let id = localIndex[term] { return id }
        let id: TermID
        if let stored = try? snapshot.id(for: term) {
            id = stored
        } else {
            id = TermID(tag: .queryLocal, payload: UInt64(localTerms.count))
            localTerms.append(term)
        }
        localIndex[term] = id
        return id
    }

    /// The ID of a constant of the query when the store holds it (nil: it matches nothing stored).
    func storedID(_ term: Term) -> TermID? {
        if case .literal(let literal) = term, let inline = InlineTerms.encode(literal) { return inline }
        return try? snapshot.id(for: term)
    }

    public func freshBlankNode() -> Term {
        blankCounter += 1
        return .blank("\(blankPrefix)n\(blankCounter)")
    }

    public func blankNode(label: String, solution: Int) -> Term {
        // Stacked Extends evaluate one batch each in turn, so several solutions are open
        // at once: keep a window of recent ones.
        if labelledBlanks.count > 1 << 16 { labelledBlanks.removeAll(keepingCapacity: true) }
        let key = "\(solution) \(label)"
        if let node = labelledBlanks[key] { return node }
        let node = freshBlankNode()
        labelledBlanks[key] = node
        return node
    }

    public func exists(_ pattern: Algebra, bindings: [Variable: TermID]) throws -> Bool {
        guard let existsEvaluator else { throw QueryEvaluationError.unsupported("EXISTS outside a planned query") }
        return try existsEvaluator(pattern, bindings)
    }

    public func extensionFunction(_ iri: String) -> ExtensionFunction? { functions.function(iri) }
}

/// Functions and custom aggregates named by IRI that modules above the evaluator
/// provide (GeoSPARQL). Built once at start-up; immutable afterwards.
public struct FunctionRegistry: Sendable {
    private var table: [String: ExtensionFunction] = [:]
    private var aggregates: [String: @Sendable () -> any AggregateAccumulator] = [:]

    public init() {}

    /// The registry with every function the engine ships: the GeoSPARQL functions and
    /// aggregates (see `GeoSPARQLRegistration.swift`). Built once per process.
    public static let standard: FunctionRegistry = {
        var registry = FunctionRegistry()
        registry.registerGeoSPARQL()
        return registry
    }()

    public mutating func register(_ iri: String, _ function: ExtensionFunction) { table[iri] = function }

    public func function(_ iri: String) -> ExtensionFunction? { table[iri] }

    /// Registers a custom aggregate (``PtolemySPARQL/Aggregate/Function/custom(_:)``):
    /// `make` returns a fresh accumulator for each group.
    public mutating func registerAggregate(_ iri: String, _ make: @escaping @Sendable () -> any AggregateAccumulator) {
        aggregates[iri] = make
    }

    /// A fresh accumulator for the custom aggregate `iri`, if one is registered.
    public func makeAggregate(_ iri: String) -> (any AggregateAccumulator)? { aggregates[iri]?() }

    /// The IRIs of the registered custom aggregates (what the parser must treat as
    /// aggregates: pass them as `Query(parsing:customAggregates:)`).
    public var aggregateIRIs: Set<String> { Set(aggregates.keys) }
}
