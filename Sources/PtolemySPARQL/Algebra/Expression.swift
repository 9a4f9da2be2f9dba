import PtolemyRDF

/// A SPARQL expression (FILTER, BIND, SELECT expressions, ORDER BY, GROUP BY, HAVING).
///
/// After translation, aggregates never occur inside expressions: each is computed by the
/// ``Algebra/group(_:keys:aggregates:)`` node of its query level and referred to through
/// an internal ``Variable``. See https://www.w3.org/TR/sparql11-query/#expressions
public indirect enum Expression: Hashable, Sendable {
    /// A constant: an IRI or a literal.
    case term(Term)
    case variable(Variable)

    case or(Expression, Expression)
    case and(Expression, Expression)
    case not(Expression)

    case equal(Expression, Expression)
    case notEqual(Expression, Expression)
    case less(Expression, Expression)
    case greater(Expression, Expression)
    case lessOrEqual(Expression, Expression)
    case greaterOrEqual(Expression, Expression)

    case add(Expression, Expression)
    case subtract(Expression, Expression)
    case multiply(Expression, Expression)
    case divide(Expression, Expression)
    case unaryPlus(Expression)
    case unaryMinus(Expression)

    /// `lhs IN (list)`.
    case `in`(Expression, [Expression])
    /// `lhs NOT IN (list)`.
    case notIn(Expression, [Expression])
    /// `EXISTS { pattern }`, with the pattern's algebra.
    case exists(Algebra)
    /// `NOT EXISTS { pattern }`.
    case notExists(Algebra)

    /// A built-in call such as `STR(?x)` or `REGEX(?x, "a", "i")`.
    case builtIn(BuiltInFunction, [Expression])
    /// A call of a function named by an IRI (casts such as `xsd:integer(?x)`, GeoSPARQL
    /// functions such as `geof:sfIntersects(?a, ?b)`, extension functions).
    /// `distinct` is the `DISTINCT` keyword the grammar allows in argument lists.
    case function(String, [Expression], distinct: Bool)

    /// A literal constant.
    @inlinable
    public static func literal(_ literal: Literal) -> Expression { .term(.literal(literal)) }

    /// An IRI constant.
    @inlinable
    public static func iri(_ iri: String) -> Expression { .term(.iri(iri)) }

    /// The variable, when the expression is just one.
    @inlinable
    public var variable: Variable? {
        if case .variable(let variable) = self { return variable }
        return nil
    }
}
