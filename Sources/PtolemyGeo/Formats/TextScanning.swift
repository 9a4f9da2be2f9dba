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

    /// Parses a decimal number (`[+-]digits[.digits][(e|E)[+-]digits]`, with
    /// digits on at least one side of the point) starting at `position`, and
    /// advances past it. Returns nil, without moving, when no number starts there.
    ///
    /// Why hand-written: number parsing dominates WKT/GML loading. Numbers with at
    /// most 19 significant digits whose mantissa fits in 53 bits and whose decimal
    /// exponent is within +-22 are computed exactly with one multiplication or
    /// division (Clinger's fast path: both operands are exact doubles, so the one
    /// rounding is the correct one). Anything else, such as 17-digit coordinates,
    /// falls back to the standard library's correctly rounded conversion.
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
        let slice = UnsafeBufferPointer(rebasing: text[start..<index])
        // The grammar above is a subset of what Double(String) accepts.
        return Double(String(decoding: slice, as: UTF8.self))
    }
}
