/// An axis-aligned rectangle in the coordinate space of some CRS, in the axis
/// order the coordinates are written in (so `x` is latitude for EPSG:4326).
///
/// The empty box (``BoundingBox/empty``, the box of an empty geometry) has
/// `minX > maxX`; it intersects nothing, is contained in everything, and is the
/// identity of ``union(_:)``. Boxes are closed: two boxes sharing an edge intersect.
public struct BoundingBox: Hashable, Sendable, CustomStringConvertible {
    /// Smallest X (first axis) ordinate.
    public var minX: Double
    /// Smallest Y (second axis) ordinate.
    public var minY: Double
    /// Largest X ordinate.
    public var maxX: Double
    /// Largest Y ordinate.
    public var maxY: Double

    /// A box from its bounds (not checked: `minX > maxX` makes an empty box).
    @inlinable
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The degenerate box of a single point.
    @inlinable
    public init(x: Double, y: Double) {
        self.init(minX: x, minY: y, maxX: x, maxY: y)
    }

    /// The box of no points at all.
    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    /// True for the empty box (and for any box with a NaN bound).
    @inlinable
    public var isEmpty: Bool { !(minX <= maxX && minY <= maxY) }

    /// True when the box is a single point.
    @inlinable
    public var isPoint: Bool { minX == maxX && minY == maxY }

    /// Extent along X (0 for the empty box).
    @inlinable public var width: Double { isEmpty ? 0 : maxX - minX }
    /// Extent along Y (0 for the empty box).
    @inlinable public var height: Double { isEmpty ? 0 : maxY - minY }
    /// Width times height.
    @inlinable public var area: Double { width * height }
    /// The centre's X.
    @inlinable public var centerX: Double { (minX + maxX) / 2 }
    /// The centre's Y.
    @inlinable public var centerY: Double { (minY + maxY) / 2 }

    /// True when the two (closed) boxes share at least one point.
    @inlinable
    public func intersects(_ other: BoundingBox) -> Bool {
        // Written so that any NaN or empty box yields false.
        other.minX <= maxX && minX <= other.maxX && other.minY <= maxY && minY <= other.maxY
            && minX <= maxX && minY <= maxY && other.minX <= other.maxX && other.minY <= other.maxY
    }

    /// True when `other` lies entirely inside this box (boundary included).
    /// Every box contains the empty box; the empty box contains only itself.
    @inlinable
    public func contains(_ other: BoundingBox) -> Bool {
        if other.isEmpty { return true }
        return minX <= other.minX && other.maxX <= maxX && minY <= other.minY && other.maxY <= maxY
    }

    /// True when the point lies inside the box or on its boundary.
    @inlinable
    public func contains(x: Double, y: Double) -> Bool {
        minX <= x && x <= maxX && minY <= y && y <= maxY
    }

    /// The smallest box containing both.
    @inlinable
    public func union(_ other: BoundingBox) -> BoundingBox {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return BoundingBox(minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
                           maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }

    /// The overlap of both boxes, or ``empty`` when they do not intersect.
    @inlinable
    public func intersection(_ other: BoundingBox) -> BoundingBox {
        guard intersects(other) else { return .empty }
        return BoundingBox(minX: Swift.max(minX, other.minX), minY: Swift.max(minY, other.minY),
                           maxX: Swift.min(maxX, other.maxX), maxY: Swift.min(maxY, other.maxY))
    }

    /// Grows the box to include a point.
    @inlinable
    public mutating func formUnion(x: Double, y: Double) {
        if x < minX { minX = x }
        if x > maxX { maxX = x }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }

    /// The box grown by `distance` on every side (in the coordinates' own units).
    /// A negative distance shrinks it, possibly to empty; the empty box stays empty.
    @inlinable
    public func expanded(by distance: Double) -> BoundingBox {
        expanded(byX: distance, byY: distance)
    }

    /// The box grown by `dx` left and right and `dy` above and below.
    @inlinable
    public func expanded(byX dx: Double, byY dy: Double) -> BoundingBox {
        if isEmpty { return self }
        let box = BoundingBox(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
        return box.isEmpty ? .empty : box
    }

    /// The smallest distance between the two boxes (0 when they intersect), in
    /// coordinate units; infinity when either is empty.
    @inlinable
    public func distance(to other: BoundingBox) -> Double {
        if isEmpty || other.isEmpty { return .infinity }
        let dx = Swift.max(0, Swift.max(other.minX - maxX, minX - other.maxX))
        let dy = Swift.max(0, Swift.max(other.minY - maxY, minY - other.maxY))
        return (dx * dx + dy * dy).squareRoot()
    }

    public var description: String {
        isEmpty ? "BoundingBox(empty)" : "BoundingBox(\(minX) \(minY), \(maxX) \(maxY))"
    }
}
