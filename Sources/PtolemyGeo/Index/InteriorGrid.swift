/// A raster approximation of a polygonal geometry: a grid over its extent whose cells
/// are known to lie wholly in its interior, wholly in its exterior, or to meet its
/// boundary.
///
/// A spatial selection against a constant polygon tests thousands of candidates; most
/// of them lie well inside or well outside it, and their bounding box alone settles
/// them once the cells it covers are all interior or all exterior. Only the candidates
/// near the boundary still need the exact test on GEOS (the idea of raster
/// intermediate filters such as APRIL, Georgiadis et al. 2023).
///
/// Classification is conservative: a cell is boundary when any edge of any ring meets
/// its closed rectangle widened by a small margin, so floating-point rounding can only
/// turn an interior or exterior cell into a boundary one, never the reverse. Connected
/// non-boundary cells share one status, found by an even-odd ray test of one cell
/// centre per run of a row.
public struct InteriorGrid: Sendable {
    /// Where a region lies relative to the polygon.
    public enum Placement: Sendable, Equatable {
        /// In the interior: no point of the region is on the boundary or outside.
        case interior
        /// In the exterior: no point of the region is on the boundary or inside.
        case exterior
        /// Some point of the geometry is in the interior (the rest unknown).
        case meetsInterior
    }

    private let extent: BoundingBox
    private let columns: Int
    private let rows: Int
    private let cellWidth: Double
    private let cellHeight: Double
    private let inverseCellWidth: Double
    private let inverseCellHeight: Double
    /// Summed-area tables ((rows + 1) × (columns + 1)) of interior and of exterior cells:
    /// any rectangle of cells is classified in four reads each.
    private let interiorSums: [Int32]
    private let exteriorSums: [Int32]
    /// Each cell's status (1 boundary, 2 interior, 3 exterior), row by row: one read
    /// places a vertex that is not on a cell border.
    private let cells: [UInt8]

    /// The grid of a valid polygon or multi-polygon, of about `resolution`² square cells;
    /// nil for other geometry types, empty, invalid or degenerate ones (their
    /// interior is not what the even-odd rule over their rings says).
    public init?(_ geometry: Geometry, resolution: Int = 128) {
        guard geometry.type == .polygon || geometry.type == .multiPolygon, !geometry.isEmpty, geometry.isValid else {
            return nil
        }
        let box = geometry.boundingBox
        guard !box.isEmpty, box.width > 0, box.height > 0, resolution > 0 else { return nil }
        // Every edge of every ring, once: the boundary marking and the ray tests walk them.
        var edges: [Edge] = []
        geometry.shape.forEachSequence { ring in
            let stride = ring.dimensions.stride, points = ring.coordinates
            guard ring.pointCount >= 2 else { return }
            for k in 0..<(ring.pointCount - 1) {
                edges.append(Edge(x0: points[k * stride], y0: points[k * stride + 1],
                                  x1: points[(k + 1) * stride], y1: points[(k + 1) * stride + 1]))
            }
        }
        // Square cells, about resolution² of them whatever the aspect (a long thin
        // corridor gets as many as a square), but never more than 4 × resolution a side.
        let side = max((box.width * box.height).squareRoot() / Double(resolution), max(box.width, box.height) / Double(4 * resolution))
        self.init(extent: box, edges: edges, cellSide: side)
    }

    /// A segment of a ring.
    private struct Edge {
        var x0, y0, x1, y1: Double
    }

