internal import PtolemyCompression
internal import PtolemyRDF

/// A pull parser for the SPARQL Query Results XML Format
/// (https://www.w3.org/TR/rdf-sparql-XMLres/).
///
/// A hand-written streaming tokenizer covers the XML this format needs: the XML
/// declaration (UTF-8 only), comments, processing instructions, CDATA sections, the five
/// predefined entities and character references, attributes in either quotes, line-break
/// normalization and namespaces (the SPARQL elements may use the default namespace or a
/// prefix). Elements of other namespaces are skipped as extensions; `<link>` is ignored.
///
/// DOCTYPE declarations are refused: internal entities can expand exponentially
/// ("billion laughs"), and the format never needs one.
final class XMLResultsParser: ResultsScanner {
    private static let sparqlNamespace: StaticString = "http://www.w3.org/2005/sparql-results#"
    /// The most attributes one tag may have (the format needs two or three).
    private static let maxAttributes = 256

    enum Element: Equatable {
        case sparql, head, variable, link, results, result, binding, uri, bnode, literal, boolean, triple
        /// Any other element: an unknown name in the SPARQL namespace, or an element of another namespace.
        case other
    }

    private enum Namespace { case sparql, foreign, none }

    enum Markup {
        case start(Element, selfClosing: Bool)
        /// The end tag of the innermost open element (end tags are matched against their start tags).
        case end
        case endOfInput
    }

    private struct Attribute {
        /// Ranges in `attributeBytes`.
        var name: Range<Int>
        var value: Range<Int>
        /// Where the value starts, as an offset from the tag's `<` (for errors).
        var valueOffset: Int
    }

    private enum Stage { case results, afterResults, done }

    private var stage = Stage.done
    /// The raw qualified names of the open elements, concatenated, for matching end tags.
    private var openNames: [UInt8] = []
    private var openNameStarts: [Int] = []
    /// In-scope namespace declarations; `depth` is the element that declared them.
    private var namespaceBindings: [(prefix: [UInt8], uri: [UInt8], depth: Int)] = []
    /// A self-closing element stays open until the next markup, so that its name is at
    /// hand for messages about it.
    private var popPending = false
    private var lastNamespace = Namespace.none
    private var attributes: [Attribute] = []
    private var attributeBytes: [UInt8] = []
    /// The document offset just after a byte order mark: where an XML declaration may be.
    private var documentStart = 0

    // MARK: - Document structure

    override func readHead() throws -> ResultsHead {
        try skipByteOrderMark()
        documentStart = base + pos
        let root = try nextMarkup()
        guard case .start(.sparql, let rootEmpty) = root else { throw unexpected(root, expecting: "the <sparql> root element") }
        if rootEmpty { throw error("missing <head> in <sparql>", at: anchor) }
        let head = try nextSPARQLMarkup()
        guard case .start(.head, let headEmpty) = head else { throw unexpected(head, expecting: "<head>") }
        var names: [String] = []
        var seen = Set<String>()
        if !headEmpty {
            headLoop: while true {
                let m = try nextSPARQLMarkup()
                switch m {
                case .start(.variable, let empty):
                    guard let (value, offset) = attribute("name") else {
                        throw error("<variable> without a name attribute", at: anchor)
                    }
                    let name = String(decoding: attributeBytes[value], as: UTF8.self)
                    if !seen.insert(name).inserted {
                        throw error("variable \"\(name)\" appears twice in the head", at: anchor + offset)
                    }
                    names.append(name)
                    if !empty {
                        let close = try nextSPARQLMarkup()
                        guard case .end = close else { throw unexpected(close, expecting: "</variable>") }
                    }
                case .start(.link, let empty):
                    if !empty { try skipElement() }
                case .end:
                    break headLoop
                default:
                    throw unexpected(m, expecting: "<variable>, <link> or </head>")
                }
            }
        }
        setVariables(names)
        let body = try nextSPARQLMarkup()
        switch body {
        case .start(.results, let empty):
            stage = empty ? .afterResults : .results
            return .variables(names)
        case .start(.boolean, let empty):
            if empty { throw error("empty <boolean>: expected true or false", at: anchor) }
            let (line, column) = location(at: pos)
            let text = try readText()
            let value: Bool
            switch Self.trimmingXMLWhitespace(text) {
            case "true": value = true
            case "false": value = false
            default:
                throw ResultsParseError(origin: origin, line: line, column: column,
                                        message: "<boolean> must hold true or false, not \"\(text.prefix(40))\"")
            }
            let close = try nextSPARQLMarkup()
            guard case .end = close else { throw unexpected(close, expecting: "</sparql>") }
            try expectEndOfDocument()
            stage = .done
            return .boolean(value)
        default:
            throw unexpected(body, expecting: "<results> or <boolean>")
        }
    }

