/// SPARQL's numeric operators (https://www.w3.org/TR/sparql11-query/#OperatorMapping),
/// which are XPath's `op:numeric-*` after type promotion
/// (https://www.w3.org/TR/xpath-functions-31/#op.numeric).
extension NumericValue {
    /// `err:FOAR0002`: an integer result beyond the supported range.
    static let integerOverflow = ExpressionError("xsd:integer overflow")
    /// `err:FOAR0001`.
    static let divisionByZero = ExpressionError("division by zero")

    /// Both operands promoted to the higher of their two types.
    static func promoted(_ a: NumericValue, _ b: NumericValue) -> (NumericValue, NumericValue) {
        if a.rank == b.rank { return (a, b) }
        let target = max(a.rank, b.rank)
        return (a.promoted(to: target), b.promoted(to: target))
    }

    /// This value converted to the type of rank `target` (not lower than its own).
    func promoted(to target: Int) -> NumericValue {
        switch target {
        case 1: return .decimal(asDecimal ?? .zero)
        case 2: return .float(floatValue)
        case 3: return .double(doubleValue)
        default: return self
        }
    }

    public static func add(_ lhs: NumericValue, _ rhs: NumericValue) throws(ExpressionError) -> NumericValue {
        switch promoted(lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            let (r, o) = a.addingReportingOverflow(b)
            if o { throw integerOverflow }
            return .integer(r)
        case (.decimal(let a), .decimal(let b)): return .decimal(try a + b)
        case (.float(let a), .float(let b)): return .float(a + b)
        case (.double(let a), .double(let b)): return .double(a + b)
        default: preconditionFailure("promotion yields equal types")
        }
    }

    public static func subtract(_ lhs: NumericValue, _ rhs: NumericValue) throws(ExpressionError) -> NumericValue {
        switch promoted(lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            let (r, o) = a.subtractingReportingOverflow(b)
            if o { throw integerOverflow }
            return .integer(r)
        case (.decimal(let a), .decimal(let b)): return .decimal(try a - b)
        case (.float(let a), .float(let b)): return .float(a - b)
        case (.double(let a), .double(let b)): return .double(a - b)
        default: preconditionFailure("promotion yields equal types")
        }
    }

    public static func multiply(_ lhs: NumericValue, _ rhs: NumericValue) throws(ExpressionError) -> NumericValue {
        switch promoted(lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            let (r, o) = a.multipliedReportingOverflow(by: b)
            if o { throw integerOverflow }
            return .integer(r)
        case (.decimal(let a), .decimal(let b)): return .decimal(try a * b)
        case (.float(let a), .float(let b)): return .float(a * b)
        case (.double(let a), .double(let b)): return .double(a * b)
        default: preconditionFailure("promotion yields equal types")
        }
    }

    /// `op:numeric-divide`: integer by integer is an `xsd:decimal` division; division of an
    /// integer or decimal by zero is an error, of a float or double it follows IEEE 754.
    public static func divide(_ lhs: NumericValue, _ rhs: NumericValue) throws(ExpressionError) -> NumericValue {
        switch promoted(lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            if b == 0 { throw divisionByZero }
            return .decimal(try XSDDecimal(a) / XSDDecimal(b))
        case (.decimal(let a), .decimal(let b)):
            if b.isZero { throw divisionByZero }
            return .decimal(try a / b)
        case (.float(let a), .float(let b)): return .float(a / b)
        case (.double(let a), .double(let b)): return .double(a / b)
        default: preconditionFailure("promotion yields equal types")
        }
    }

    /// `op:numeric-unary-minus`.
    public func negated() throws(ExpressionError) -> NumericValue {
        switch self {
        case .integer(let i):
            if i == .min { throw NumericValue.integerOverflow }
            return .integer(-i)
        case .decimal(let d): return .decimal(d.negated())
        case .float(let f): return .float(-f)
        case .double(let d): return .double(-d)
        }
    }

    /// Numeric comparison after promotion: -1, 0 or 1, or nil when either side is NaN
    /// (NaN is neither equal to nor ordered with anything, `op:numeric-equal`).
    public static func compare(_ lhs: NumericValue, _ rhs: NumericValue) -> Int? {
        // Exact comparison of integers and decimals; promotion to float/double otherwise.
        switch promoted(lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.decimal(let a), .decimal(let b)): return XSDDecimal.compare(a, b)
        case (.float(let a), .float(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        default: preconditionFailure("promotion yields equal types")
        }
    }
}
