/// Byte-level helpers shared by the text parsers (WKT, GeoJSON, GML, KML),
/// which all work on the UTF-8 bytes of their input.
enum TextScanning {
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }

    /// The offset of `byteOffset` counted in Unicode scalars, which is what error
    /// messages report (a byte offset would be wrong for non-ASCII input).
    static func scalarOffset(_ text: UnsafeBufferPointer<UInt8>, _ byteOffset: Int) -> Int {
        var count = 0
        for index in 0..<min(byteOffset, text.count) where text[index] & 0xC0 != 0x80 {
            count += 1
        }
        return count
    }

    /// Exact powers of ten representable as doubles (10^0 ... 10^22), for the
    /// fast path of ``parseDouble(_:_:)``.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// 10^0 ... 10^19 as integers.
    private static let integerPowersOfTen: [UInt64] = (0...19).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The correctly rounded double nearest to `mantissa` × 10^`exponent`, for
    /// any 64-bit mantissa and |exponent| <= 19, in exact integer arithmetic.
    ///
    /// This covers the 16 to 19 digit numbers that Clinger's fast path cannot
    /// (shortest round-trip output of doubles, as Python and Swift print them,
    /// has up to 17 digits). For a negative exponent the mantissa is shifted left
    /// so that the 128-by-64-bit quotient by 10^k has exactly 64 bits; those bits
    /// and a sticky bit for a non-zero remainder decide round-half-to-even.
    static func scaled(_ mantissa: UInt64, _ exponent: Int) -> Double {
        precondition(mantissa > 0 && exponent >= -19 && exponent <= 19)
        if exponent >= 0 {
            let (high, low) = mantissa.multipliedFullWidth(by: integerPowersOfTen[exponent])
            if high == 0 { return Double(low) } // the conversion rounds correctly
            let zeros = high.leadingZeroBitCount
            let top = zeros == 0 ? high : (high << zeros) | (low >> (64 - zeros))
            let rest = low << zeros
            return round(top, sticky: rest != 0, binaryExponent: 64 - zeros)
        }
        let divisor = integerPowersOfTen[-exponent]
        let mantissaBits = 64 - mantissa.leadingZeroBitCount
        let divisorBits = 64 - divisor.leadingZeroBitCount
        func shifted(_ shift: Int) -> (high: UInt64, low: UInt64) {
            shift >= 64 ? (mantissa << (shift - 64), 0) : (mantissa >> (64 - shift), mantissa << shift)
        }
        // mantissa × 2^shift / divisor lies in (2^63, 2^65); step down once if it
        // reaches 2^64 (the division must fit in 64 bits).
        var shift = 64 + divisorBits - mantissaBits
        var dividend = shifted(shift)
        if dividend.high >= divisor {
            shift -= 1
            dividend = shifted(shift)
        }
        let (quotient, remainder) = divisor.dividingFullWidth(dividend)
        return round(quotient, sticky: remainder != 0, binaryExponent: -shift)
    }

    /// Rounds `bits` × 2^`binaryExponent` (bit 63 of `bits` set; `sticky` for
    /// anything non-zero below it) to the nearest double, ties to even.
    @inline(__always)
    private static func round(_ bits: UInt64, sticky: Bool, binaryExponent: Int) -> Double {
        var significand = bits >> 11
        let dropped = bits & 0x7FF
        var exponent = binaryExponent + 11
        if dropped > 0x400 || (dropped == 0x400 && (sticky || significand & 1 == 1)) {
            significand += 1
            if significand == 1 << 53 {
                significand >>= 1
                exponent += 1
            }
        }
        return Double(sign: .plus, exponent: exponent, significand: Double(significand))
    }

    /// Parses a decimal number (`[+-]digits[.digits][(e|E)[+-]digits]`, with
    /// digits on at least one side of the point) starting at `position`, and
    /// advances past it. Returns nil, without moving, when no number starts there.
    ///
    /// Why hand-written: number parsing dominates WKT/GML loading. Numbers whose
    /// mantissa fits in 53 bits and whose decimal exponent is within +-22 are
    /// computed with one multiplication or division (Clinger's fast path: both
    /// operands are exact doubles, so the one rounding is the correct one); up to
    /// 19 significant digits with an exponent within +-19 go through
    /// ``scaled(_:_:)``'s exact integer arithmetic. Anything else falls back to
    /// the standard library's correctly rounded conversion.
    static func parseDouble(_ text: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Double? {
        let start = position
        var index = position
        let end = text.count
        var negative = false
        if index < end, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            negative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var truncated = false
        var digitCount = 0
        while index < end, isDigit(text[index]) {
            let digit = UInt64(text[index] &- 0x30)
            if mantissa < 1_000_000_000_000_000_000 {
                mantissa = mantissa &* 10 &+ digit
            } else {
                truncated = truncated || digit != 0
                exponent += 1
            }
            digitCount += 1
            index += 1
        }
        if index < end, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, isDigit(text[index]) {
                let digit = UInt64(text[index] &- 0x30)
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa &* 10 &+ digit
                    exponent -= 1
                } else {
                    truncated = truncated || digit != 0
                }
                digitCount += 1
                index += 1
            }
        }
        guard digitCount > 0 else { return nil }
        if index < end, text[index] | 0x20 == UInt8(ascii: "e") {
            var exponentIndex = index + 1
            var exponentNegative = false
            if exponentIndex < end, text[exponentIndex] == UInt8(ascii: "-") || text[exponentIndex] == UInt8(ascii: "+") {
                exponentNegative = text[exponentIndex] == UInt8(ascii: "-")
                exponentIndex += 1
            }
            if exponentIndex < end, isDigit(text[exponentIndex]) {
                var value = 0
                while exponentIndex < end, isDigit(text[exponentIndex]) {
                    if value < 100_000 { value = value * 10 + Int(text[exponentIndex] &- 0x30) }
                    exponentIndex += 1
                }
                exponent += exponentNegative ? -value : value
                index = exponentIndex
            }
            // An "e" without digits is not part of the number; leave it for the caller.
        }
        position = index
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            let value = exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
            return negative ? -value : value
        }
        if !truncated, exponent >= -19, exponent <= 19 {
            let value = scaled(mantissa, exponent)
            return negative ? -value : value
        }
        let slice = UnsafeBufferPointer(rebasing: text[start..<index])
        // The grammar above is a subset of what Double(String) accepts.
        return Double(String(decoding: slice, as: UTF8.self))
    }
}
