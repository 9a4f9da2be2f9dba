/// IRIs, variables, blank nodes, language tags and prefixed names:
/// https://www.w3.org/TR/sparql11-query/#rIRIREF and the rules after.
extension Lexer {
    // MARK: IRIs

    /// `<` starts an IRIREF when a `>` closes it with only IRI characters in between;
    /// otherwise it is the `<` or `<=` operator.
    mutating func lexIRIOrLess() -> Token {
        let start = index
        var offset = index + 1
        var value: [UInt8] = []
        while offset < bytes.count {
            let b = bytes[offset]
            switch b {
            case UInt8(ascii: ">"):
                index = offset + 1
                return Token(.iri, start, index, String(decoding: value, as: UTF8.self))
            case 0x00...0x20, UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"):
                return lessOperator()
            case UInt8(ascii: "\\"):
                switch decodeCodepointEscape(at: offset) {
                case .success(let (scalar, length)):
                    appendUTF8(scalar, to: &value)
                    offset += length
                case .failure(let failure):
                    // A backslash that is no codepoint escape cannot be in an IRI.
                    if failure.message.isEmpty { return lessOperator() }
                    return error(failure.message, at: offset)
                }
            default:
                value.append(b)
                offset += 1
            }
        }
        return lessOperator()
    }

    mutating func lessOperator() -> Token {
        byte(index + 1) == UInt8(ascii: "=") ? punctuation(.lessOrEqual, length: 2) : punctuation(.less)
    }

    // MARK: Variables, blank nodes, language tags

    mutating func lexVariable() -> Token {
        let start = index
        var offset = index + 1
        let (first, firstLength) = scalar(at: offset)
        guard firstLength > 0, CharacterClasses.isPNCharsU(first) || CharacterClasses.isDigit(first) else {
            if bytes[start] == UInt8(ascii: "?") { return punctuation(.question) }
            return error("expected a variable name after '$'", at: start)
        }
        offset += firstLength
        while offset < bytes.count {
            let (value, length) = scalar(at: offset)
            guard CharacterClasses.isVarNameChar(value) else { break }
            offset += length
        }
        index = offset
        return Token(.variable, start, offset, String(decoding: bytes[(start + 1)..<offset], as: UTF8.self))
    }

    mutating func lexBlankNodeLabel() -> Token {
        let start = index
        guard byte(index + 1) == UInt8(ascii: ":") else { return error("unexpected character '_'", at: start) }
        var offset = index + 2
        let (first, firstLength) = scalar(at: offset)
        guard firstLength > 0, CharacterClasses.isPNCharsU(first) || CharacterClasses.isDigit(first) else {
            return error("expected a blank node label after '_:'", at: start)
        }
        offset += firstLength
        var end = offset
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                continue
            }
            let (value, length) = scalar(at: offset)
            guard CharacterClasses.isPNChars(value) else { break }
            offset += length
            end = offset
        }
        index = end
        let label = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
        blankNodeLabels.insert(label)
        return Token(.blankNodeLabel, start, end, label)
    }

    mutating func lexLangTag() -> Token {
        let start = index
        var offset = index + 1
        while CharacterClasses.isASCIILetter(UInt32(byte(offset))) { offset += 1 }
        guard offset > start + 1 else { return error("expected a language tag after '@'", at: start) }
        while byte(offset) == UInt8(ascii: "-") {
            var part = offset + 1
            while CharacterClasses.isASCIILetter(UInt32(byte(part))) || CharacterClasses.isDigit(UInt32(byte(part))) {
                part += 1
            }
            guard part > offset + 1 else { break }
            offset = part
        }
        index = offset
        return Token(.langTag, start, offset, String(decoding: bytes[(start + 1)..<offset], as: UTF8.self))
    }

    // MARK: Names

    /// A prefixed name (`prefix:local`, `prefix:`) or a bare word (keyword).
    mutating func lexName() -> Token {
        let start = index
        var offset = index
        var prefixEnd = index
        // PN_PREFIX: PN_CHARS_BASE ((PN_CHARS | '.')* PN_CHARS)?
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: ".") {
                offset += 1
                continue
            }
            let (value, length) = scalar(at: offset)
            guard CharacterClasses.isPNChars(value) else { break }
            offset += length
            prefixEnd = offset
        }
        if byte(prefixEnd) == UInt8(ascii: ":") {
            let prefix = String(decoding: bytes[start..<prefixEnd], as: UTF8.self)
            index = prefixEnd + 1
            return lexLocalName(prefix: prefix, start: start)
        }
        // A keyword: ASCII letters, digits and underscores.
        offset = start
        while offset < bytes.count {
            let b = UInt32(bytes[offset])
            guard CharacterClasses.isASCIILetter(b) || CharacterClasses.isDigit(b) || b == 0x5F else { break }
            offset += 1
        }
        guard offset > start else {
            return error("unexpected character '\(Self.printable(scalar(at: start).value))'", at: start)
        }
        index = offset
        return Token(.word, start, offset, String(decoding: bytes[start..<offset], as: UTF8.self))
    }

    /// PN_LOCAL after the colon at `index - 1` (possibly empty: a PNAME_NS).
    mutating func lexLocalName(prefix: String, start: Int) -> Token {
        var offset = index
        var local: [UInt8] = []
        var goodLength = 0
        var goodOffset = offset
        var first = true
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "%") {
                guard CharacterClasses.isHexDigit(UInt32(byte(offset + 1))), CharacterClasses.isHexDigit(UInt32(byte(offset + 2))) else { break }
                local.append(contentsOf: bytes[offset..<(offset + 3)])
                offset += 3
            } else if b == UInt8(ascii: "\\") {
                guard CharacterClasses.isLocalEscapable(byte(offset + 1)) else { break }
                local.append(byte(offset + 1))
                offset += 2
            } else if b == UInt8(ascii: ".") && !first {
                local.append(b)
                offset += 1
                continue // a local name cannot end with a dot
            } else {
                let (value, length) = scalar(at: offset)
                let ok = value == 0x3A || CharacterClasses.isDigit(value)
                    || (first ? CharacterClasses.isPNCharsU(value) : CharacterClasses.isPNChars(value))
                guard ok else { break }
                local.append(contentsOf: bytes[offset..<(offset + length)])
                offset += length
            }
            first = false
            goodLength = local.count
            goodOffset = offset
        }
        index = goodOffset
        return Token(.prefixedName, start, goodOffset, prefix,
                     local: String(decoding: local[0..<goodLength], as: UTF8.self))
    }
}
