/// Names a partition: all triples of one predicate, or, for `rdf:type`, all instances of one class.
public struct PartitionKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var predicate: TermID
    /// The class for an `rdf:type` partition; ``TermID/none`` otherwise.
    public var typeClass: TermID

    public init(predicate: TermID, typeClass: TermID = .none) {
        self.predicate = predicate
        self.typeClass = typeClass
    }

    /// Whether this is a per-class `rdf:type` partition (rows have an implicit object).
    @inlinable public var isClassPartition: Bool { !typeClass.isNone }

    public static func < (lhs: PartitionKey, rhs: PartitionKey) -> Bool {
        (lhs.predicate.rawValue, lhs.typeClass.rawValue) < (rhs.predicate.rawValue, rhs.typeClass.rawValue)
    }

    public var description: String { typeClass.isNone ? "\(predicate)" : "\(predicate)/\(typeClass)" }
}

/// The two sort orders every partition is stored in.
public enum SortOrder: Int, Sendable, CaseIterable {
    /// Rows sorted by (subject, object, graph).
    case subjectObject = 0
    /// Rows sorted by (object, subject, graph).
    case objectSubject = 1
}
