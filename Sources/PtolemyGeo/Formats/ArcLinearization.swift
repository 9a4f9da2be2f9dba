import Foundation

/// Circular arcs as line strings: GEOS has no curves, so GML's arcs and circles are
/// read as the chords of many short steps, as PostGIS's `ST_CurveToLine` does by default
/// (32 segments per quarter circle, so a chord departs from its arc by under 0.05 % of
/// the radius). Each arc's end points are kept exactly.
enum ArcLinearization {
    static let segmentsPerQuarter = 32

    /// The points along consecutive arcs through (p0, p1, p2), (p2, p3, p4), … of an
    /// ArcString (`values` flat, `stride` ordinates per position; a third is Z,
    /// interpolated along each arc). With `circle`, one full circle through the three
    /// positions, closed at p0. Nil when the number of positions does not fit.
    static func arcString(_ values: [Double], stride: Int, circle: Bool) -> [Double]? {
        let count = values.count / stride
        if circle {
            guard count == 3 else { return nil }
        } else {
            guard count >= 3, count % 2 == 1 else { return nil }
        }
        func point(_ i: Int) -> [Double] { Array(values[(i * stride)..<((i + 1) * stride)]) }
        var out = point(0)
        var i = 0
        while i + 2 < count {
            out += arc(point(i), point(i + 1), point(i + 2), circle: circle).dropFirst(stride)
            i += 2
        }
        return out
    }

    /// One arc from p0 through p1 to p2 (start included); a full circle when `circle`.
    /// Collinear points make the straight line through them.
    private static func arc(_ p0: [Double], _ p1: [Double], _ p2: [Double], circle: Bool) -> [Double] {
        let stride = p0.count
        // The centre, computed relative to p0 for precision.
        let bx = p1[0] - p0[0], by = p1[1] - p0[1], cx = p2[0] - p0[0], cy = p2[1] - p0[1]
        let d = 2 * (bx * cy - by * cx)
        let scale = max(abs(bx), abs(by), abs(cx), abs(cy))
        guard abs(d) > 1e-12 * scale * scale, scale > 0 else {
            return circle ? p0 + p1 + p0 : p0 + p1 + p2
        }
        let b2 = bx * bx + by * by, c2 = cx * cx + cy * cy
        let ux = (cy * b2 - by * c2) / d, uy = (bx * c2 - cx * b2) / d
        let centreX = p0[0] + ux, centreY = p0[1] + uy
        let radius = (ux * ux + uy * uy).squareRoot()
        let start = atan2(p0[1] - centreY, p0[0] - centreX)
        let end = atan2(p2[1] - centreY, p2[0] - centreX)
        // Counter-clockwise when p0, p1, p2 turn left.
        let counterClockwise = bx * cy - by * cx > 0
        var sweep: Double
        if circle {
            sweep = counterClockwise ? 2 * Double.pi : -2 * Double.pi
        } else if counterClockwise {
            sweep = end - start
            if sweep <= 0 { sweep += 2 * Double.pi }
        } else {
            sweep = end - start
            if sweep >= 0 { sweep -= 2 * Double.pi }
        }
        let z0 = stride > 2 ? p0[2] : 0, z2 = stride > 2 ? (circle ? p0[2] : p2[2]) : 0
        let last = circle ? p0 : p2
        return p0 + steps(centreX, centreY, radius, from: start, sweep: sweep, z: (z0, z2), stride: stride) + last
    }

    /// The points of an arc around a centre given by its angles (radians): start and end
    /// included. `z` is interpolated from its first to its second value.
    static func arc(centreX: Double, centreY: Double, radius: Double, from start: Double, sweep: Double, z: (Double, Double)?,
                    stride: Int) -> [Double] {
        func at(_ angle: Double, _ fraction: Double) -> [Double] {
            var p = [centreX + radius * cos(angle), centreY + radius * sin(angle)]
            if stride > 2 { p.append((z?.0 ?? 0) + ((z?.1 ?? 0) - (z?.0 ?? 0)) * fraction) }
            return p
        }
        return at(start, 0) + steps(centreX, centreY, radius, from: start, sweep: sweep, z: z ?? (0, 0), stride: stride)
            + at(start + sweep, 1)
    }

    /// The points strictly between an arc's ends.
    private static func steps(_ cx: Double, _ cy: Double, _ radius: Double, from start: Double, sweep: Double,
                              z: (Double, Double), stride: Int) -> [Double] {
        let n = max(1, Int((abs(sweep) / (Double.pi / 2) * Double(segmentsPerQuarter)).rounded(.up)))
        var out: [Double] = []
        out.reserveCapacity((n - 1) * stride)
        for k in 1..<n {
            let fraction = Double(k) / Double(n)
            let angle = start + sweep * fraction
            out.append(cx + radius * cos(angle))
            out.append(cy + radius * sin(angle))
            if stride > 2 { out.append(z.0 + (z.1 - z.0) * fraction) }
        }
        return out
    }
}
