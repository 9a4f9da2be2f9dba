import Foundation
import PtolemyGeo

/// What a federation member holds, harvested from it with ordinary SPARQL queries: the
/// basis of source selection and join ordering.
public struct MemberStatistics: Codable, Sendable, Equatable {
    /// Figures of one predicate.
    public struct PredicateFigures: Codable, Sendable, Equatable {
        public var triples: Int
        public var distinctSubjects: Int?
        public var distinctObjects: Int?
    }

    /// The extent of geometries, in CRS84 longitude/latitude.
    public struct Extent: Codable, Sendable, Equatable {
        public var minX: Double, minY: Double, maxX: Double, maxY: Double

        var box: BoundingBox { BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY) }
    }

    /// The member's endpoint URL.
    public var endpoint: String
    public var harvested: Date
    /// Triples per predicate IRI (default graph).
    public var predicates: [String: PredicateFigures] = [:]
    /// Instances per class IRI.
    public var classes: [String: Int] = [:]
    /// The extent of every `geo:asWKT` geometry, when the member could compute it.
    public var geometryExtent: Extent?
    /// The extent of the geometries of each class's features (`?f a C; geo:hasGeometry/geo:asWKT ?w`).
    public var classExtents: [String: Extent] = [:]
    /// The namespaces (an IRI up to its last `/` or `#`) of each predicate's IRI subjects
    /// and objects, and of each class's instances, when there are few (at most
    /// ``StatisticsHarvester/maxNamespaces``): joins between patterns whose namespaces
    /// cannot meet at a member need not ask it (HiBISCuS). Absent: unknown or too many.
    public var subjectNamespaces: [String: [String]] = [:]
    public var objectNamespaces: [String: [String]] = [:]
    public var classNamespaces: [String: [String]] = [:]
    /// The `geof:` functions the member evaluates (found by probing).
    public var functions: Set<String> = []
    /// What could not be harvested, and why (the statistics are then partial, and source
    /// selection treats the unknown as possibly present).
    public var notes: [String] = []

    public init(endpoint: String, harvested: Date = Date()) {
        self.endpoint = endpoint
        self.harvested = harvested
    }

    /// Whether the predicate list is known (the first harvest query succeeded).
    public var knowsPredicates: Bool { !notes.contains { $0.hasPrefix(Self.predicateNote) } }
    /// Whether the class list is known.
    public var knowsClasses: Bool { !notes.contains { $0.hasPrefix(Self.classNote) } }

    static let predicateNote = "predicates:"
    static let classNote = "classes:"

    /// Total triples.
    public var triples: Int { predicates.values.reduce(0) { $0 + $1.triples } }
}