    private init(extent: BoundingBox, edges: [Edge], cellSide: Double) {
        self.extent = extent
        columns = max(1, Int((extent.width / cellSide).rounded(.up)))
        rows = max(1, Int((extent.height / cellSide).rounded(.up)))
        cellWidth = extent.width / Double(columns)
        cellHeight = extent.height / Double(rows)
        inverseCellWidth = 1 / cellWidth
        inverseCellHeight = 1 / cellHeight
        // Margin against rounding in the cell arithmetic: far below any cell, far above
        // the error of computing a cell's bounds from the extent.
        let margin = max(cellWidth, cellHeight) * 1e-6

        // 0 unknown, 1 boundary, 2 interior, 3 exterior.
        var status = [UInt8](repeating: 0, count: rows * columns)
        for e in edges {
            Self.forEachCell(e.x0, e.y0, e.x1, e.y1, margin: margin, extent: extent, columns: columns, rows: rows,
                             cellWidth: cellWidth, cellHeight: cellHeight) { cell in
                status[cell] = 1
                return true
            }
        }
        for r in 0..<rows {
            var c = 0
            while c < columns {
                if status[r * columns + c] != 0 { c += 1; continue }
                let x = extent.minX + (Double(c) + 0.5) * cellWidth
                let y = extent.minY + (Double(r) + 0.5) * cellHeight
                let value: UInt8 = Self.inside(x, y, edges: edges) ? 2 : 3
                while c < columns && status[r * columns + c] == 0 {
                    status[r * columns + c] = value
                    c += 1
                }
            }
        }
        let width = columns + 1, columns = self.columns, rows = self.rows
        let tableSize = (rows + 1) * width
        let fill = { (wanted: UInt8) -> [Int32] in
            [Int32](unsafeUninitializedCapacity: tableSize) { table, initialized in
                status.withUnsafeBufferPointer { status in
                    for c in 0..<width { table[c] = 0 }
                    for r in 0..<rows {
                        var running: Int32 = 0
                        let above = r * width, here = (r + 1) * width, cells = r * columns
                        table[here] = 0
                        for c in 0..<columns {
                            if status[cells + c] == wanted { running += 1 }
                            table[here + c + 1] = table[above + c + 1] + running
                        }
                    }
                }
                initialized = tableSize
            }
        }
        interiorSums = fill(2)
        exteriorSums = fill(3)
        cells = status
    }

    /// Calls `body` with the index of every cell whose closed rectangle, widened by
    /// `margin`, meets the segment (row by row, the segment's x-range within the row's
    /// widened y-band; a coordinate beyond the grid counts as its edge cell), until it
    /// returns false.
    private static func forEachCell(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, margin: Double,
                                    extent: BoundingBox, columns: Int, rows: Int,
                                    cellWidth: Double, cellHeight: Double, _ body: (Int) -> Bool) {
        func row(_ y: Double) -> Int { min(rows - 1, max(0, Int(((y - extent.minY) / cellHeight).rounded(.down)))) }
        func column(_ x: Double) -> Int { min(columns - 1, max(0, Int(((x - extent.minX) / cellWidth).rounded(.down)))) }
        let firstRow = row(min(y0, y1) - margin), lastRow = row(max(y0, y1) + margin)
        for r in firstRow...lastRow {
            let bandLow = extent.minY + Double(r) * cellHeight - margin
            let bandHigh = extent.minY + Double(r + 1) * cellHeight + margin
            // The part of the segment inside the band, as a parameter range.
            var t0 = 0.0, t1 = 1.0
            let dy = y1 - y0
            if dy != 0 {
                let a = (bandLow - y0) / dy, b = (bandHigh - y0) / dy
                t0 = max(t0, min(a, b))
                t1 = min(t1, max(a, b))
                if t0 > t1 { continue }
            } else if y0 < bandLow || y0 > bandHigh {
                continue
            }
            let xa = x0 + (x1 - x0) * t0, xb = x0 + (x1 - x0) * t1
            let firstColumn = column(min(xa, xb) - margin), lastColumn = column(max(xa, xb) + margin)
            for c in firstColumn...lastColumn where !body(r * columns + c) { return }
        }
    }

    /// Even-odd ray test (the point is on no edge: it is the centre of a cell no edge meets).
    private static func inside(_ x: Double, _ y: Double, edges: [Edge]) -> Bool {
        var inside = false
        for e in edges where (e.y0 > y) != (e.y1 > y) {
            let crossing = e.x0 + (y - e.y0) / (e.y1 - e.y0) * (e.x1 - e.x0)
            if x < crossing { inside.toggle() }
        }
        return inside
    }

