/// Appends little-endian integers and LEB128 varints to a byte array.
public struct ByteWriter {
    public var bytes: [UInt8]

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { bytes.count }

    @inlinable
    public mutating func u8(_ v: UInt8) { bytes.append(v) }

    @inlinable
    public mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func f64(_ v: Double) { u64(v.bitPattern) }

    @inlinable
    public mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A length-prefixed byte string.
    @inlinable
    public mutating func blob(_ b: [UInt8]) {
        varint(UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    @inlinable
    public mutating func blob(_ b: ArraySlice<UInt8>) {
        varint(UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    public mutating func string(_ s: String) {
        varint(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }
}

/// Reads what ``ByteWriter`` wrote; every read is bounds-checked and throws on truncation.
public struct ByteReader {
    public let bytes: [UInt8]
    public var offset: Int
    public let end: Int
    /// Names the file in error messages.
    public let source: String

    public init(_ bytes: [UInt8], offset: Int = 0, end: Int? = nil, source: String) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
        self.source = source
    }

    @inlinable public var isAtEnd: Bool { offset >= end }
    @inlinable public var remaining: Int { end - offset }

    @inlinable
    func need(_ n: Int) throws {
        if n < 0 || offset + n > end {
            throw StorageError.corruption(file: source, message: "truncated record at byte \(offset)")
        }
    }

    @inlinable
    public mutating func u8() throws -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return bytes[offset]
    }

    @inlinable
    public mutating func u32() throws -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    @inlinable
    public mutating func u64() throws -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    @inlinable
    public mutating func f64() throws -> Double { Double(bitPattern: try u64()) }

    @inlinable
    public mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            try need(1)
            let b = bytes[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
            if shift > 63 { throw StorageError.corruption(file: source, message: "bad varint at byte \(offset)") }
        }
    }

    public mutating func int() throws -> Int {
        let v = try varint()
        guard v <= UInt64(Int.max) else { throw StorageError.corruption(file: source, message: "integer out of range at byte \(offset)") }
        return Int(v)
    }

    public mutating func blob() throws -> ArraySlice<UInt8> {
        let n = try int()
        try need(n)
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    public mutating func string() throws -> String {
        String(decoding: try blob(), as: UTF8.self)
    }
}
