/// Exact decimal arithmetic: XPath `op:numeric-add`, `-subtract`, `-multiply`,
/// `-divide` on `xs:decimal` (https://www.w3.org/TR/xpath-functions-31/#op.numeric).
extension XSDDecimal {
    /// The error XPath raises when a result does not fit (`err:FOAR0002`).
    static let overflow = ExpressionError("xsd:decimal overflow")
    /// `err:FOAR0001`.
    static let divisionByZero = ExpressionError("xsd:decimal division by zero")

    /// Both operands at the same scale (the larger one). When the widened operand does
    /// not fit, the other is rounded down to a scale at which both fit.
    static func aligned(_ a: XSDDecimal, _ b: XSDDecimal) throws(ExpressionError) -> (Int128, Int128, Int) {
        if a.scale == b.scale { return (a.significand, b.significand, a.scale) }
        let target = max(a.scale, b.scale)
        if let x = a.rescaled(to: target), let y = b.rescaled(to: target) { return (x.significand, y.significand, target) }
        // Give up fraction digits until the integer parts fit.
        var scale = target - 1
        while scale >= 0 {
            if let x = a.rescaled(to: scale), let y = b.rescaled(to: scale) { return (x.significand, y.significand, scale) }
            scale -= 1
        }
        throw overflow
    }

    public static func + (lhs: XSDDecimal, rhs: XSDDecimal) throws(ExpressionError) -> XSDDecimal {
        var (a, b, scale) = try aligned(lhs, rhs)
        while true {
            let (sum, overflowed) = a.addingReportingOverflow(b)
            if !overflowed { return XSDDecimal(significand: sum, scale: scale) }
            guard scale > 0 else { throw overflow }
            a = scaleDownRounding(a, by: 1); b = scaleDownRounding(b, by: 1); scale -= 1
        }
    }

    public static func - (lhs: XSDDecimal, rhs: XSDDecimal) throws(ExpressionError) -> XSDDecimal {
        try lhs + rhs.negated()
    }

    public func negated() -> XSDDecimal {
        // -Int128.min does not occur: parsing and arithmetic stay within ±(10^38 - 1)·…, but guard anyway.
        significand == .min ? self : XSDDecimal(significand: -significand, scale: scale)
    }

    public var magnitude: XSDDecimal { significand < 0 ? negated() : self }

    public static func * (lhs: XSDDecimal, rhs: XSDDecimal) throws(ExpressionError) -> XSDDecimal {
        var scale = lhs.scale + rhs.scale
        let (product, overflowed) = lhs.significand.multipliedReportingOverflow(by: rhs.significand)
        if !overflowed && scale <= maxScale { return XSDDecimal(significand: product, scale: scale) }
        // Work on the full 256-bit product and drop fraction digits until it fits.
        let negative = (lhs.significand < 0) != (rhs.significand < 0)
        var wide = lhs.significand.magnitude.multipliedFullWidth(by: rhs.significand.magnitude)
        var dropped = 0
        var roundingRemainder: UInt128 = 0 // remainder of the last division, for rounding
        var stickyNonZero = false           // any non-zero digit dropped before the last one
        while wide.high != 0 || wide.low > UInt128(Int128.max) || scale - dropped > maxScale {
            guard scale - dropped > 0 else { throw overflow }
            if roundingRemainder != 0 { stickyNonZero = true }
            let (quotient, remainder) = UInt128(10).dividingFullWidth((wide.high % 10, wide.low))
            wide = (wide.high / 10, quotient)
            roundingRemainder = remainder
            dropped += 1
        }
        var magnitude = wide.low
        if roundingRemainder > 5 || (roundingRemainder == 5 && (stickyNonZero || magnitude & 1 == 1)) {
            magnitude += 1
            guard magnitude <= UInt128(Int128.max) else { throw overflow }
        }
        scale -= dropped
        let value = Int128(magnitude)
        return XSDDecimal(significand: negative ? -value : value, scale: scale)
    }

    /// Exact when the quotient terminates within ``divisionScale`` fraction digits, otherwise
    /// rounded half to even there. The result has at least one fraction digit (`6 / 3` is `2.0`),
    /// as the W3C tests expect for `AVG` and `/`.
    public static func / (lhs: XSDDecimal, rhs: XSDDecimal) throws(ExpressionError) -> XSDDecimal {
        guard rhs.significand != 0 else { throw divisionByZero }
        // value = (a / b) × 10^(rhs.scale - lhs.scale); compute a / b by long division.
        let numerator = lhs.significand.magnitude
        let denominator = rhs.significand.magnitude
        var quotient = numerator / denominator
        var remainder = numerator % denominator
        var fractionDigits = 0
        let shift = rhs.scale - lhs.scale // extra power of ten to apply
        // Enough digits that, after the shift, `divisionScale` fraction digits remain.
        let wanted = max(0, divisionScale + shift)
        while remainder != 0 && fractionDigits < wanted {
            let (r10, o1) = remainder.multipliedReportingOverflow(by: 10)
            let (q10, o2) = quotient.multipliedReportingOverflow(by: 10)
            // Stop while the quotient still has room for the rounding below.
            if o1 || o2 || q10 > UInt128(Int128.max) / 2 { break }
            quotient = q10 + r10 / denominator
            remainder = r10 % denominator
            fractionDigits += 1
        }
        if remainder != 0 {
            // Round half to even on the remainder.
            let twice = remainder.multipliedReportingOverflow(by: 2)
            if twice.overflow || twice.partialValue > denominator || (twice.partialValue == denominator && quotient & 1 == 1) {
                quotient += 1
            }
        }
        guard quotient <= UInt128(Int128.max) else { throw overflow }
        let negative = (lhs.significand < 0) != (rhs.significand < 0)
        var significand = negative ? -Int128(quotient) : Int128(quotient)
        var scale = fractionDigits - shift
        if scale < 0 {
            guard let widened = scaleUp(significand, by: -scale) else { throw overflow }
            significand = widened
            scale = 0
        } else if scale > maxScale {
            significand = scaleDownRounding(significand, by: scale - maxScale)
            scale = maxScale
        }
        return XSDDecimal(significand: significand, scale: scale).strippingTrailingZeros(minimumScale: 1)
    }

    // MARK: - rounding functions (results have scale 0)

    /// `fn:floor`.
    public func floor() -> XSDDecimal {
        guard scale > 0 else { return self }
        let (q, r) = significand.quotientAndRemainder(dividingBy: XSDDecimal.powersOfTen[scale])
        return XSDDecimal(r < 0 ? q - 1 : q)
    }

    /// `fn:ceiling`.
    public func ceiling() -> XSDDecimal {
        guard scale > 0 else { return self }
        let (q, r) = significand.quotientAndRemainder(dividingBy: XSDDecimal.powersOfTen[scale])
        return XSDDecimal(r > 0 ? q + 1 : q)
    }

    /// `fn:round`: to the nearest integer, halves towards positive infinity.
    public func rounded() -> XSDDecimal {
        guard scale > 0 else { return self }
        let unit = XSDDecimal.powersOfTen[scale]
        let (q, r) = significand.quotientAndRemainder(dividingBy: unit)
        // Work with the floor and the non-negative distance above it.
        let floorQ = r < 0 ? q - 1 : q
        let above = r < 0 ? r + unit : r
        let twice = above.multipliedReportingOverflow(by: 2)
        return XSDDecimal(twice.overflow || twice.partialValue >= unit ? floorQ + 1 : floorQ)
    }
}
