/// The first file of a ZIP or tar archive: RML-IO's `rml:zip`, `rml:targz` and
/// `rml:tarxz` compressions name archives holding the source
/// (https://w3id.org/rml/io/spec#compression).
enum Archive {
    /// The content of the first regular file in a ZIP archive (stored or deflated).
    static func firstZipMember(_ bytes: [UInt8], fileName: String) throws -> [UInt8] {
        var p = 0
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        while p + 30 <= bytes.count, u32(p) == 0x0403_4B50 {
            let flags = u16(p + 6)
            let method = u16(p + 8)
            var compressedSize = u32(p + 18)
            let size = u32(p + 22)
            let nameLength = u16(p + 26)
            let extraLength = u16(p + 28)
            let name = String(decoding: bytes[(p + 30)..<min(p + 30 + nameLength, bytes.count)], as: UTF8.self)
            let dataStart = p + 30 + nameLength + extraLength
            if flags & 0x08 != 0 && compressedSize == 0 {
                // Sizes in a data descriptor after the data: inflate tells where it ends.
                compressedSize = bytes.count - dataStart
            }
            guard dataStart + compressedSize <= bytes.count else { break }
            if !name.hasSuffix("/") {
                switch method {
                case 0: return Array(bytes[dataStart..<dataStart + size])
                case 8:
                    do { return try Inflate.decode(bytes, start: dataStart, expectedSize: size) } catch {
                        throw MappingError(.source, "\(fileName): ZIP member \(name): \(error)")
                    }
                default:
                    throw MappingError(.source, "\(fileName): ZIP member \(name) uses compression method \(method); only stored and deflate are supported")
                }
            }
            p = dataStart + compressedSize
        }
        throw MappingError(.source, "\(fileName): no file found in the ZIP archive")
    }

    /// The content of the first regular file of a (decompressed) tar archive.
    static func firstTarMember(_ bytes: [UInt8], fileName: String) throws -> [UInt8] {
        var p = 0
        while p + 512 <= bytes.count {
            let header = bytes[p..<p + 512]
            if header.allSatisfy({ $0 == 0 }) { break }
            let sizeField = String(decoding: bytes[(p + 124)..<(p + 136)].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
            guard let size = Int(sizeField.trimmingSpaces, radix: 8) else {
                throw MappingError(.source, "\(fileName): damaged tar header")
            }
            let type = bytes[p + 156]
            let dataStart = p + 512
            guard dataStart + size <= bytes.count else { throw MappingError(.source, "\(fileName): tar archive is truncated") }
            if type == UInt8(ascii: "0") || type == 0 {
                return Array(bytes[dataStart..<dataStart + size])
            }
            p = dataStart + (size + 511) / 512 * 512
        }
        throw MappingError(.source, "\(fileName): no file found in the tar archive")
    }
}
