/// A parsed JSON value with the character offset it started at, so that
/// GeoJSON errors can point into the literal.
struct JSONValue {
    indirect enum Kind {
        case object([(key: String, value: JSONValue)])
        case array([JSONValue])
        case number(Double)
        case string(String)
        case bool(Bool)
        case null
    }

    /// Byte offset of the value's first character.
    let offset: Int
    let kind: Kind

    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    var kindName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// A small strict JSON reader (RFC 8259) over UTF-8 bytes: enough for GeoJSON
/// literals, with offsets on every value and error.
struct JSONReader {
    private let text: UnsafeBufferPointer<UInt8>
    private var position = 0
    private static let maximumNesting = 128

    private init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    /// Parses a complete JSON document. `what` names the format in errors.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, what: String) throws -> JSONValue {
        var reader = JSONReader(text)
        reader.skipSpace()
        let value = try reader.value(depth: 0, what: what)
        reader.skipSpace()
        guard reader.position == text.count else { throw reader.fail("\(what): unexpected text after the JSON value") }
        return value
    }

    private func fail(_ message: String, at offset: Int? = nil) -> GeoError {
        GeoError(.syntax, message, offset: TextScanning.scalarOffset(text, offset ?? position))
    }

    private mutating func skipSpace() {
        while position < text.count, TextScanning.isSpace(text[position]) { position += 1 }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard text.count - position >= length else { return false }
        let matches = word.withUTF8Buffer { expected in (0..<length).allSatisfy { text[position + $0] == expected[$0] } }
        if matches { position += length }
        return matches
    }

    private mutating func value(depth: Int, what: String) throws -> JSONValue {
        guard depth < Self.maximumNesting else { throw fail("\(what): JSON nested deeper than \(Self.maximumNesting)") }
        skipSpace()
        let start = position
        guard position < text.count else { throw fail("\(what): unexpected end of input, expected a JSON value") }
        switch text[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(key: String, value: JSONValue)] = []
            skipSpace()
            if position < text.count, text[position] == UInt8(ascii: "}") {
                position += 1
                return JSONValue(offset: start, kind: .object(members))
            }
            while true {
                skipSpace()
                guard position < text.count, text[position] == UInt8(ascii: "\"") else {
                    throw fail("\(what): expected a quoted member name")
                }
                let key = try string(what: what)
                skipSpace()
                guard position < text.count, text[position] == UInt8(ascii: ":") else { throw fail("\(what): expected ':' after a member name") }
                position += 1
                members.append((key, try value(depth: depth + 1, what: what)))
                skipSpace()
                guard position < text.count else { throw fail("\(what): unexpected end of input inside an object") }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == UInt8(ascii: "}") { position += 1; break }
                throw fail("\(what): expected ',' or '}' in an object")
            }
            return JSONValue(offset: start, kind: .object(members))
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            skipSpace()
            if position < text.count, text[position] == UInt8(ascii: "]") {
                position += 1
                return JSONValue(offset: start, kind: .array(elements))
            }
            while true {
                elements.append(try value(depth: depth + 1, what: what))
                skipSpace()
                guard position < text.count else { throw fail("\(what): unexpected end of input inside an array") }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == UInt8(ascii: "]") { position += 1; break }
                throw fail("\(what): expected ',' or ']' in an array")
            }
            return JSONValue(offset: start, kind: .array(elements))
        case UInt8(ascii: "\""):
            return JSONValue(offset: start, kind: .string(try string(what: what)))
        case UInt8(ascii: "t") where literal("true"):
            return JSONValue(offset: start, kind: .bool(true))
        case UInt8(ascii: "f") where literal("false"):
            return JSONValue(offset: start, kind: .bool(false))
        case UInt8(ascii: "n") where literal("null"):
            return JSONValue(offset: start, kind: .null)
        default:
            guard text[position] != UInt8(ascii: "+"), let number = TextScanning.parseDouble(text, &position) else {
                throw fail("\(what): expected a JSON value")
            }
            return JSONValue(offset: start, kind: .number(number))
        }
    }

    /// A quoted string, with escapes decoded.
    private mutating func string(what: String) throws -> String {
        position += 1 // opening quote
        var bytes: [UInt8] = []
        while position < text.count {
            let byte = text[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < text.count else { break }
                let escape = text[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
                case UInt8(ascii: "b"): bytes.append(8)
                case UInt8(ascii: "f"): bytes.append(12)
                case UInt8(ascii: "n"): bytes.append(10)
                case UInt8(ascii: "r"): bytes.append(13)
                case UInt8(ascii: "t"): bytes.append(9)
                case UInt8(ascii: "u"):
                    var scalar = try hex4(what: what)
                    if (0xD800..<0xDC00).contains(scalar), literal("\\u") {
                        let low = try hex4(what: what)
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    bytes.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default:
                    throw fail("\(what): invalid escape '\\\(Character(Unicode.Scalar(escape)))'", at: position - 2)
                }
            case 0..<0x20:
                throw fail("\(what): control character in a string", at: position - 1)
            default:
                bytes.append(byte)
            }
        }
        throw fail("\(what): unterminated string")
    }

    private mutating func hex4(what: String) throws -> UInt32 {
        guard text.count - position >= 4 else { throw fail("\(what): truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = text[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x57)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x37)
            default: throw fail("\(what): invalid hex digit in a \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }
}