    /// Where a non-empty geometry with this bounding box lies, when its box settles it:
    /// every cell the box covers is interior, or every covered cell is exterior (cells
    /// beyond the grid are exterior). Nil when the box meets a boundary cell.
    public func placement(of box: BoundingBox) -> Placement? {
        guard !box.isEmpty else { return nil }
        if !box.intersects(extent) { return .exterior }
        // Cells the closed box touches; the slack (a millionth of a cell, as the
        // boundary marking's margin) makes a coordinate on a cell border take both sides.
        let slackX = cellWidth * 1e-6, slackY = cellHeight * 1e-6
        let c0 = Int(((box.minX - slackX - extent.minX) * inverseCellWidth).rounded(.down))
        let c1 = Int(((box.maxX + slackX - extent.minX) * inverseCellWidth).rounded(.down))
        let r0 = Int(((box.minY - slackY - extent.minY) * inverseCellHeight).rounded(.down))
        let r1 = Int(((box.maxY + slackY - extent.minY) * inverseCellHeight).rounded(.down))
        let lowColumn = max(0, c0), highColumn = min(columns - 1, c1)
        let lowRow = max(0, r0), highRow = min(rows - 1, r1)
        let cells = Int32((highColumn - lowColumn + 1) * (highRow - lowRow + 1))
        let beyond = c0 < 0 || r0 < 0 || c1 >= columns || r1 >= rows
        let exterior = sum(exteriorSums, lowRow, lowColumn, highRow, highColumn)
        if exterior == cells { return .exterior }
        if !beyond && sum(interiorSums, lowRow, lowColumn, highRow, highColumn) == cells { return .interior }
        return nil
    }

    /// Where the geometry in `wkb` (ISO or extended WKB, as stored) lies, from its
    /// vertices and, for points and lines, its segments: ``Placement/meetsInterior`` when
    /// a vertex lies in an interior cell; ``Placement/exterior`` when the geometry is
    /// points or lines and every point and segment meets exterior cells only (a polygon
    /// could surround this one, so areal geometries never get it); nil otherwise, and
    /// when the WKB cannot be read.
    public func placement(wkb: [UInt8]) -> Placement? {
        placement(wkb: wkb[...])
    }

    /// See ``placement(wkb:)-([UInt8])``: the same for WKB inside a larger buffer.
    public func placement(wkb: ArraySlice<UInt8>) -> Placement? {
        wkb.withUnsafeBytes { bytes in
            var meetsInterior = false
            // Still possibly exterior: only for points and lines, and while every part
            // seen so far meets exterior cells only.
            var onlyExterior = WKBVertices.isPointsOrLines(bytes)
            var previous: (x: Double, y: Double)?
            let complete = WKBVertices.visit(bytes) { x, y, startsSequence in
                if isInInteriorCell(x, y) {
                    meetsInterior = true
                    return false
                }
                if onlyExterior {
                    if startsSequence || previous == nil {
                        onlyExterior = placement(of: BoundingBox(x: x, y: y)) == .exterior
                    } else {
                        onlyExterior = segmentMeetsOnlyExterior(previous!.x, previous!.y, x, y)
                    }
                }
                previous = (x, y)
                return true
            }
            if meetsInterior { return .meetsInterior }
            return complete && onlyExterior && previous != nil ? .exterior : nil
        }
    }

    /// Whether the point lies in an interior cell (on a cell border: every cell it
    /// touches is interior).
    @inline(__always)
    private func isInInteriorCell(_ x: Double, _ y: Double) -> Bool {
        let border = 1e-6
        let fx = (x - extent.minX) * inverseCellWidth, fy = (y - extent.minY) * inverseCellHeight
        guard fx >= 0, fy >= 0, fx < Double(columns), fy < Double(rows) else { return false }
        let c = Int(fx), r = Int(fy)
        let dx = fx - Double(c), dy = fy - Double(r)
        if dx > border && dx < 1 - border && dy > border && dy < 1 - border {
            return cells[r * columns + c] == 2
        }
        return placement(of: BoundingBox(x: x, y: y)) == .interior
    }

    /// Whether every cell the segment meets (each widened by the boundary marking's
    /// margin, so rounding errs towards "no") is exterior; cells beyond the grid are.
    private func segmentMeetsOnlyExterior(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        let box = BoundingBox(minX: min(x0, x1), minY: min(y0, y1), maxX: max(x0, x1), maxY: max(y0, y1))
        guard let coarse = placement(of: box) else {
            var outside = true
            Self.forEachCell(x0, y0, x1, y1, margin: max(cellWidth, cellHeight) * 1e-6, extent: extent, columns: columns, rows: rows,
                             cellWidth: cellWidth, cellHeight: cellHeight) { cell in
                if cells[cell] != 3 { outside = false }
                return outside
            }
            return outside
        }
        return coarse == .exterior
    }

    private func sum(_ table: [Int32], _ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) -> Int32 {
        let width = columns + 1
        return table[(r1 + 1) * width + c1 + 1] - table[r0 * width + c1 + 1] - table[(r1 + 1) * width + c0] + table[r0 * width + c0]
    }
}

