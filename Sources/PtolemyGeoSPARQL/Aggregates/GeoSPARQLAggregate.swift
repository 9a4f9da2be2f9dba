#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PtolemyGeo
import PtolemyRDF

/// One spatial aggregate of GeoSPARQL 1.1 (https://docs.ogc.org/is/22-047r1/22-047r1.html#_spatial_aggregate_functions,
/// /req/geometry-extension/sa-functions): `geof:aggBoundingBox`, `aggBoundingCircle`,
/// `aggCentroid`, `aggConcaveHull`, `aggConvexHull`, `aggUnion`.
///
/// The engine builds one ``SpatialAggregator`` per group and feeds it the group's
/// values of the aggregate's argument.
public struct GeoSPARQLAggregate: Sendable {
    /// What the aggregate computes from the collected geometries.
    public enum Kind: String, Sendable, CaseIterable {
        case aggBoundingBox, aggBoundingCircle, aggCentroid, aggConcaveHull, aggConvexHull, aggUnion
    }

    public let kind: Kind
    let cache: GeometryCache

    /// The aggregate IRI.
    public var iri: String { GeoSPARQL.function(kind.rawValue) }

    public init(_ kind: Kind, cache: GeometryCache = .shared) {
        self.kind = kind
        self.cache = cache
    }

    /// A fresh accumulator for one group.
    public func makeAggregator() -> SpatialAggregator {
        SpatialAggregator(kind, cache: cache)
    }

    /// All six, over `cache`.
    public static func all(cache: GeometryCache = .shared) -> [GeoSPARQLAggregate] {
        Kind.allCases.map { GeoSPARQLAggregate($0, cache: cache) }
    }
}

/// The running state of a spatial aggregate over one group.
///
/// Choices where GeoSPARQL 1.1 says no more than the aggregate's name:
/// - Unbound values are skipped (so an OPTIONAL geometry does not spoil the group);
///   a value that is not a geometry literal (or an invalid one) makes the aggregate an
///   error, as a non-number does for SUM.
/// - The result is in the CRS and serialization of the first geometry; the others are
///   transformed into that CRS. A group with no geometry has no value (unbound).
/// - `aggCentroid` is the centroid of the union of the geometries (their point set);
///   `aggConcaveHull` uses GEOS's concave hull with an edge-length ratio of 0.3
///   (0 is the tightest hull, 1 the convex hull; a SPARQL aggregate takes a single
///   argument, so the ratio is fixed); `aggBoundingCircle` is the minimum bounding
///   circle (GEOS) drawn as a 64-gon circumscribed about it, so that it covers the input.
public struct SpatialAggregator {
    public let kind: GeoSPARQLAggregate.Kind
    private let cache: GeometryCache
    private var first: ParsedGeometry?
    private var geometries: [Geometry] = []
    private var box = BoundingBox.empty
    private var failure: GeoSPARQLError?

    /// The concave hull's edge-length ratio for `aggConcaveHull`.
    public static let concaveHullRatio = 0.3

    init(_ kind: GeoSPARQLAggregate.Kind, cache: GeometryCache) {
        self.kind = kind
        self.cache = cache
    }

    /// Adds one value of the group (nil: unbound or an error of the argument).
    public mutating func add(_ term: Term?) {
        guard failure == nil, let term else { return }
        do {
            var parsed = try cache.geometry(term)
            if let first {
                parsed = try parsed.transformed(to: first.crs)
            } else {
                first = parsed
            }
            if kind == .aggBoundingBox {
                box = box.union(parsed.geometry.boundingBox)
            } else if !parsed.geometry.isEmpty {
                geometries.append(parsed.geometry)
            }
        } catch {
            failure = error
        }
    }

    /// The aggregate's value; nil when it is an error or the group had no geometry.
    public func result() -> Term? {
        (try? value()) ?? nil
    }

    /// The aggregate's value, or why there is none (nil: no geometry in the group).
    public func value() throws(GeoSPARQLError) -> Term? {
        if let failure { throw failure }
        guard let first else { return nil }
        let geometry: Geometry = try geo(kind.rawValue) {
            if kind == .aggBoundingBox { return try Geometry(boundingBox: box) }
            let collection = try Geometry.collection(geometries)
            switch kind {
            case .aggBoundingBox: return try Geometry(boundingBox: box)
            case .aggUnion: return try collection.unaryUnion()
            case .aggConvexHull: return try collection.convexHull()
            case .aggConcaveHull: return try collection.concaveHull(ratio: Self.concaveHullRatio)
            case .aggCentroid: return try collection.unaryUnion().centroid()
            case .aggBoundingCircle:
                if collection.isEmpty { return collection }
                // GEOS draws the circle as an inscribed polygon whose chords cut off
                // the points on the circle; draw a circumscribed one instead, so that
                // the result covers every input geometry.
                let (_, centre, radius) = try collection.minimumBoundingCircle()
                if radius == 0 { return centre }
                let segments = 16
                return try centre.buffer(radius / cos(.pi / Double(4 * segments)), quadrantSegments: segments)
            }
        }
        return try Arguments.geometry(geometry, crs: first.crs, format: first.format)
    }
}