    override func next() throws -> [Term?]? {
        while true {
            switch stage {
            case .results:
                let m = try nextSPARQLMarkup()
                switch m {
                case .start(.result, let empty):
                    return try parseResult(empty: empty)
                case .end:
                    stage = .afterResults
                default:
                    throw unexpected(m, expecting: "<result> or </results>")
                }
            case .afterResults:
                let m = try nextSPARQLMarkup()
                guard case .end = m else { throw unexpected(m, expecting: "</sparql>") }
                try expectEndOfDocument()
                stage = .done
                return nil
            case .done:
                return nil
            }
        }
    }

    /// The bindings of one `<result>`, up to its end tag.
    private func parseResult(empty: Bool) throws -> [Term?] {
        var row = [Term?](repeating: nil, count: variables.count)
        if empty { return row }
        while true {
            let m = try nextSPARQLMarkup()
            switch m {
            case .end:
                return row
            case .start(.binding, let bindingEmpty):
                guard let (value, offset) = attribute("name") else {
                    throw error("<binding> without a name attribute", at: anchor)
                }
                let index = attributeBytes.withUnsafeBufferPointer { variableIndex(UnsafeBufferPointer(rebasing: $0[value])) }
                guard let index else {
                    let name = String(decoding: attributeBytes[value], as: UTF8.self)
                    throw error("binding for variable \"\(name)\", which is not in the head", at: anchor + offset)
                }
                if row[index] != nil {
                    throw error("variable \"\(variables[index])\" is bound twice in one result", at: anchor + offset)
                }
                if bindingEmpty { throw error("<binding> without a term", at: anchor) }
                row[index] = try parseBindingTerm()
            default:
                throw unexpected(m, expecting: "<binding> or </result>")
            }
        }
    }

    /// The term of a `<binding>`, and the binding's end tag.
    private func parseBindingTerm() throws -> Term {
        let m = try nextSPARQLMarkup()
        let term: Term
        switch m {
        case .start(.uri, let empty):
            let iri = empty ? "" : try readText()
            term = .iri(iri)
        case .start(.bnode, let empty):
            let label = empty ? "" : try readText()
            if label.isEmpty { throw error("empty blank node label", at: anchor) }
            term = .blank(label)
        case .start(.literal, let empty):
            var language: String?
            var datatype: String?
            if let (value, _) = attribute("xml:lang") {
                language = attributeBytes.withUnsafeBufferPointer { intern(UnsafeBufferPointer(rebasing: $0[value])) }
            }
            if let (value, _) = attribute("datatype") {
                datatype = attributeBytes.withUnsafeBufferPointer { intern(UnsafeBufferPointer(rebasing: $0[value])) }
            }
            if let language, !language.isEmpty, let datatype, datatype != RDFVocabulary.langString {
                throw error("a literal cannot have both xml:lang and the datatype <\(datatype)>", at: anchor)
            }
            let lexicalForm = empty ? "" : try readText()
            if let language, !language.isEmpty {
                term = .literal(Literal(lexicalForm, language: language))
            } else {
                term = .literal(Literal(lexicalForm, datatype: datatype ?? XSD.string))
            }
        case .start(.triple, _):
            throw error("triple terms are not supported", at: anchor)
        default:
            throw unexpected(m, expecting: "<uri>, <bnode> or <literal>")
        }
        let close = try nextSPARQLMarkup()
        guard case .end = close else { throw unexpected(close, expecting: "</binding>") }
        return term
    }

