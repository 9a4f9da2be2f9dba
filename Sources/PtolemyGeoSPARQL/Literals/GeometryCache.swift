import PtolemyRDF
import Synchronization

/// Parsed geometry literals, shared by all queries, so that a literal used again
/// (a query constant tested against every row, a geometry met on both sides of a
/// join, the same literal in many rows) is parsed and handed to GEOS once.
///
/// Keyed by the literal itself (lexical form and datatype), not by a term ID: IDs
/// are only meaningful within one store and one query (query-local IDs), while a
/// literal means the same geometry everywhere. Failures are cached too, so an
/// invalid literal costs one parse.
///
/// ## Bounded size
/// Two generations: look-ups search the young one, then the old one (promoting the
/// entry); when the young generation reaches `capacity / 2` entries, the old one is
/// dropped and the young one becomes old. Entries in use keep being promoted, so a
/// hot constant survives any number of one-off literals streaming past.
///
/// ## Thread safety
/// One mutex guards both generations; it is held only for dictionary operations,
/// never while parsing.
public final class GeometryCache: Sendable {
    private struct Generations {
        var young: [Literal: Result<ParsedGeometry, GeoSPARQLError>] = [:]
        var old: [Literal: Result<ParsedGeometry, GeoSPARQLError>] = [:]
    }

    private let state = Mutex(Generations())
    private let generationSize: Int

    /// The cache the engine's GeoSPARQL functions use.
    public static let shared = GeometryCache()

    /// - Parameter capacity: at most this many literals are kept (two generations of half).
    public init(capacity: Int = 20_000) {
        generationSize = max(1, capacity / 2)
    }

    /// The parsed geometry of a geometry literal.
    /// - Throws: ``GeoSPARQLError`` as ``ParsedGeometry/init(_:)`` does (also when the
    ///   failure was cached).
    public func geometry(_ literal: Literal) throws(GeoSPARQLError) -> ParsedGeometry {
        if let hit = lookUp(literal) {
            let parsed = try hit.get()
            parsed.recordUse()
            return parsed
        }
        let result: Result<ParsedGeometry, GeoSPARQLError>
        do {
            let parsed = try ParsedGeometry(literal)
            parsed.recordUse()
            result = .success(parsed)
        } catch {
            result = .failure(error)
        }
        insert(literal, result)
        return try result.get()
    }

    /// The parsed geometry of a term, which must be a geometry literal.
    public func geometry(_ term: Term) throws(GeoSPARQLError) -> ParsedGeometry {
        guard case .literal(let literal) = term else {
            throw GeoSPARQLError(.typeError, "\(term) is not a geometry literal")
        }
        return try geometry(literal)
    }

    /// Number of cached literals (both generations).
    public var count: Int { state.withLock { $0.young.count + $0.old.count } }

    private func lookUp(_ literal: Literal) -> Result<ParsedGeometry, GeoSPARQLError>? {
        state.withLock { state in
            if let hit = state.young[literal] { return hit }
            guard let hit = state.old.removeValue(forKey: literal) else { return nil }
            Self.add(literal, hit, to: &state, generationSize: generationSize)
            return hit
        }
    }

    private func insert(_ literal: Literal, _ result: Result<ParsedGeometry, GeoSPARQLError>) {
        state.withLock { Self.add(literal, result, to: &$0, generationSize: generationSize) }
    }

    private static func add(_ literal: Literal, _ result: Result<ParsedGeometry, GeoSPARQLError>,
                            to state: inout Generations, generationSize: Int) {
        if state.young.count >= generationSize {
            state.old = state.young
            state.young = [:]
        }
        state.young[literal] = result
    }
}
