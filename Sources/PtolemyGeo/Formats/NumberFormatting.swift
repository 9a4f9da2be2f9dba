/// How every writer of this module prints a coordinate: the shortest decimal
/// text that reads back to the same double, without a trailing ".0" on
/// integral values (so `POINT (1 2)`, not `POINT (1.0 2.0)`).
enum NumberFormatting {
    static func append(_ value: Double, to out: inout String) {
        if value.isFinite, value == value.rounded(.towardZero), Swift.abs(value) < 1e15 {
            out += String(Int64(value))
        } else {
            // Swift's description is the shortest round-tripping representation.
            out += value.description
        }
    }

    /// Appends `count` ordinates from `values[start...]`, separated by `separator`.
    static func append(_ values: [Double], from start: Int, count: Int, separator: String, to out: inout String) {
        for index in 0..<count {
            if index > 0 { out += separator }
            append(values[start + index], to: &out)
        }
    }
}