    /// After the root element: only whitespace, comments and processing instructions.
    private func expectEndOfDocument() throws {
        let m = try nextMarkup()
        guard case .endOfInput = m else {
            throw error("unexpected content after the end of the <sparql> element", at: anchor)
        }
    }

    /// The error for markup that the structure does not allow here.
    private func unexpected(_ m: Markup, expecting what: String) -> ResultsParseError {
        switch m {
        case .endOfInput:
            return endOfInputError()
        case .end:
            // The end tag is still in the buffer at `anchor`: name it as written.
            var stop = anchor + 2
            while stop < end && buf[stop] != UInt8(ascii: ">") && buf[stop] > 0x20 { stop += 1 }
            return error("expected \(what) but found </\(String(decoding: view(anchor + 2, stop), as: UTF8.self))>", at: anchor)
        case .start:
            let name = currentElementName()
            if lastNamespace == .none {
                return error("element <\(name)> is not in the SPARQL results namespace \(Self.sparqlNamespace)", at: anchor)
            }
            return error("expected \(what) but found <\(name)>", at: anchor)
        }
    }

    private func currentElementName() -> String {
        guard let start = openNameStarts.last else { return "" }
        return String(decoding: openNames[start...], as: UTF8.self)
    }

    private static func trimmingXMLWhitespace(_ s: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        var sub = Substring(s)
        while let c = sub.first, isSpace(c) { sub.removeFirst() }
        while let c = sub.last, isSpace(c) { sub.removeLast() }
        return sub
    }

    // MARK: - Markup

    /// The next markup whose element is in the SPARQL namespace (or has none), skipping
    /// extension elements of other namespaces with their content.
    private func nextSPARQLMarkup() throws -> Markup {
        while true {
            let m = try nextMarkup()
            if case .start(.other, let empty) = m, lastNamespace == .foreign {
                if !empty { try skipElement() }
                continue
            }
            return m
        }
    }

    /// Skips the content of the element just opened, up to and including its end tag.
    private func skipElement() throws {
        var depth = 1
        while depth > 0 {
            switch try nextMarkup(skippingText: true) {
            case .start(_, let empty): if !empty { depth += 1 }
            case .end: depth -= 1
            case .endOfInput: throw endOfInputError()
            }
        }
    }

    /// Skips whitespace, comments and processing instructions up to the next tag, which it
    /// reads; other text is an error, unless `skippingText` (inside skipped elements).
    /// Afterwards `anchor` is the tag's `<`.
    private func nextMarkup(skippingText: Bool = false) throws -> Markup {
        if popPending {
            popElement()
            popPending = false
        }
        while true {
            guard let b = try skipWhitespace() else { return .endOfInput }
            anchor = pos
            if b != UInt8(ascii: "<") {
                if skippingText {
                    try skipCharacterData()
                    continue
                }
                throw error("unexpected text \(describeByte(at: pos)): only markup may appear here", at: pos)
            }
            try ensure(9)
            guard end - pos >= 2 else { throw endOfInputError() }
            switch buf[pos + 1] {
            case UInt8(ascii: "/"):
                return try parseEndTag()
            case UInt8(ascii: "?"):
                try skipProcessingInstruction()
            case UInt8(ascii: "!"):
                if matches("<!--", at: pos) {
                    pos += 4
                    try consume(until: "-->", copying: false)
                } else if matches("<![CDATA[", at: pos) {
                    guard skippingText else { throw error("unexpected CDATA section: only markup may appear here", at: pos) }
                    pos += 9
                    try consume(until: "]]>", copying: false)
                } else if matches("<!DOCTYPE", at: pos) {
                    throw error("DOCTYPE declarations are not supported (their entities can expand without bound)", at: pos)
                } else if isCutShort("<!--", at: pos) || isCutShort("<![CDATA[", at: pos) || isCutShort("<!DOCTYPE", at: pos) {
                    throw endOfInputError()
                } else {
                    throw error("unexpected markup \(describeByte(at: pos + 2)) after '<!'", at: pos)
                }
            default:
                return try parseStartTag()
            }
        }
    }

