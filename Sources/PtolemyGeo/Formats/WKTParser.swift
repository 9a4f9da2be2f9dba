/// The result of parsing a geometry text: ISO WKB plus what the store and the
/// planner want to know without asking GEOS.
struct EncodedGeometry: Sendable {
    var wkb: [UInt8]
    var boundingBox: BoundingBox
    var type: GeometryType
    var dimensions: CoordinateDimensions
}

/// Parses Well-Known Text straight into ISO WKB, in one pass and without
/// GEOS.
///
/// Why our own parser rather than GEOS's reader: it runs once per literal at
/// bulk load, so it must be fast (no intermediate geometry); its errors must
/// name the character offset; and GEOS 3.11 reads `POINT M (1 2 3)` as if the
/// third ordinate were Z, while this parser keeps M values in the WKB.
///
/// Grammar: OGC Simple Feature Access 1.2.1 section 7 (keywords
/// case-insensitive; `Z`, `M`, `ZM` tags, also glued on as in `POINTZ`; EMPTY
/// anywhere a geometry or member may be; multipoint members with or without
/// parentheses). Untagged coordinates with 3 or 4 ordinates are read as XYZ or
/// XYZM. All coordinates of one geometry must have the same dimensions.
/// TRIANGLE is read as a polygon, TIN and POLYHEDRALSURFACE as multipolygons
/// (GEOS has no surface types); curved types are refused as unsupported.
struct WKTParser {
    private let text: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var builder: WKBBuilder
    private var dimensions = CoordinateDimensions.xy
    private static let maximumNesting = 64

    private init(_ text: UnsafeBufferPointer<UInt8>, from start: Int) {
        self.text = text
        self.position = start
        self.builder = WKBBuilder(capacity: max(32, (text.count - start) / 2))
    }

    /// Parses the WKT in `text[start...]`, which must hold one geometry and
    /// nothing else but white space. Error offsets are counted from the start of
    /// `text` (so a literal's `<crs>` prefix is included).
    static func parse(_ text: UnsafeBufferPointer<UInt8>, from start: Int = 0) throws -> EncodedGeometry {
        var parser = WKTParser(text, from: start)
        parser.dimensions = parser.prescanDimensions()
        parser.skipSpace()
        let type = try parser.geometry(depth: 0)
        parser.skipSpace()
        guard parser.position == text.count else {
            throw parser.fail("unexpected text after the end of the geometry")
        }
        return EncodedGeometry(wkb: parser.builder.bytes, boundingBox: parser.builder.boundingBox,
                               type: type, dimensions: parser.dimensions)
    }

    static func parse(_ string: String) throws -> EncodedGeometry {
        var string = string
        return try string.withUTF8 { (buffer) throws -> EncodedGeometry in try parse(buffer) }
    }

    // MARK: Lexing

    private func fail(_ message: String, at byteOffset: Int? = nil) -> GeoError {
        GeoError(.syntax, "WKT: \(message)", offset: TextScanning.scalarOffset(text, byteOffset ?? position))
    }

