/// A non-validating XML 1.0 parser (https://www.w3.org/TR/xml/) that builds an
/// ``XMLNode`` tree with namespaces resolved.
///
/// XPath needs the whole document (axes go up and sideways), so XML sources are read
/// into a tree. Handled: elements, attributes, namespaces, character and predefined
/// entity references, CDATA sections; skipped: comments, processing instructions, the
/// document type declaration. White-space-only text between elements is dropped.
struct XMLTreeParser {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var order = 0
    private let fileName: String

    private init(bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }

    /// Parses a document.
    /// - Throws: ``MappingError`` (`.syntax`) naming the file and line.
    static func parse(_ bytes: [UInt8], fileName: String) throws -> XMLNode {
        var parser = XMLTreeParser(bytes: bytes, fileName: fileName)
        return try parser.parseDocument()
    }

    private func error(_ message: String) -> MappingError {
        MappingError(.syntax, "XML: \(message)", sourcePosition: "\(fileName):\(line)")
    }

    private var atEnd: Bool { position >= bytes.count }

    private mutating func advance() {
        if bytes[position] == 0x0A { line += 1 }
        position += 1
    }

    private func starts(with text: String) -> Bool {
        let t = Array(text.utf8)
        guard position + t.count <= bytes.count else { return false }
        for i in 0..<t.count where bytes[position + i] != t[i] { return false }
        return true
    }

    private mutating func skip(past terminator: String, what: String) throws {
        let t = Array(terminator.utf8)
        while !atEnd {
            if starts(with: terminator) {
                for _ in 0..<t.count { advance() }
                return
            }
            advance()
        }
        throw error("\(what) not closed")
    }

    private mutating func skipSpace() {
        while !atEnd, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { advance() }
    }

    private mutating func nextOrder() -> Int {
        order += 1
        return order
    }

    private mutating func parseDocument() throws -> XMLNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        let document = XMLNode(kind: .document, order: nextOrder(), line: 1)
        var sawRoot = false
        while true {
            skipSpace()
            if atEnd { break }
            if starts(with: "<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts(with: "<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts(with: "<!DOCTYPE") {
                try skipDoctype()
            } else if bytes[position] == UInt8(ascii: "<") {
                if sawRoot { throw error("more than one root element") }
                sawRoot = true
                try parseElement(parent: document, scope: ["xml": "http://www.w3.org/XML/1998/namespace"])
            } else {
                throw error("text outside the root element")
            }
        }
        if !sawRoot { throw error("no root element") }
        return document
    }

