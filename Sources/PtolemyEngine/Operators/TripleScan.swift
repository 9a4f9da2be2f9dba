import PtolemyRDF
import PtolemyStorage

/// A position of a quad pattern.
public enum QuadPosition: Int, Sendable, CaseIterable {
    case subject = 0, predicate = 1, object = 2, graph = 3
}

/// What a pattern says about one position of the quads it matches.
public enum ScanSlot: Sendable, Equatable {
    /// A constant term.
    case bound(TermID)
    /// A variable seen first at this position: its value goes to an output column.
    case output
    /// A variable already seen at an earlier position: the value must equal that one.
    case sameAs(QuadPosition)
}

/// Which graphs a scan reads (the SPARQL dataset, section 13).
public enum GraphFilter: Sendable, Equatable {
    /// The store's default graph.
    case defaultGraph
    /// The merge of these graphs (FROM): a triple in several of them counts once.
    case merge(Set<UInt64>)
    /// Named graphs (GRAPH): any graph but the default, or only the listed ones.
    /// The graph position's slot says whether the name is bound or output.
    case named(Set<UInt64>?)
    /// Every graph, default included, merged.
    case union
}

/// Scans the quads matching one pattern: chooses the partitions and the sort order from
/// the bound positions, uses zone maps for bound subjects or objects, and emits one
/// column per output position, in `outputs` order.
public final class TripleScan: PhysicalOperator {
    public let width: Int
    public let stats: OperatorStats
    public var children: [any PhysicalOperator] { [] }

    let snapshot: StoreSnapshot
    let control: QueryControl
    let slots: [ScanSlot]      // by QuadPosition
    let graphs: GraphFilter
    let outputs: [QuadPosition]
    let order: SortOrder
    private var keys: [PartitionKey]
    private var keyIndex = 0
    private var scanner: PartitionScanner?
    private var currentKey: PartitionKey?
    private var previous: (UInt64, UInt64)?
    /// Renders the pattern for EXPLAIN; called only when a plan is printed.
    private let describe: @Sendable () -> String

    /// - Parameters:
    ///   - slots: subject, predicate, object, graph (4 entries).
    ///   - outputs: positions whose values form the output columns, in order.
    ///   - preferredOrder: the order to read when neither subject nor object is bound.
    public init(snapshot: StoreSnapshot, slots: [ScanSlot], graphs: GraphFilter, outputs: [QuadPosition],
                preferredOrder: SortOrder = .subjectObject, control: QueryControl, estimatedRows: Double = .nan,
                describe: @escaping @Sendable () -> String = { "" }) {
        precondition(slots.count == 4)
        self.snapshot = snapshot
        self.slots = slots
        self.graphs = graphs
        self.outputs = outputs
        self.control = control
        self.describe = describe
        width = outputs.count
        stats = OperatorStats(estimatedRows: estimatedRows)
        if case .bound = slots[QuadPosition.subject.rawValue] {
            order = .subjectObject
        } else if case .bound = slots[QuadPosition.object.rawValue] {
            order = .objectSubject
        } else {
            order = preferredOrder
        }
        keys = TripleScan.partitions(snapshot: snapshot, predicate: slots[1], object: slots[2])
    }

    /// The partitions a pattern can match.
    static func partitions(snapshot: StoreSnapshot, predicate: ScanSlot, object: ScanSlot) -> [PartitionKey] {
        switch predicate {
        case .bound(let p):
            if p == snapshot.rdfType, case .bound(let c) = object {
                let key = PartitionKey(predicate: p, typeClass: c)
                return snapshot.keysByPredicate[p]?.contains(key) == true ? [key] : []
            }
            return snapshot.keysByPredicate[p] ?? []
        default:
            return snapshot.partitionKeys
        }
    }

    public var explainName: String { "TripleScan" }
    public var explainDetails: String {
        "\(describe()) [\(order == .subjectObject ? "SO" : "OS"), \(keys.count) partition\(keys.count == 1 ? "" : "s")]"
    }

    /// The output column the rows come sorted by, if any.
    public var sortedColumn: Int? {
        guard keys.count == 1 else { return nil }
        let key = keys[0]
        let sortPosition: QuadPosition = key.isClassPartition || order == .subjectObject ? .subject : .object
        if key.isClassPartition && order == .objectSubject { return outputs.firstIndex(of: .subject) }
        return outputs.firstIndex(of: sortPosition)
    }