    /// A short quote of the input at the current position, for error messages.
    private var found: String {
        if position >= text.count { return "end of input" }
        let end = min(text.count, position + 12)
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: text[position..<end]), as: UTF8.self) + "'"
    }

    @inline(__always)
    private mutating func skipSpace() {
        while position < text.count, TextScanning.isSpace(text[position]) { position += 1 }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        if position < text.count, text[position] == byte {
            position += 1
            return true
        }
        return false
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard consume(byte) else { throw fail("expected \(what) but found \(found)") }
    }

    /// Reads a run of letters, upper-cased.
    private mutating func word() -> String {
        skipSpace()
        let start = position
        while position < text.count, TextScanning.isLetter(text[position]) { position += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: text[start..<position]), as: UTF8.self).uppercased()
    }

    /// True (and consumed) when the next word is `keyword` (upper case).
    private mutating func consumeWord(_ keyword: StaticString) -> Bool {
        skipSpace()
        let length = keyword.utf8CodeUnitCount
        guard text.count - position >= length else { return false }
        let matches = keyword.withUTF8Buffer { expected in
            (0..<length).allSatisfy { text[position + $0] & 0xDF == expected[$0] }
        }
        guard matches else { return false }
        if position + length < text.count, TextScanning.isLetter(text[position + length]) { return false }
        position += length
        return true
    }

    private static func tag(_ word: Substring) -> CoordinateDimensions? {
        switch word {
        case "Z": .xyz
        case "M": .xym
        case "ZM": .xyzm
        default: nil
        }
    }

    /// Works out the dimensions of the whole text before parsing it, from the
    /// first dimension tag or, failing that, the first coordinate, so that the
    /// WKB type codes can be written right the first time (a collection's header
    /// comes before the member that reveals its dimensions).
    private func prescanDimensions() -> CoordinateDimensions {
        var index = position
        while index < text.count {
            let byte = text[index]
            if TextScanning.isLetter(byte) {
                let start = index
                while index < text.count, TextScanning.isLetter(text[index]) { index += 1 }
                let word = String(decoding: UnsafeBufferPointer(rebasing: text[start..<index]), as: UTF8.self).uppercased()
                if let dimensions = Self.tag(Substring(word)) { return dimensions }
                if let glued = Self.keyword(word)?.1 { return glued }
            } else if TextScanning.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") {
                var count = 0
                var cursor = index
                while cursor < text.count {
                    while cursor < text.count, TextScanning.isSpace(text[cursor]) { cursor += 1 }
                    guard TextScanning.parseDouble(text, &cursor) != nil else { break }
                    count += 1
                }
                switch count {
                case 3: return .xyz
                case 4: return .xyzm
                default: return .xy
                }
            } else {
                index += 1
            }
        }
        return .xy
    }

    /// Maps a keyword (possibly with a glued-on dimension tag) to the geometry
    /// type it is parsed as, and the tag if any.
    private static func keyword(_ word: String) -> (GeometryType, CoordinateDimensions?)? {
        func base(_ word: Substring) -> GeometryType? {
            switch word {
            case "POINT": .point
            case "LINESTRING": .lineString
            case "POLYGON", "TRIANGLE": .polygon
            case "MULTIPOINT": .multiPoint
            case "MULTILINESTRING": .multiLineString
            case "MULTIPOLYGON", "TIN", "POLYHEDRALSURFACE": .multiPolygon
            case "GEOMETRYCOLLECTION": .geometryCollection
            default: nil
            }
        }
        if let type = base(Substring(word)) { return (type, nil) }
        for suffix in ["ZM", "Z", "M"] where word.hasSuffix(suffix) {
            if let type = base(word.dropLast(suffix.count)) { return (type, tag(Substring(suffix))) }
        }
        return nil
    }

    // MARK: Grammar

    private mutating func geometry(depth: Int) throws -> GeometryType {
        guard depth < Self.maximumNesting else { throw fail("geometry collections nested deeper than \(Self.maximumNesting)") }
        skipSpace()
        let start = position
        let name = word()
        guard !name.isEmpty else { throw fail("expected a geometry type such as POINT or POLYGON but found \(found)") }
        guard let recognised = Self.keyword(name) else {
            switch name {
            case "CIRCULARSTRING", "COMPOUNDCURVE", "CURVEPOLYGON", "MULTICURVE", "MULTISURFACE", "CURVE", "SURFACE":
                throw GeoError(.unsupported, "WKT: \(name) (curved geometries) is not supported", offset: TextScanning.scalarOffset(text, start))
            default:
                throw fail("unknown geometry type '\(name)'", at: start)
            }
        }
        let (type, glued) = recognised
        skipSpace()
        let tagStart = position
        var tag = glued
        if tag == nil {
            if consumeWord("ZM") { tag = .xyzm } else if consumeWord("Z") { tag = .xyz } else if consumeWord("M") { tag = .xym }
        }
        if let tag, tag != dimensions {
            throw fail("dimension tag '\(tag.wktTag.dropLast())' disagrees with the rest of the geometry, which is \(dimensions.wktTag.isEmpty ? "XY" : String(dimensions.wktTag.dropLast()))", at: tagStart)
        }
        builder.header(type, dimensions)
        if consumeWord("EMPTY") {
            emptyBody(type)
            return type
        }
        switch type {
        case .point:
            try expect(UInt8(ascii: "("), "'(' or EMPTY after POINT")
            try coordinate()
            try expect(UInt8(ascii: ")"), "')' closing the point")
        case .lineString:
            try lineStringBody(isRing: false)
        case .polygon:
            try polygonBody()
        case .multiPoint:
            try members { (parser) throws in
                parser.builder.header(.point, parser.dimensions)
                if parser.consumeWord("EMPTY") {
                    parser.emptyBody(.point)
                } else if parser.consume(UInt8(ascii: "(")) {
                    try parser.coordinate()
                    try parser.expect(UInt8(ascii: ")"), "')' closing the point")
                } else {
                    try parser.coordinate()
                }
            }
        case .multiLineString:
            try members { (parser) throws in
                parser.builder.header(.lineString, parser.dimensions)
                if parser.consumeWord("EMPTY") { parser.emptyBody(.lineString) } else { try parser.lineStringBody(isRing: false) }
            }
        case .multiPolygon:
            try members { (parser) throws in
                parser.builder.header(.polygon, parser.dimensions)
                if parser.consumeWord("EMPTY") { parser.emptyBody(.polygon) } else { try parser.polygonBody() }
            }
        case .geometryCollection:
            try members { (parser) throws in _ = try parser.geometry(depth: depth + 1) }
        }
        return type
    }

    private mutating func emptyBody(_ type: GeometryType) {
        if type == .point {
            for _ in 0..<dimensions.stride { builder.append(Double.nan) }
        } else {
            builder.append(UInt32(0))
        }
    }

    /// `( member, member, ... )` with a count written before the members.
    private mutating func members(_ member: (inout WKTParser) throws -> Void) throws {
        try expect(UInt8(ascii: "("), "'(' or EMPTY")
        let countPosition = builder.reserveCount()
        var count = 0
        repeat {
            try member(&self)
            count += 1
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: ")"), "',' or ')'")
        builder.patchCount(at: countPosition, count)
    }

    /// One coordinate: `dimensions.stride` numbers separated by white space.
    @inline(__always)
    private mutating func coordinate() throws {
        skipSpace()
        let start = position
        let x = try number()
        let y = try number()
        builder.appendXY(x, y)
        for _ in 2..<dimensions.stride {
            builder.append(try number())
        }
        // A further number means the coordinate has more ordinates than declared.
        skipSpace()
        if position < text.count, text[position] != UInt8(ascii: ","), text[position] != UInt8(ascii: ")") {
            var probe = position
            if TextScanning.parseDouble(text, &probe) != nil {
                throw fail("coordinate has more than the \(dimensions.stride) ordinates of a \(dimensions.wktTag.isEmpty ? "2D" : String(dimensions.wktTag.dropLast())) geometry", at: start)
            }
        }
    }

    @inline(__always)
    private mutating func number() throws -> Double {
        skipSpace()
        let start = position
        guard let value = TextScanning.parseDouble(text, &position) else {
            if position < text.count, text[position] == UInt8(ascii: ",") || text[position] == UInt8(ascii: ")") {
                throw fail("coordinate has fewer than the \(dimensions.stride) ordinates expected", at: start)
            }
            throw fail("expected a number but found \(found)")
        }
        guard value.isFinite else { throw fail("number out of range", at: start) }
        // Numbers must be separated: "1-2" is not two ordinates.
        if position < text.count, !TextScanning.isSpace(text[position]),
           text[position] != UInt8(ascii: ","), text[position] != UInt8(ascii: ")") {
            throw fail("expected white space, ',' or ')' after a number but found \(found)")
        }
        return value
    }

    /// `( x y, x y, ... )` with its point count; for a ring, also checks the
    /// rules GEOS enforces (closed, 0 or at least 4 points).
    private mutating func lineStringBody(isRing: Bool) throws {
        let open = position
        try expect(UInt8(ascii: "("), isRing ? "'(' opening a ring" : "'(' or EMPTY")
        let countPosition = builder.reserveCount()
        let firstCoordinate = builder.bytes.count
        var count = 0
        repeat {
            try coordinate()
            count += 1
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: ")"), "',' or ')'")
        builder.patchCount(at: countPosition, count)
        if isRing {
            if count < 4 {
                throw fail("a polygon ring must have at least 4 points, found \(count)", at: open)
            }
            let last = builder.bytes.count - dimensions.stride * 8
            let closed = builder.bytes.withUnsafeBytes { raw in
                func ordinate(_ offset: Int) -> Double {
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                }
                return ordinate(firstCoordinate) == ordinate(last) && ordinate(firstCoordinate + 8) == ordinate(last + 8)
            }
            if !closed {
                throw fail("a polygon ring must be closed (its first and last points must be equal)", at: open)
            }
        } else if count == 1 {
            throw fail("a line string must have at least 2 points, found 1", at: open)
        }
    }

    private mutating func polygonBody() throws {
        try members { (parser) throws in try parser.lineStringBody(isRing: true) }
    }
}