    private mutating func skipDoctype() throws {
        var depth = 0
        while !atEnd {
            let b = bytes[position]
            advance()
            if b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "]") { depth -= 1 }
            if b == UInt8(ascii: ">") && depth == 0 { return }
        }
        throw error("document type declaration not closed")
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
          || b == UInt8(ascii: "=") || b == UInt8(ascii: "<") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'"))
    }

    private mutating func parseName() throws -> String {
        let start = position
        while !atEnd, Self.isNameByte(bytes[position]) { position += 1 }
        if position == start { throw error("a name is expected") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func parseElement(parent: XMLNode, scope: [String: String]) throws {
        let startLine = line
        position += 1 // <
        let name = try parseName()
        var rawAttributes: [(String, String)] = []
        var scope = scope
        var selfClosing = false
        while true {
            skipSpace()
            guard !atEnd else { throw error("element <\(name)> not closed") }
            if bytes[position] == UInt8(ascii: "/") {
                advance()
                guard !atEnd, bytes[position] == UInt8(ascii: ">") else { throw error("'>' expected after '/'") }
                advance()
                selfClosing = true
                break
            }
            if bytes[position] == UInt8(ascii: ">") {
                advance()
                break
            }
            let attributeName = try parseName()
            skipSpace()
            guard !atEnd, bytes[position] == UInt8(ascii: "=") else { throw error("'=' expected after attribute \(attributeName)") }
            advance()
            skipSpace()
            guard !atEnd, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw error("attribute value must be quoted")
            }
            let quote = bytes[position]
            advance()
            let value = try parseText(until: quote)
            advance()
            if attributeName == "xmlns" {
                scope[""] = value
            } else if attributeName.hasPrefix("xmlns:") {
                scope[String(attributeName.dropFirst(6))] = value
            }
            rawAttributes.append((attributeName, value))
        }
        let element = XMLNode(kind: .element, name: name, namespaceURI: Self.resolve(name, scope: scope, isElement: true),
                              order: nextOrder(), line: startLine)
        for (attributeName, value) in rawAttributes where attributeName != "xmlns" && !attributeName.hasPrefix("xmlns:") {
            element.append(attribute: XMLNode(kind: .attribute, name: attributeName,
                                              namespaceURI: Self.resolve(attributeName, scope: scope, isElement: false),
                                              value: value, order: nextOrder(), line: startLine))
        }
        parent.append(child: element)
        if selfClosing { return }
        // Content.
        var text = ""
        var textLine = line
        func flushText(_ parser: inout XMLTreeParser) {
            if !text.isEmpty {
                if text.utf8.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) || element.children.isEmpty == false && false {
                    element.append(child: XMLNode(kind: .text, value: text, order: parser.nextOrder(), line: textLine))
                }
                text = ""
            }
        }
        while true {
            guard !atEnd else { throw error("element <\(name)> (line \(startLine)) not closed") }
            if bytes[position] == UInt8(ascii: "<") {
                if starts(with: "</") {
                    flushText(&self)
                    position += 2
                    let closing = try parseName()
                    guard closing == name else { throw error("</\(closing)> closes <\(name)> (line \(startLine))") }
                    skipSpace()
                    guard !atEnd, bytes[position] == UInt8(ascii: ">") else { throw error("'>' expected") }
                    advance()
                    return
                } else if starts(with: "<!--") {
                    try skip(past: "-->", what: "comment")
                } else if starts(with: "<![CDATA[") {
                    position += 9
                    let start = position
                    while !atEnd && !starts(with: "]]>") { advance() }
                    guard !atEnd else { throw error("CDATA section not closed") }
                    if text.isEmpty { textLine = line }
                    text += String(decoding: bytes[start..<position], as: UTF8.self)
                    position += 3
                } else if starts(with: "<?") {
                    try skip(past: "?>", what: "processing instruction")
                } else {
                    flushText(&self)
                    try parseElement(parent: element, scope: scope)
                }
            } else {
                if text.isEmpty { textLine = line }
                text += try parseText(until: UInt8(ascii: "<"))
            }
        }
    }

    /// Reads character data up to (not including) `terminator`, decoding references.
    private mutating func parseText(until terminator: UInt8) throws -> String {
        var out: [UInt8] = []
        while !atEnd, bytes[position] != terminator {
            if bytes[position] == UInt8(ascii: "&") {
                position += 1
                let start = position
                while !atEnd, bytes[position] != UInt8(ascii: ";"), position - start < 12 { position += 1 }
                guard !atEnd, bytes[position] == UInt8(ascii: ";") else { throw error("entity reference not closed with ';'") }
                let entity = String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                switch entity {
                case "lt": out.append(UInt8(ascii: "<"))
                case "gt": out.append(UInt8(ascii: ">"))
                case "amp": out.append(UInt8(ascii: "&"))
                case "quot": out.append(UInt8(ascii: "\""))
                case "apos": out.append(UInt8(ascii: "'"))
                default:
                    var code: UInt32?
                    if entity.hasPrefix("#x") { code = UInt32(entity.dropFirst(2), radix: 16) } else if entity.hasPrefix("#") { code = UInt32(entity.dropFirst(1)) }
                    guard let code, let scalar = Unicode.Scalar(code) else { throw error("unknown entity &\(entity);") }
                    out.append(contentsOf: String(Character(scalar)).utf8)
                }
            } else {
                out.append(bytes[position])
                advance()
            }
        }
        if atEnd && terminator != UInt8(ascii: "<") { throw error("attribute value not closed") }
        return String(decoding: out, as: UTF8.self)
    }

    private static func resolve(_ name: String, scope: [String: String], isElement: Bool) -> String? {
        if let colon = name.firstIndex(of: ":") {
            return scope[String(name[..<colon])]
        }
        // Unprefixed attributes are in no namespace; elements in the default one.
        return isElement ? scope[""].flatMap { $0.isEmpty ? nil : $0 } : nil
    }
}