    public func next() throws -> Batch? {
        try control.check()
        var out = Batch(width: width)
        var values = [UInt64](repeating: 0, count: 4)
        while out.count < Batch.capacity {
            if scanner == nil {
                guard keyIndex < keys.count else { break }
                let key = keys[keyIndex]
                keyIndex += 1
                currentKey = key
                previous = nil
                if key.isClassPartition, case .bound(let o) = slots[2], o != key.typeClass { continue }
                var range: ClosedRange<UInt64>?
                if key.isClassPartition {
                    // Subject order only; the object (the class) is fixed.
                    if case .bound(let s) = slots[0] { range = s.rawValue...s.rawValue }
                    scanner = snapshot.scan(key, .subjectObject, a: range)
                } else {
                    if order == .subjectObject, case .bound(let s) = slots[0] { range = s.rawValue...s.rawValue }
                    if order == .objectSubject, case .bound(let o) = slots[2] { range = o.rawValue...o.rawValue }
                    scanner = snapshot.scan(key, order, a: range)
                }
            }
            guard let chunk = try scanner!.next() else {
                scanner = nil
                continue
            }
            let key = currentKey!
            let objectFirst = !key.isClassPartition && order == .objectSubject
            if fastPath {
                appendFast(chunk, key: key, objectFirst: objectFirst, to: &out)
                continue
            }
            values[1] = key.predicate.rawValue
            for r in 0..<chunk.count {
                let a = chunk.a[r], b = chunk.b[r], g = chunk.g[r]
                if key.isClassPartition {
                    values[0] = a; values[2] = key.typeClass.rawValue
                } else if objectFirst {
                    values[0] = b; values[2] = a
                } else {
                    values[0] = a; values[2] = b
                }
                values[3] = g
                if !matches(values) { continue }
                switch graphs {
                case .merge, .union:
                    // Rows are sorted by (a, b, g): copies of a triple in several graphs are adjacent.
                    if let (pa, pb) = previous, pa == a, pb == b { continue }
                    previous = (a, b)
                default:
                    break
                }
                for (c, position) in outputs.enumerated() { out.columns[c].append(values[position.rawValue]) }
                if width == 0 { out.rowCountWithoutColumns += 1 }
            }
        }
        return stats.record(out.count > 0 ? out : nil)
    }

    /// Whether rows need no per-row work beyond the graph test and copying: no repeated
    /// variable, no merged graphs, no graph column, and every bound position enforced by
    /// the partition or the scanned range (the common case: a constant subject or object
    /// read in its own sort order).
    private lazy var fastPath: Bool = {
        if slots.contains(where: { if case .sameAs = $0 { return true }; return false }) { return false }
        if outputs.contains(.graph) { return false }
        switch graphs {
        case .defaultGraph, .named: break
        case .merge, .union: return false
        }
        if case .bound = slots[0], order == .objectSubject { return false }
        if case .bound = slots[2], order == .subjectObject, !keys.allSatisfy(\.isClassPartition) { return false }
        return true
    }()

    /// Copies the output columns of a chunk, checking only the graph.
    private func appendFast(_ chunk: ColumnChunk, key: PartitionKey, objectFirst: Bool, to out: inout Batch) {
        let n = chunk.count
        let graphID: UInt64? = { if case .bound(let id) = slots[3] { return id.rawValue }; return nil }()
        let allowed: Set<UInt64>? = { if case .named(let a) = graphs { return a }; return nil }()
        let namedOnly: Bool = { if case .named = graphs { return true }; return false }()
        var keep: [Int32] = []
        let allKept: Bool
        if namedOnly {
            keep.reserveCapacity(n)
            for r in 0..<n {
                let g = chunk.g[r]
                if g == 0 { continue }
                if let graphID, g != graphID { continue }
                if let allowed, !allowed.contains(g) { continue }
                keep.append(Int32(r))
            }
            allKept = keep.count == n
        } else {
            // Default graph: rows of named graphs are rare; check before filtering.
            if chunk.g.contains(where: { $0 != 0 }) {
                keep.reserveCapacity(n)
                for r in 0..<n where chunk.g[r] == 0 { keep.append(Int32(r)) }
                allKept = keep.count == n
            } else {
                allKept = true
            }
        }
        for (c, position) in outputs.enumerated() {
            let source: [UInt64]
            switch position {
            case .subject: source = key.isClassPartition || !objectFirst ? chunk.a : chunk.b
            case .object:
                if key.isClassPartition {
                    out.columns[c].append(contentsOf: repeatElement(key.typeClass.rawValue, count: allKept ? n : keep.count))
                    continue
                }
                source = objectFirst ? chunk.a : chunk.b
            case .predicate:
                out.columns[c].append(contentsOf: repeatElement(key.predicate.rawValue, count: allKept ? n : keep.count))
                continue
            case .graph:
                source = chunk.g
            }
            if allKept { out.columns[c].append(contentsOf: source) } else { for r in keep { out.columns[c].append(source[Int(r)]) } }
        }
        if width == 0 { out.rowCountWithoutColumns += allKept ? n : keep.count }
    }

    @inline(__always)
    private func matches(_ values: [UInt64]) -> Bool {
        for position in 0..<4 {
            switch slots[position] {
            case .bound(let id):
                if position == 3 { break } // the graph is checked below
                if values[position] != id.rawValue { return false }
            case .sameAs(let other):
                if values[position] != values[other.rawValue] { return false }
            case .output:
                break
            }
        }
        let g = values[3]
        switch graphs {
        case .defaultGraph:
            return g == 0
        case .merge(let set):
            return set.contains(g)
        case .union:
            return true
        case .named(let allowed):
            if g == 0 { return false }
            if case .bound(let id) = slots[3], id.rawValue != g { return false }
            return allowed?.contains(g) ?? true
        }
    }
}
