/// An element of a parsed XML fragment: just what the GML and KML readers need.
struct XMLElement {
    /// The qualified name as written (`gml:Point`).
    var name: String
    /// The offset (in bytes) of the element's `<`.
    var offset: Int
    var attributes: [(name: String, value: String)] = []
    var children: [XMLElement] = []
    /// The element's own character data (not its descendants'), entities decoded.
    var text = ""

    /// The name without its namespace prefix (`Point`). The GML and KML readers
    /// match on local names: geometry literals in the wild often omit or vary the
    /// namespace declarations, and the element names are unambiguous.
    var localName: Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    /// An attribute by local name (`srsName` matches `gml:srsName` too).
    func attribute(_ localName: String) -> String? {
        for attribute in attributes {
            let name = attribute.name
            if name == localName { return attribute.value }
            if let colon = name.lastIndex(of: ":"), name[name.index(after: colon)...] == localName, !name.hasPrefix("xmlns") {
                return attribute.value
            }
        }
        return nil
    }

    /// Child elements with the given local name.
    func children(_ localName: String) -> [XMLElement] {
        children.filter { $0.localName == localName }
    }

    func child(_ localName: String) -> XMLElement? {
        children.first { $0.localName == localName }
    }
}

/// A small non-validating XML 1.0 reader over UTF-8 bytes: elements,
/// attributes, character data, the five predefined entities and character
/// references, CDATA, comments, processing instructions and a DOCTYPE without
/// an internal subset. Enough for GML and KML geometry literals; errors carry
/// the character offset.
struct XMLReader {
    private let text: UnsafeBufferPointer<UInt8>
    private var position = 0
    private let what: String
    private static let maximumNesting = 256

    private init(_ text: UnsafeBufferPointer<UInt8>, what: String) {
        self.text = text
        self.what = what
    }

    /// Parses a document or fragment with exactly one root element.
    static func parse(_ text: UnsafeBufferPointer<UInt8>, what: String) throws -> XMLElement {
        var reader = XMLReader(text, what: what)
        try reader.misc()
        guard reader.position < text.count, text[reader.position] == UInt8(ascii: "<") else {
            throw reader.fail("expected an XML element")
        }
        let root = try reader.element(depth: 0)
        try reader.misc()
        guard reader.position == text.count else { throw reader.fail("unexpected content after the root element") }
        return root
    }

    func fail(_ message: String, at offset: Int? = nil) -> GeoError {
        GeoError(.syntax, "\(what): \(message)", offset: TextScanning.scalarOffset(text, offset ?? position))
    }

    private func starts(with prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard text.count - position >= length else { return false }
        return prefix.withUTF8Buffer { expected in (0..<length).allSatisfy { text[position + $0] == expected[$0] } }
    }

    private mutating func skip(past terminator: StaticString, _ construct: String) throws {
        let start = position
        while position < text.count {
            if starts(with: terminator) {
                position += terminator.utf8CodeUnitCount
                return
            }
            position += 1
        }
        throw fail("unterminated \(construct)", at: start)
    }

    private mutating func skipSpace() {
        while position < text.count, TextScanning.isSpace(text[position]) { position += 1 }
    }

