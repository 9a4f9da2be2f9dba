/// The parameters of a URL query string or an `application/x-www-form-urlencoded` body,
/// in order and with repeats (`default-graph-uri` may come several times).
struct FormParameters: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init() {}

    /// Decodes `a=1&b=x+y%21`: `+` is a space, `%XX` a byte (UTF-8 text); a malformed
    /// escape stays as written.
    init(encoded text: some StringProtocol) {
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = piece.firstIndex(of: "=") {
                pairs.append((Self.decode(piece[..<eq]), Self.decode(piece[piece.index(after: eq)...])))
            } else {
                pairs.append((Self.decode(piece), ""))
            }
        }
    }

    static func decode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            let byte = utf8[i]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), i + 2 < utf8.count, let high = hexValue(utf8[i + 1]), let low = hexValue(utf8[i + 2]) {
                bytes.append(high << 4 | low)
                i += 2
            } else {
                bytes.append(byte)
            }
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Every value of `name`.
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The first value of `name`.
    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    func contains(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    /// These parameters followed by `other`'s.
    func merged(with other: FormParameters) -> FormParameters {
        var result = self
        result.pairs += other.pairs
        return result
    }
}