    /// XML whitespace; returns the next byte (not consumed), or nil at the end of the input.
    @inline(__always)
    private func skipWhitespace() throws -> UInt8? {
        while true {
            while pos < end {
                let b = buf[pos]
                if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return b }
            }
            anchor = pos
            if !(try fill()) { return nil }
        }
    }

    /// Whitespace inside a tag (the tag stays in the buffer); whether there was any.
    @inline(__always)
    private func skipSpaceInTag() throws -> Bool {
        var any = false
        while let b = try peekByte(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
            pos += 1
            any = true
        }
        return any
    }

    /// A start tag, from its `<` (at `anchor` and `pos`).
    private func parseStartTag() throws -> Markup {
        pos += 1
        let nameStart = pos - anchor
        try scanName()
        let nameEnd = pos - anchor
        attributes.removeAll(keepingCapacity: true)
        attributeBytes.removeAll(keepingCapacity: true)
        var selfClosing = false
        while true {
            let spaced = try skipSpaceInTag()
            guard let b = try peekByte() else { throw endOfInputError() }
            if b == UInt8(ascii: ">") {
                pos += 1
                break
            }
            if b == UInt8(ascii: "/") {
                try ensure(2)
                guard end - pos >= 2 else { throw endOfInputError() }
                guard buf[pos + 1] == UInt8(ascii: ">") else {
                    throw error("expected '>' after '/' but found \(describeByte(at: pos + 1))", at: pos + 1)
                }
                pos += 2
                selfClosing = true
                break
            }
            guard spaced else {
                throw error("expected whitespace, '>' or '/>' in a tag but found \(describeByte(at: pos))", at: pos)
            }
            // Duplicates are found by comparing with every earlier attribute: a bound keeps that cheap.
            guard attributes.count < Self.maxAttributes else {
                throw error("more than \(Self.maxAttributes) attributes in one tag", at: pos)
            }
            let attributeOffset = pos - anchor
            try scanName()
            let nameRange = attributeBytes.count..<(attributeBytes.count + pos - anchor - attributeOffset)
            attributeBytes.append(contentsOf: view(anchor + attributeOffset, pos))
            for other in attributes where attributeBytes[other.name].elementsEqual(attributeBytes[nameRange]) {
                throw error("duplicate attribute \(String(decoding: attributeBytes[nameRange], as: UTF8.self))", at: anchor + attributeOffset)
            }
            _ = try skipSpaceInTag()
            guard let equals = try peekByte() else { throw endOfInputError() }
            guard equals == UInt8(ascii: "=") else {
                throw error("expected '=' after an attribute name but found \(describeByte(at: pos))", at: pos)
            }
            pos += 1
            _ = try skipSpaceInTag()
            guard let quote = try peekByte() else { throw endOfInputError() }
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw error("an attribute value must be in quotes, found \(describeByte(at: pos))", at: pos)
            }
            pos += 1
            let valueOffset = pos - anchor
            let valueStart = attributeBytes.count
            try scanAttributeValue(quote: quote)
            attributes.append(Attribute(name: nameRange, value: valueStart..<attributeBytes.count, valueOffset: valueOffset))
        }
        guard openNameStarts.count < Self.maxDepth else {
            throw error("XML nested deeper than \(Self.maxDepth) levels", at: anchor)
        }
        openNameStarts.append(openNames.count)
        openNames.append(contentsOf: view(anchor + nameStart, anchor + nameEnd))
        let depth = openNameStarts.count
        // Namespace declarations apply to the element itself, so they come before its name is resolved.
        for attribute in attributes where attributeBytes[attribute.name.lowerBound] == UInt8(ascii: "x") {
            let name = attributeBytes[attribute.name]
            if name.elementsEqual("xmlns".utf8) {
                namespaceBindings.append(([], Array(attributeBytes[attribute.value]), depth))
            } else if name.starts(with: "xmlns:".utf8) {
                namespaceBindings.append((Array(name.dropFirst(6)), Array(attributeBytes[attribute.value]), depth))
            }
        }
        let element = try resolve(nameStart: anchor + nameStart, nameEnd: anchor + nameEnd)
        if selfClosing { popPending = true }
        return .start(element, selfClosing: selfClosing)
    }

    /// The element named `buf[nameStart..<nameEnd]` in the namespaces in scope; sets `lastNamespace`.
    private func resolve(nameStart: Int, nameEnd: Int) throws -> Element {
        var colon = nameStart
        while colon < nameEnd && buf[colon] != UInt8(ascii: ":") { colon += 1 }
        let prefix = colon < nameEnd ? view(nameStart, colon) : view(nameStart, nameStart)
        let local = colon < nameEnd ? view(colon + 1, nameEnd) : view(nameStart, nameEnd)
        var uri: [UInt8]?
        if Self.same(prefix, "xml") {
            lastNamespace = .foreign
            return .other
        }
        for binding in namespaceBindings.reversed() where binding.prefix.count == prefix.count {
            if prefix.count == 0 || binding.prefix.withUnsafeBufferPointer({ memcmpBytes($0.baseAddress!, prefix.baseAddress!, prefix.count) }) {
                uri = binding.uri
                break
            }
        }
        guard let uri, !uri.isEmpty else {
            if prefix.count > 0 {
                throw error("undeclared namespace prefix \"\(String(decoding: prefix, as: UTF8.self))\"", at: nameStart)
            }
            lastNamespace = .none
            return .other
        }
        let sparql = Self.sparqlNamespace
        guard uri.count == sparql.utf8CodeUnitCount,
              uri.withUnsafeBufferPointer({ memcmpBytes($0.baseAddress!, sparql.utf8Start, uri.count) }) else {
            lastNamespace = .foreign
            return .other
        }
        lastNamespace = .sparql
        switch local.count {
        case 3:
            if Self.same(local, "uri") { return .uri }
        case 4:
            if Self.same(local, "head") { return .head }
            if Self.same(local, "link") { return .link }
        case 5:
            if Self.same(local, "bnode") { return .bnode }
        case 6:
            if Self.same(local, "sparql") { return .sparql }
            if Self.same(local, "result") { return .result }
            if Self.same(local, "triple") { return .triple }
        case 7:
            if Self.same(local, "results") { return .results }
            if Self.same(local, "binding") { return .binding }
            if Self.same(local, "literal") { return .literal }
            if Self.same(local, "boolean") { return .boolean }
        case 8:
            if Self.same(local, "variable") { return .variable }
        default:
            break
        }
        return .other
    }

    /// An end tag, from its `</` (at `anchor` and `pos`); it must close the innermost open element.
    private func parseEndTag() throws -> Markup {
        pos += 2
        let nameStart = pos - anchor
        try scanName()
        let nameEnd = pos - anchor
        _ = try skipSpaceInTag()
        guard let b = try peekByte() else { throw endOfInputError() }
        guard b == UInt8(ascii: ">") else {
            throw error("expected '>' to close an end tag but found \(describeByte(at: pos))", at: pos)
        }
        pos += 1
        let name = view(anchor + nameStart, anchor + nameEnd)
        guard let top = openNameStarts.last else {
            throw error("end tag </\(String(decoding: name, as: UTF8.self))> without a start tag", at: anchor)
        }
        let same = openNames.count - top == name.count
            && openNames.withUnsafeBufferPointer { memcmpBytes($0.baseAddress! + top, name.baseAddress!, name.count) }
        guard same else {
            throw error("end tag </\(String(decoding: name, as: UTF8.self))> does not match <\(currentElementName())>", at: anchor)
        }
        popElement()
        return .end
    }

    private func popElement() {
        let depth = openNameStarts.count
        while let last = namespaceBindings.last, last.depth == depth { namespaceBindings.removeLast() }
        openNames.removeLast(openNames.count - openNameStarts.removeLast())
    }

    /// An XML name (possibly qualified) at `pos`; the caller checks what follows it.
    private func scanName() throws {
        var first = true
        while let b = try peekByte() {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"):
                pos += 1
            case 0x80...0xFF:
                let n = try utf8SequenceLength()
                pos += n
            default:
                let inName = b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || (b >= 0x30 && b <= 0x39)
                if inName && !first {
                    pos += 1
                } else if first {
                    throw error("expected a name but found \(describeByte(at: pos))", at: pos)
                } else {
                    return
                }
            }
            first = false
        }
        if first { throw endOfInputError() }
    }

    /// An attribute value after its opening quote, decoded into `attributeBytes` with XML's
    /// attribute-value normalization (line breaks and tabs become spaces).
    private func scanAttributeValue(quote: UInt8) throws {
        while true {
            guard let b = try peekByte() else { throw endOfInputError() }
            switch b {
            case quote:
                pos += 1
                return
            case UInt8(ascii: "<"):
                throw error("'<' is not allowed in an attribute value", at: pos)
            case UInt8(ascii: "&"):
                let scalar = try decodeReference()
                UTF8Scan.append(scalar, to: &attributeBytes)
            case 0x09, 0x0A:
                attributeBytes.append(0x20)
                pos += 1
            case 0x0D:
                attributeBytes.append(0x20)
                pos += 1
                if try peekByte() == 0x0A { pos += 1 }
            case 0..<0x20:
                throw error("control character \(UTF8Scan.describe(UInt32(b))) is not allowed in XML", at: pos)
            case 0x80...0xFF:
                let n = try utf8SequenceLength()
                attributeBytes.append(contentsOf: view(pos, pos + n))
                pos += n
            default:
                attributeBytes.append(b)
                pos += 1
            }
            if attributeBytes.count > maxTermLength {
                throw error("attribute value longer than \(maxTermLength) bytes", at: anchor)
            }
        }
    }

    /// The entity or character reference at `pos` (`&`): its scalar value; moves past the `;`.
    private func decodeReference() throws -> UInt32 {
        try ensure(16)
        let start = pos
        let limit = min(end, pos + 16)
        var semicolon = pos + 1
        while semicolon < limit && buf[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < limit else {
            if atEOF && end - pos < 16 { throw endOfInputError() }
            throw error("unterminated entity reference", at: start)
        }
        let body = view(start + 1, semicolon)
        let value: UInt32
        if body.first == UInt8(ascii: "#") {
            let hex = body.count > 1 && body[1] == UInt8(ascii: "x")
            let digits = UnsafeBufferPointer(rebasing: body[(hex ? 2 : 1)...])
            var v: UInt64 = 0
            for d in digits {
                guard let digit = hex ? UTF8Scan.hexValue(d) : (d >= 0x30 && d <= 0x39 ? UInt32(d - 0x30) : nil) else {
                    throw error("invalid character reference", at: start)
                }
                v = v * (hex ? 16 : 10) + UInt64(digit)
            }
            guard !digits.isEmpty, v <= 0x10FFFF, Self.isXMLCharacter(UInt32(v)) else {
                throw error("character reference \(String(decoding: view(start, semicolon + 1), as: UTF8.self)) is not an XML character", at: start)
            }
            value = UInt32(v)
        } else if Self.same(body, "lt") {
            value = 0x3C
        } else if Self.same(body, "gt") {
            value = 0x3E
        } else if Self.same(body, "amp") {
            value = 0x26
        } else if Self.same(body, "quot") {
            value = 0x22
        } else if Self.same(body, "apos") {
            value = 0x27
        } else {
            throw error("undefined entity \(String(decoding: view(start, semicolon + 1), as: UTF8.self)) (only &lt; &gt; &amp; &quot; &apos; and character references are defined)", at: start)
        }
        pos = semicolon + 1
        return value
    }

    /// https://www.w3.org/TR/xml/#NT-Char
    private static func isXMLCharacter(_ v: UInt32) -> Bool {
        switch v {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Reads the text content of the element just opened, up to and including its end tag.
    ///
    /// Plain text stays in the input buffer and becomes a `String` in one step; references,
    /// CDATA sections, comments and carriage returns switch to decoding into the scratch buffer.
    private func readText() throws -> String {
        anchor = pos
        var p = pos
        // Offset from `anchor` of the plain run not yet copied to the scratch buffer.
        var runOffset = 0
        var decoded = false
        scratchCount = 0
        while true {
            while p < end {
                let b = buf[p]
                if b < 0x20 || b >= 0x80 || b == 0x3C || b == 0x26 { break }
                p += 1
            }
            if p == end {
                if decoded {
                    // The text so far is in the scratch buffer: the input need not keep it.
                    appendScratch(from: anchor + runOffset, to: p)
                    anchor = p
                    runOffset = 0
                }
                if scratchCount + (p - anchor) > maxTermLength {
                    throw error("text longer than \(maxTermLength) bytes", at: p)
                }
                pos = p
                if !(try fill()) { throw endOfInputError() }
                p = pos
                continue
            }
            let b = buf[p]
            switch b {
            case UInt8(ascii: "<"):
                pos = p
                try ensure(9)
                p = pos
                if end - p >= 2 && buf[p + 1] == UInt8(ascii: "/") {
                    if scratchCount + (p - anchor) > maxTermLength {
                        throw error("text longer than \(maxTermLength) bytes", at: p)
                    }
                    let text: String
                    if decoded {
                        appendScratch(from: anchor + runOffset, to: p)
                        text = String(decoding: scratchView, as: UTF8.self)
                    } else {
                        text = String(decoding: view(anchor, p), as: UTF8.self)
                    }
                    anchor = p
                    _ = try parseEndTag()
                    return text
                }
                appendScratch(from: anchor + runOffset, to: p)
                decoded = true
                if matches("<!--", at: p) {
                    pos = p + 4
                    try consume(until: "-->", copying: false)
                } else if matches("<![CDATA[", at: p) {
                    pos = p + 9
                    try consume(until: "]]>", copying: true)
                } else if matches("<?", at: p) {
                    anchor = p
                    try skipProcessingInstruction()
                } else if isCutShort("<!--", at: p) || isCutShort("<![CDATA[", at: p) || isCutShort("<?", at: p) {
                    throw endOfInputError()
                } else {
                    throw error("elements are not allowed inside <\(currentElementName())>", at: p)
                }
                p = pos
                anchor = p
                runOffset = 0
            case UInt8(ascii: "&"):
                appendScratch(from: anchor + runOffset, to: p)
                decoded = true
                pos = p
                appendScratchScalar(try decodeReference())
                p = pos
                runOffset = p - anchor
            case 0x0D:
                // XML reads CR LF and a lone CR as LF.
                appendScratch(from: anchor + runOffset, to: p)
                decoded = true
                appendScratch(0x0A)
                pos = p + 1
                if try peekByte() == 0x0A { pos += 1 }
                p = pos
                runOffset = p - anchor
            case 0x09, 0x0A:
                p += 1
            case 0..<0x20:
                throw error("control character \(UTF8Scan.describe(UInt32(b))) is not allowed in XML", at: p)
            default:
                pos = p
                let n = try utf8SequenceLength()
                p = pos + n
            }
        }
    }

    /// Skips character data inside a skipped element, up to the next `<`, checking it.
    private func skipCharacterData() throws {
        while true {
            anchor = pos
            guard let b = try peekByte() else { return }
            switch b {
            case UInt8(ascii: "<"):
                return
            case UInt8(ascii: "&"):
                _ = try decodeReference()
            case 0x09, 0x0A, 0x0D:
                pos += 1
            case 0..<0x20:
                throw error("control character \(UTF8Scan.describe(UInt32(b))) is not allowed in XML", at: pos)
            case 0x80...0xFF:
                let n = try utf8SequenceLength()
                pos += n
            default:
                pos += 1
            }
        }
    }

    /// Skips a processing instruction from its `<?` (at `anchor` and `pos`); checks the XML declaration's encoding.
    private func skipProcessingInstruction() throws {
        let atDocumentStart = base + pos == documentStart
        pos += 2
        try scanName()
        // `anchor` stays at the `<`, whatever the reads moved.
        let target = view(anchor + 2, pos)
        let isDeclaration = target.count == 3
            && (target[0] | 0x20) == UInt8(ascii: "x") && (target[1] | 0x20) == UInt8(ascii: "m") && (target[2] | 0x20) == UInt8(ascii: "l")
        guard isDeclaration else {
            try consume(until: "?>", copying: false)
            return
        }
        guard atDocumentStart, target.elementsEqual("xml".utf8) else {
            throw error("the XML declaration must be at the very start of the document", at: anchor)
        }
        let (line, column) = location(at: anchor)
        scratchCount = 0
        try consume(until: "?>", copying: true)
        if let encoding = Self.pseudoAttribute("encoding", in: scratchView) {
            switch encoding.lowercased() {
            case "utf-8", "utf8", "us-ascii", "ascii":
                break
            default:
                throw ResultsParseError(origin: origin, line: line, column: column,
                                        message: "unsupported encoding \"\(encoding)\": only UTF-8 is read")
            }
        }
    }

    /// The value of `name="value"` in an XML declaration's text.
    private static func pseudoAttribute(_ name: String, in text: UnsafeBufferPointer<UInt8>) -> String? {
        let key = Array(name.utf8)
        var i = 0
        while i + key.count <= text.count {
            if text[i..<i + key.count].elementsEqual(key) {
                var j = i + key.count
                while j < text.count && (text[j] == 0x20 || text[j] == 0x09 || text[j] == 0x0A) { j += 1 }
                guard j < text.count, text[j] == UInt8(ascii: "=") else { return nil }
                j += 1
                while j < text.count && (text[j] == 0x20 || text[j] == 0x09 || text[j] == 0x0A) { j += 1 }
                guard j < text.count, text[j] == 0x22 || text[j] == 0x27 else { return nil }
                let quote = text[j]
                var k = j + 1
                while k < text.count && text[k] != quote { k += 1 }
                return String(decoding: text[(j + 1)..<k], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    /// Consumes bytes up to and including `terminator` (`-->`, `?>`, `]]>`), checking they are
    /// XML characters; with `copying`, appends them to the scratch buffer, line breaks normalized.
    private func consume(until terminator: StaticString, copying: Bool) throws {
        let first = terminator.utf8Start[0]
        while true {
            anchor = pos
            guard let b = try peekByte() else { throw endOfInputError() }
            if b == first {
                try ensure(terminator.utf8CodeUnitCount)
                if matches(terminator, at: pos) {
                    pos += terminator.utf8CodeUnitCount
                    return
                }
                if copying { appendScratch(b) }
                pos += 1
            } else if b >= 0x80 {
                let n = try utf8SequenceLength()
                if copying { appendScratch(from: pos, to: pos + n) }
                pos += n
            } else if b == 0x0D {
                pos += 1
                if try peekByte() == 0x0A { pos += 1 }
                if copying { appendScratch(0x0A) }
            } else if b < 0x20 && b != 0x09 && b != 0x0A {
                throw error("control character \(UTF8Scan.describe(UInt32(b))) is not allowed in XML", at: pos)
            } else {
                if copying { appendScratch(b) }
                pos += 1
            }
            if copying && scratchCount > maxTermLength {
                throw error("text longer than \(maxTermLength) bytes", at: pos)
            }
        }
    }

    /// Whether the input ends at `index` with a proper prefix of `literal`: markup cut by the end of a truncated document.
    private func isCutShort(_ literal: StaticString, at index: Int) -> Bool {
        let n = end - index
        guard atEOF && n < literal.utf8CodeUnitCount else { return false }
        for i in 0..<n where buf[index + i] != literal.utf8Start[i] { return false }
        return true
    }

    /// The value range and offset of the attribute called `name` on the last start tag.
    private func attribute(_ name: StaticString) -> (Range<Int>, Int)? {
        attributeBytes.withUnsafeBufferPointer { bytes in
            for attribute in attributes where Self.same(UnsafeBufferPointer(rebasing: bytes[attribute.name]), name) {
                return (attribute.value, attribute.valueOffset)
            }
            return nil
        }
    }

    @inline(__always)
    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && (bytes.count == 0 || memcmpBytes(bytes.baseAddress!, literal.utf8Start, bytes.count))
    }
}
