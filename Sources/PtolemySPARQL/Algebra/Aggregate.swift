/// A set function of a grouped query: `COUNT`, `SUM`, `MIN`, `MAX`, `AVG`, `SAMPLE`,
/// `GROUP_CONCAT`, or a custom aggregate named by an IRI (such as GeoSPARQL's
/// `geof:aggUnion`). See https://www.w3.org/TR/sparql11-query/#aggregates
public struct Aggregate: Hashable, Sendable {
    /// Which set function.
    public enum Function: Hashable, Sendable {
        case count
        case sum
        case min
        case max
        case avg
        case sample
        /// `GROUP_CONCAT` with its separator (a single space when the query gives none,
        /// https://www.w3.org/TR/sparql11-query/#defn_aggGroupConcat).
        case groupConcat(separator: String)
        /// An extension aggregate called like a function, `<iri>(DISTINCT? expr)`
        /// (https://www.w3.org/TR/sparql11-query/#aggregateAlgebra allows them: "[...] and
        /// other aggregates defined by an extension"). The parser only makes one for the
        /// IRIs it is told are aggregates (see ``Aggregate/standardCustomAggregates``).
        case custom(String)

        /// The keyword (the IRI for a custom aggregate).
        public var keyword: String {
            switch self {
            case .count: return "COUNT"
            case .sum: return "SUM"
            case .min: return "MIN"
            case .max: return "MAX"
            case .avg: return "AVG"
            case .sample: return "SAMPLE"
            case .groupConcat: return "GROUP_CONCAT"
            case .custom(let iri): return iri
            }
        }
    }

    /// The set function.
    public var function: Function
    /// The argument; `nil` only for `COUNT(*)` (which counts solutions).
    public var expression: Expression?
    /// `DISTINCT` inside the parentheses.
    public var distinct: Bool

    @inlinable
    public init(_ function: Function, _ expression: Expression?, distinct: Bool = false) {
        self.function = function
        self.expression = expression
        self.distinct = distinct
    }

    /// The custom aggregates the parser recognises unless told otherwise: the spatial
    /// aggregates of GeoSPARQL 1.1 (`geof:aggBoundingBox`, `aggBoundingCircle`,
    /// `aggCentroid`, `aggConcaveHull`, `aggConvexHull`, `aggUnion`;
    /// https://docs.ogc.org/is/22-047r1/22-047r1.html#_spatial_aggregate_functions).
    ///
    /// The parser has to know which function IRIs are aggregates before it translates a
    /// query level: an aggregate makes the level a grouped one (implicit grouping) and
    /// lets the SELECT list mention ungrouped variables inside it. These six are
    /// standardised, so every caller gets them by default; a caller with other extension
    /// aggregates passes its own set to ``Query/init(parsing:baseIRI:customAggregates:)``.
    public static let standardCustomAggregates: Set<String> = Set(
        ["aggBoundingBox", "aggBoundingCircle", "aggCentroid", "aggConcaveHull", "aggConvexHull", "aggUnion"]
            .map { "http://www.opengis.net/def/function/geosparql/" + $0 })
}

/// An aggregate of a ``Algebra/group(_:keys:aggregates:)`` node, bound to the internal
/// variable that the rewritten SELECT, HAVING and ORDER BY expressions refer to.
public struct AggregateBinding: Hashable, Sendable {
    public var variable: Variable
    public var aggregate: Aggregate

    @inlinable
    public init(_ variable: Variable, _ aggregate: Aggregate) {
        self.variable = variable
        self.aggregate = aggregate
    }
}

/// A grouping key of `GROUP BY`.
///
/// `GROUP BY ?x` is `GroupKey(.variable(x))` and binds `?x` in each group's solution;
/// `GROUP BY (expr AS ?v)` binds `?v`; `GROUP BY (expr)` groups by the value without
/// binding anything. ``boundVariable`` covers the three cases.
public struct GroupKey: Hashable, Sendable {
    public var expression: Expression
    /// The variable of `(expr AS ?v)`.
    public var variable: Variable?

    @inlinable
    public init(_ expression: Expression, as variable: Variable? = nil) {
        self.expression = expression
        self.variable = variable
    }

    /// The variable the key binds in the grouped solutions, if any.
    @inlinable
    public var boundVariable: Variable? {
        if let variable { return variable }
        if case .variable(let variable) = expression { return variable }
        return nil
    }
}

/// A sort key of `ORDER BY`. See https://www.w3.org/TR/sparql11-query/#modOrderBy
public struct OrderCondition: Hashable, Sendable {
    public var expression: Expression
    public var descending: Bool

    @inlinable
    public init(_ expression: Expression, descending: Bool = false) {
        self.expression = expression
        self.descending = descending
    }
}