extension SpatialRelation {
    /// The relation's truth for a non-empty candidate that lies wholly in the interior
    /// (or wholly in the exterior) of a polygon, when that alone decides it; nil when
    /// the answer depends on more (the RCC8 relations that need the candidate's
    /// boundary, whose dimension the box does not tell).
    ///
    /// - Parameter candidateFirst: whether the candidate is the relation's first argument.
    public func verdict(candidate placement: InteriorGrid.Placement, candidateFirst: Bool) -> Bool? {
        switch placement {
        case .exterior:
            // Nothing of the candidate meets the polygon: only the disjoint relations
            // hold. rcc8dc also asks the candidate's boundary to meet the exterior.
            switch self {
            case .sfDisjoint, .ehDisjoint: return true
            case .rcc8dc: return nil
            default: return false
            }
        case .interior:
            // Interiors meet, the candidate is in the polygon and touches neither its
            // boundary nor its exterior; the polygon reaches beyond the candidate.
            switch self {
            case .sfIntersects: return true
            case .sfWithin, .ehInside: return candidateFirst
            case .sfContains, .ehContains: return !candidateFirst
            case .rcc8ntpp, .rcc8ntppi: return nil
            default: return false
            }
        case .meetsInterior:
            // A point of the candidate in the open interior has candidate-interior points
            // next to it there too: the interiors meet, so nothing merely touches.
            switch self {
            case .sfIntersects: return true
            case .sfDisjoint, .ehDisjoint, .rcc8dc, .sfTouches, .ehMeet, .rcc8ec: return false
            default: return nil
            }
        }
    }
}

/// Visits the vertices of a WKB geometry without building it (no allocation): enough
/// to place them on a grid. Bounds are checked; malformed input stops the visit.
enum WKBVertices {
    /// Whether the WKB is a point, line, multi-point or multi-line (from its header).
    static func isPointsOrLines(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 5, bytes[0] <= 1 else { return false }
        let raw = bytes.loadUnaligned(fromByteOffset: 1, as: UInt32.self)
        let code = bytes[0] == 1 ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
        return [1, 2, 4, 5].contains((code & 0x0FFF_FFFF) % 1000)
    }

    /// Calls `body(x, y)` per vertex until it returns false. Returns false when the
    /// bytes are not well-formed WKB.
    @discardableResult
    static func visit(_ bytes: UnsafeRawBufferPointer, _ body: (_ x: Double, _ y: Double, _ startsSequence: Bool) -> Bool) -> Bool {
        var position = 0
        var going = true
        func geometry(depth: Int) -> Bool {
            guard depth < WKBDecoder.maximumNesting, position + 5 <= bytes.count else { return false }
            let little = bytes[position] == 1
            guard bytes[position] <= 1 else { return false }
            func uint32(at offset: Int) -> UInt32 {
                let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                return little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
            }
            func double(at offset: Int) -> Double {
                let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                return Double(bitPattern: little ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
            }
            let code = uint32(at: position + 1)
            position += 5
            var hasZ = code & 0x8000_0000 != 0, hasM = code & 0x4000_0000 != 0
            var base = code & 0x0FFF_FFFF
            switch base / 1000 {
            case 0: break
            case 1: hasZ = true
            case 2: hasM = true
            case 3: hasZ = true; hasM = true
            default: return false
            }
            base %= 1000
            if code & 0x2000_0000 != 0 { position += 4 }
            let stride = 16 + (hasZ ? 8 : 0) + (hasM ? 8 : 0)
            func points(_ n: Int) -> Bool {
                guard n >= 0, n <= (bytes.count - position) / stride else { return false }
                for k in 0..<n where going {
                    let x = double(at: position + k * stride), y = double(at: position + k * stride + 8)
                    if !(x.isNaN && y.isNaN) { going = body(x, y, k == 0) }
                }
                position += n * stride
                return true
            }
            func count() -> Int? {
                guard position + 4 <= bytes.count else { return nil }
                defer { position += 4 }
                return Int(uint32(at: position))
            }
            switch base {
            case 1:
                return points(1)
            case 2:
                guard let n = count() else { return false }
                return points(n)
            case 3:
                guard let rings = count() else { return false }
                for _ in 0..<rings {
                    guard let n = count(), points(n) else { return false }
                }
                return true
            case 4, 5, 6, 7:
                guard let members = count() else { return false }
                for _ in 0..<members where going {
                    guard geometry(depth: depth + 1) else { return false }
                }
                return true
            default:
                return false
            }
        }
        return geometry(depth: 0)
    }
}