    /// White space, comments, processing instructions and a DOCTYPE, outside the root.
    private mutating func misc() throws {
        while true {
            skipSpace()
            if starts(with: "<?") { try skip(past: "?>", "processing instruction") }
            else if starts(with: "<!--") { try skip(past: "-->", "comment") }
            else if starts(with: "<!DOCTYPE") { try skip(past: ">", "DOCTYPE") }
            else { return }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        TextScanning.isLetter(byte) || TextScanning.isDigit(byte) || byte >= 0x80
            || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private mutating func name() throws -> String {
        let start = position
        while position < text.count, Self.isNameByte(text[position]) { position += 1 }
        guard position > start, !TextScanning.isDigit(text[start]) else { throw fail("expected a name") }
        return String(decoding: UnsafeBufferPointer(rebasing: text[start..<position]), as: UTF8.self)
    }

    private mutating func element(depth: Int) throws -> XMLElement {
        guard depth < Self.maximumNesting else { throw fail("elements nested deeper than \(Self.maximumNesting)") }
        let start = position
        position += 1 // "<"
        var element = XMLElement(name: try name(), offset: start)
        // Attributes.
        while true {
            let beforeSpace = position
            skipSpace()
            guard position < text.count else { throw fail("unterminated start tag <\(element.name)>", at: start) }
            if text[position] == UInt8(ascii: "/") {
                guard position + 1 < text.count, text[position + 1] == UInt8(ascii: ">") else { throw fail("expected '/>'") }
                position += 2
                return element
            }
            if text[position] == UInt8(ascii: ">") {
                position += 1
                break
            }
            guard position > beforeSpace else { throw fail("expected white space before an attribute") }
            let attributeName = try name()
            skipSpace()
            guard position < text.count, text[position] == UInt8(ascii: "=") else { throw fail("expected '=' after attribute \(attributeName)") }
            position += 1
            skipSpace()
            guard position < text.count, text[position] == UInt8(ascii: "\"") || text[position] == UInt8(ascii: "'") else {
                throw fail("expected a quoted value for attribute \(attributeName)")
            }
            let quote = text[position]
            position += 1
            let value = try characterData(until: quote)
            position += 1
            element.attributes.append((attributeName, value))
        }
        // Content.
        while true {
            guard position < text.count else { throw fail("element <\(element.name)> is not closed", at: start) }
            if starts(with: "</") {
                let endTag = position
                position += 2
                let endName = try name()
                guard endName == element.name else {
                    throw fail("end tag </\(endName)> does not match <\(element.name)>", at: endTag)
                }
                skipSpace()
                guard position < text.count, text[position] == UInt8(ascii: ">") else { throw fail("expected '>'") }
                position += 1
                return element
            } else if starts(with: "<!--") {
                try skip(past: "-->", "comment")
            } else if starts(with: "<![CDATA[") {
                position += 9
                let dataStart = position
                try skip(past: "]]>", "CDATA section")
                element.text += String(decoding: UnsafeBufferPointer(rebasing: text[dataStart..<(position - 3)]), as: UTF8.self)
            } else if starts(with: "<?") {
                try skip(past: "?>", "processing instruction")
            } else if text[position] == UInt8(ascii: "<") {
                element.children.append(try self.element(depth: depth + 1))
            } else {
                element.text += try characterData(until: UInt8(ascii: "<"))
            }
        }
    }

    /// Character data up to (not including) `terminator`, with references decoded.
    private mutating func characterData(until terminator: UInt8) throws -> String {
        var bytes: [UInt8] = []
        while position < text.count, text[position] != terminator {
            let byte = text[position]
            if byte == UInt8(ascii: "&") {
                let start = position
                guard let semicolon = (position..<min(text.count, position + 12)).first(where: { text[$0] == UInt8(ascii: ";") }) else {
                    throw fail("unterminated entity reference")
                }
                let entity = String(decoding: UnsafeBufferPointer(rebasing: text[(position + 1)..<semicolon]), as: UTF8.self)
                switch entity {
                case "lt": bytes.append(UInt8(ascii: "<"))
                case "gt": bytes.append(UInt8(ascii: ">"))
                case "amp": bytes.append(UInt8(ascii: "&"))
                case "quot": bytes.append(UInt8(ascii: "\""))
                case "apos": bytes.append(UInt8(ascii: "'"))
                default:
                    let scalar: UInt32?
                    if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16) }
                    else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst(), radix: 10) }
                    else { scalar = nil }
                    guard let scalar, let character = Unicode.Scalar(scalar) else {
                        throw fail("unknown entity &\(entity);", at: start)
                    }
                    bytes.append(contentsOf: String(Character(character)).utf8)
                }
                position = semicolon + 1
            } else {
                if terminator != UInt8(ascii: "<"), byte == UInt8(ascii: "<") { throw fail("'<' in an attribute value") }
                bytes.append(byte)
                position += 1
            }
        }
        guard position < text.count else { throw fail("unexpected end of input") }
        return String(decoding: bytes, as: UTF8.self)
    }
}
