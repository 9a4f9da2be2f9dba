import PtolemyRDF
import Synchronization

/// The persistent dictionary: every non-inlined term, numbered by a global sequence.
///
/// It is a list of immutable segments (one per load), each covering a consecutive
/// range of sequence numbers with its keys in byte order. A key lives in exactly one
/// segment, because a load looks every new key up before numbering it.
public final class TermDictionary: Sendable {
    public let segments: [DictionarySegment]

    /// Recently decoded terms by ID (as Jena TDB's node table cache): a result column
    /// touches one dictionary block per term, and decoding a term from its block costs
    /// several times a hash lookup. Bounded: when full, a small batch empties it and a
    /// large one (a scan) leaves it as it is.
    private let recent = Mutex(IDHashMap<Term>())
    static let recentCapacity = 1 << 17

    public init(segments: [DictionarySegment]) {
        self.segments = segments.sorted { $0.baseSeq < $1.baseSeq }
    }

    /// The ID of a term, when the dictionary holds it (inline terms are not looked up here).
    public func id(for term: Term) throws -> TermID? {
        let key = TermKey.encode(term)
        return try id(forKey: key)
    }

    /// The ID of a term key.
    public func id(forKey key: [UInt8]) throws -> TermID? {
        guard let tag = key.first.flatMap(TermID.Tag.init(rawValue:)) else { return nil }
        for segment in segments.reversed() {
            if let seq = try segment.seq(of: key) { return TermID(tag: tag, payload: seq) }
        }
        return nil
    }

    func segment(for seq: UInt64) -> DictionarySegment? {
        segmentIndex(for: seq).map { segments[$0] }
    }

    private func segmentIndex(for seq: UInt64) -> Int? {
        var lo = 0, hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].baseSeq + segments[mid].count <= seq { lo = mid + 1 } else { hi = mid }
        }
        return lo < segments.count && segments[lo].contains(seq: seq) ? lo : nil
    }

    /// The term a dictionary ID stands for.
    public func term(for id: TermID) throws -> Term? {
        guard id.isDictionaryTerm, let segment = segment(for: id.payload) else { return nil }
        if id.tag == .blank {
            // Stored labels are load-scoped; expose a stable label derived from the ID.
            return .blank("b\(id.payload)")
        }
        return try segment.withKey(seq: id.payload) { TermKey.decode($0) }
    }

    /// The terms of many dictionary IDs at once (nil where an ID is not in the
    /// dictionary): visited in storage order, so each block is fetched from the cache
    /// once for all the IDs it holds, and a repeated ID is decoded once.
    public func terms(for ids: [TermID]) throws -> [Term?] {
        var out = [Term?](repeating: nil, count: ids.count)
        recent.withLock { recent in
            guard !recent.isEmpty else { return }
            for (i, id) in ids.enumerated() { out[i] = recent[id.rawValue] }
        }
        // (segment index, position in segment, index into ids) of the stored, non-blank IDs.
        var located: [(segment: Int, position: Int, index: Int)] = []
        located.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() where id.isDictionaryTerm && out[i] == nil {
            guard let s = segmentIndex(for: id.payload) else { continue }
            if id.tag == .blank {
                out[i] = .blank("b\(id.payload)")
            } else {
                located.append((s, segments[s].position(ofSeq: id.payload), i))
            }
        }
        var fetches = 0
        defer {
            // Worth keeping only when the terms were scattered (a block fetched for few of
            // them); a dense run decodes fast from its blocks, and a large scan must not
            // push the hot terms out.
            if !located.isEmpty, fetches * 4 >= located.count {
                recent.withLock { recent in
                    if recent.count + located.count > Self.recentCapacity {
                        guard located.count <= Self.recentCapacity / 16 else { return }
                        recent.removeAll()
                    }
                    for entry in located {
                        if let term = out[entry.index] { recent[ids[entry.index].rawValue] = term }
                    }
                }
            }
        }
        located.sort { ($0.segment, $0.position) < ($1.segment, $1.position) }
        var block: (segment: Int, number: Int, keys: DecodedKeyBlock)?
        var previous: (segment: Int, position: Int, index: Int)?
        for entry in located {
            if let previous, previous.segment == entry.segment, previous.position == entry.position {
                out[entry.index] = out[previous.index]
                continue
            }
            let number = entry.position / DictionarySegment.keysPerBlock
            if block == nil || block!.segment != entry.segment || block!.number != number {
                block = (entry.segment, number, try segments[entry.segment].block(number))
                fetches += 1
            }
            out[entry.index] = block!.keys.withKey(entry.position % DictionarySegment.keysPerBlock) { TermKey.decode($0) }
            previous = (entry.segment, entry.position, entry.index)
        }
        return out
    }

    /// Runs `body` on the key of a dictionary ID without copying it.
    public func withKey<R>(for id: TermID, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        guard id.isDictionaryTerm, let segment = segment(for: id.payload) else { return nil }
        return try segment.withKey(seq: id.payload, body)
    }
}
