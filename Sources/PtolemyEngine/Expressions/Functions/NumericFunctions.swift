import PtolemyRDF

/// The functions on numerics of https://www.w3.org/TR/sparql11-query/#func-numerics,
/// which are XPath's `fn:abs`, `fn:round`, `fn:ceiling`, `fn:floor`: the result has the
/// argument's primitive type (`xsd:integer` for the derived integer types).
enum NumericFunctions {
    static func abs(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        switch try Arithmetic.numericValue(a) {
        case .integer(let i):
            if i == .min { throw NumericValue.integerOverflow }
            return .integer(Swift.abs(i))
        case .decimal(let d): return .numeric(.decimal(d.magnitude))
        case .float(let f): return .numeric(.float(Swift.abs(f)))
        case .double(let d): return .numeric(.double(Swift.abs(d)))
        }
    }

    /// `fn:round`: halves round towards positive infinity (`ROUND(-2.5)` is `-2`).
    static func round(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        switch try Arithmetic.numericValue(a) {
        case .integer(let i): return .integer(i)
        case .decimal(let d): return .numeric(.decimal(d.rounded()))
        case .float(let f): return .numeric(.float(Float(xpathRound(Double(f)))))
        case .double(let d): return .numeric(.double(xpathRound(d)))
        }
    }

    static func ceil(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        switch try Arithmetic.numericValue(a) {
        case .integer(let i): return .integer(i)
        case .decimal(let d): return .numeric(.decimal(d.ceiling()))
        case .float(let f): return .numeric(.float(f.rounded(.up)))
        case .double(let d): return .numeric(.double(d.rounded(.up)))
        }
    }

    static func floor(_ a: EvalValue) throws(ExpressionError) -> EvalValue {
        switch try Arithmetic.numericValue(a) {
        case .integer(let i): return .integer(i)
        case .decimal(let d): return .numeric(.decimal(d.floor()))
        case .float(let f): return .numeric(.float(f.rounded(.down)))
        case .double(let d): return .numeric(.double(d.rounded(.down)))
        }
    }

    /// XPath rounding of a double: the nearest integer, halves up; NaN, infinities and
    /// zeros unchanged; a negative value that rounds to zero gives -0.
    static func xpathRound(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let floor = x.rounded(.down)
        // Compare the distance rather than computing x + 0.5, which rounds wrongly for
        // the double just below 0.5.
        let result = x - floor >= 0.5 ? floor + 1 : floor
        return result == 0 && x < 0 ? -0.0 : result
    }

    /// `RAND()`: a double in [0, 1).
    static func rand() -> EvalValue {
        .numeric(.double(Double.random(in: 0..<1)))
    }
}
