/// The planner's cost constants, in one place (QLever's QueryPlanningCostFactors is the
/// model). Units are "row operations": reading one row of a decoded chunk costs 1.
public enum CostFactors {
    /// Reading a row from a partition scan.
    public static let scanRow = 1.0
    /// One lookup of a bind join: a binary search in a partition pinned in memory (or a
    /// zone-map search and a cached chunk when it is not).
    public static let probe = 12.0
    /// Inserting a row into a hash table.
    public static let hashBuildRow = 3.0
    /// Probing a hash table with one row.
    public static let hashProbeRow = 1.5
    /// Advancing a merge join by one row.
    public static let mergeRow = 0.5
    /// Producing one output row of a join.
    public static let outputRow = 1.0
    /// Evaluating a FILTER on one row.
    public static let filterRow = 2.0
    /// The fraction of rows a FILTER keeps when nothing better is known.
    public static let filterSelectivity = 0.25
    /// The fraction an equality FILTER keeps.
    public static let equalityFilterSelectivity = 0.05
    /// A spatial join side at most this large (estimated rows) drives an index nested-loop
    /// join over the quad-trees instead of a plane sweep over both sides.
    public static let spatialDriverRows = 64.0
    /// One request to a remote SPARQL endpoint (a round trip, parsing, planning there).
    public static let serviceRequest = 20_000.0
    /// Moving one solution from a remote endpoint (serialising, sending, parsing, interning).
    public static let serviceRow = 20.0
    /// What a SERVICE without statistics is assumed to return.
    public static let serviceUnknownRows = 10_000.0
    /// Patterns beyond which join ordering is greedy instead of exhaustive.
    public static let dynamicProgrammingLimit = 12
}
