/// The clauses of one query level (a query or a sub-select) as written, before
/// ``Parser/buildQueryLevel(_:)`` turns them into algebra (sections 18.2.4 and 18.2.5).
struct QueryLevelSyntax {
    /// One item of the SELECT list: `?v` or `(expression AS ?v)`.
    struct ProjectionItem {
        var variable: Variable
        var expression: Expression?
        var offset: Int
    }

    /// The SELECT clause; `nil` for CONSTRUCT, DESCRIBE and ASK.
    var projection: [ProjectionItem]?
    var selectAll = false
    var distinct = false
    var reduced = false
    var selectOffset = 0

    var pattern: Algebra = .empty
    var groupKeys: [GroupKey] = []
    var groupKeyOffsets: [Int] = []
    var having: [Expression] = []
    var order: [OrderCondition] = []
    var hasSlice = false
    var offset = 0
    var limit: Int?
    var values: Algebra?
    /// Aggregates met in SELECT, HAVING and ORDER BY, by the placeholder variable that
    /// stands for each in those expressions.
    var aggregates: [Variable: Aggregate] = [:]
}
