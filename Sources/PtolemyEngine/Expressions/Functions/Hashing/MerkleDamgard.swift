/// The message padding MD5 and the SHA family share (RFC 1321 section 3.1-3.2,
/// FIPS 180-4 section 5.1): a 1 bit, zeros, then the message length in bits.
enum MerkleDamgard {
    /// `message` padded to a multiple of `blockSize` bytes, the bit length in the last
    /// `lengthBytes` bytes, big-endian (SHA) or little-endian (MD5).
    static func pad(_ message: [UInt8], blockSize: Int, lengthBytes: Int, bigEndian: Bool) -> [UInt8] {
        var padded = message
        padded.reserveCapacity(message.count + blockSize + lengthBytes)
        padded.append(0x80)
        while (padded.count + lengthBytes) % blockSize != 0 { padded.append(0) }
        let bitLength = UInt64(message.count) &* 8
        var lengthField = [UInt8](repeating: 0, count: lengthBytes)
        for i in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))
            if bigEndian { lengthField[lengthBytes - 1 - i] = byte } else { lengthField[i] = byte }
        }
        padded += lengthField
        return padded
    }

    /// Lower-case hexadecimal, as SPARQL's hash functions return.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
