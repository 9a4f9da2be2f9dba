internal import PtolemyCompression
internal import PtolemyRDF

/// A pull parser for the TSV form of the SPARQL 1.1 Query Results CSV and TSV Formats
/// (https://www.w3.org/TR/sparql11-results-csv-tsv/#tsv).
///
/// The first line lists the variables (`?name`, tab-separated); each further line is one
/// solution, its fields RDF terms in Turtle syntax (`<iri>`, `_:label`, quoted literals with
/// `@lang` or `^^<datatype>`, and the bare numbers and booleans of Turtle), an empty field
/// being an unbound variable. Lines end with LF or CR LF.
///
/// IRIs are read leniently (any character but controls, space, `<`, `>` and `\` outside a
/// `\u` escape): remote endpoints hand out IRIs that strict Turtle would refuse, and a
/// federated query should still see them.
final class TSVResultsParser: ResultsScanner {
    private var done = false

    override func readHead() throws -> ResultsHead {
        try skipByteOrderMark()
        anchor = pos
        guard let firstByte = try peekByte() else {
            throw error("empty document: a TSV result starts with a line of variables", at: pos)
        }
        var names: [String] = []
        var seen = Set<String>()
        if !Self.isLineEnd(firstByte) {
            while true {
                anchor = pos
                guard let b = try peekByte() else { throw endOfInputError() }
                guard b == UInt8(ascii: "?") || b == UInt8(ascii: "$") else {
                    throw error("expected a variable ('?name') in the header but found \(describeByte(at: pos))", at: pos)
                }
                pos += 1
                while let c = try peekByte(), c != 0x09, !Self.isLineEnd(c) {
                    if Self.isVariableNameByte(c) {
                        pos += 1
                    } else if c >= 0x80 {
                        let n = try utf8SequenceLength()
                        pos += n
                    } else {
                        throw error("\(describeByte(at: pos)) is not allowed in a variable name", at: pos)
                    }
                    if pos - anchor > maxTermLength { throw error("variable name longer than \(maxTermLength) bytes", at: anchor) }
                }
                guard pos - anchor > 1 else { throw error("empty variable name", at: anchor) }
                let name = String(decoding: view(anchor + 1, pos), as: UTF8.self)
                if !seen.insert(name).inserted {
                    throw error("variable \"\(name)\" appears twice in the header", at: anchor)
                }
                names.append(name)
                guard let separator = try peekByte(), separator == 0x09 else { break }
                pos += 1
            }
        }
        try consumeLineEnd()
        setVariables(names)
        return .variables(names)
    }

    override func next() throws -> [Term?]? {
        if done { return nil }
        anchor = pos
        guard let first = try peekByte() else {
            done = true
            return nil
        }
        let count = variables.count
        var row = [Term?](repeating: nil, count: count)
        if count == 0 {
            // A solution of no variables is an empty line.
            guard Self.isLineEnd(first) else {
                throw error("the header has no variables, so a row must be empty; found \(describeByte(at: pos))", at: pos)
            }
            try consumeLineEnd()
            return row
        }
        var field = 0
        while true {
            anchor = pos
            if let b = try peekByte(), b != 0x09, !Self.isLineEnd(b) {
                row[field] = try parseTerm(b)
            }
            guard let separator = try peekByte() else {
                // The last line may lack its line break.
                if field + 1 < count {
                    throw error("\(field + 1) field\(field == 0 ? "" : "s") where the header has \(count) variables", at: pos)
                }
                return row
            }
            if separator == 0x09 {
                if field + 1 >= count {
                    throw error("more fields than the \(count) variable\(count == 1 ? "" : "s") of the header", at: pos)
                }
                field += 1
                pos += 1
                continue
            }
            if field + 1 < count {
                throw error("\(field + 1) field\(field == 0 ? "" : "s") where the header has \(count) variables", at: pos)
            }
            try consumeLineEnd()
            return row
        }
    }

    @inline(__always)
    private static func isLineEnd(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }

    /// ASCII characters of SPARQL's VARNAME (non-ASCII ones are accepted when valid UTF-8).
    @inline(__always)
    private static func isVariableNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// LF, CR LF, or the end of the input.
    private func consumeLineEnd() throws {
        guard let b = try peekByte() else { return }
        if b == 0x0A {
            pos += 1
            return
        }
        guard b == 0x0D else {
            throw error("expected the end of the line but found \(describeByte(at: pos))", at: pos)
        }
        anchor = pos
        try ensure(2)
        if end - pos == 1 && atEOF {
            pos += 1
            return
        }
        guard buf[pos + 1] == 0x0A else {
            throw error("a carriage return must be followed by a line feed", at: pos)
        }
        pos += 2
    }

    // MARK: - Terms

    /// One RDF term starting with `b` at `pos`; it must end the field.
    private func parseTerm(_ b: UInt8) throws -> Term {
        anchor = pos
        let term: Term
        switch b {
        case UInt8(ascii: "<"):
            term = .iri(String(decoding: try scanIRI(), as: UTF8.self))
        case UInt8(ascii: "_"):
            term = .blank(try scanBlankNodeLabel())
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let lexicalForm = String(decoding: try scanQuoted(b), as: UTF8.self)
            term = try literalSuffix(lexicalForm)
        default:
            term = try scanBareword()
        }
        if let after = try peekByte(), after != 0x09, !Self.isLineEnd(after) {
            throw error("unexpected \(describeByte(at: pos)) after an RDF term (fields are separated by tabs)", at: pos)
        }
        return term
    }

    /// `@lang`, `^^<datatype>` or nothing, after a quoted lexical form.
    private func literalSuffix(_ lexicalForm: String) throws -> Term {
        guard let c = try peekByte() else { return .literal(Literal(lexicalForm)) }
        if c == UInt8(ascii: "@") {
            pos += 1
            let tagStart = pos - anchor
            // LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*
            var previousWasDash = true
            var first = true
            while let d = try peekByte() {
                let isLetter = (d | 0x20) >= UInt8(ascii: "a") && (d | 0x20) <= UInt8(ascii: "z")
                let isDigit = d >= 0x30 && d <= 0x39
                if isLetter || (isDigit && !first) {
                    previousWasDash = false
                } else if d == UInt8(ascii: "-") && !previousWasDash {
                    previousWasDash = true
                } else {
                    break
                }
                first = false
                pos += 1
            }
            if previousWasDash {
                throw error("invalid language tag: expected a letter but found \(describeByte(at: pos))", at: pos)
            }
            let language = intern(view(anchor + tagStart, pos))
            return .literal(Literal(lexicalForm, language: language))
        }
        if c == UInt8(ascii: "^") {
            try ensure(3)
            guard end - pos >= 3 else { throw endOfInputError() }
            guard buf[pos + 1] == UInt8(ascii: "^") else {
                throw error("expected '^^' before a datatype IRI", at: pos)
            }
            guard buf[pos + 2] == UInt8(ascii: "<") else {
                throw error("expected a datatype IRI in angle brackets after '^^' but found \(describeByte(at: pos + 2))", at: pos + 2)
            }
            pos += 2
            let datatype = intern(try scanIRI())
            return .literal(Literal(lexicalForm, datatype: datatype))
        }
        return .literal(Literal(lexicalForm))
    }

    /// An IRI in angle brackets at `pos`: its decoded bytes, valid until the next read.
    private func scanIRI() throws -> UnsafeBufferPointer<UInt8> {
        anchor = pos
        var p = pos + 1
        var runOffset = 1
        var decoded = false
        scratchCount = 0
        while true {
            while p < end {
                let b = buf[p]
                if b <= 0x20 || b >= 0x80 || b == UInt8(ascii: ">") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "<") { break }
                p += 1
            }
            if p == end {
                if p - anchor > maxTermLength { throw error("IRI longer than \(maxTermLength) bytes", at: anchor) }
                pos = p
                if !(try fill()) { throw endOfInputError() }
                p = pos
                continue
            }
            let b = buf[p]
            switch b {
            case UInt8(ascii: ">"):
                if p - anchor > maxTermLength { throw error("IRI longer than \(maxTermLength) bytes", at: anchor) }
                pos = p + 1
                if !decoded { return view(anchor + 1, p) }
                appendScratch(from: anchor + runOffset, to: p)
                return scratchView
            case UInt8(ascii: "\\"):
                appendScratch(from: anchor + runOffset, to: p)
                decoded = true
                pos = p
                appendScratchScalar(try decodeEscape(allowingECHAR: false))
                p = pos
                runOffset = p - anchor
            case 0x80...0xFF:
                pos = p
                let n = try utf8SequenceLength()
                p = pos + n
            default:
                throw error("\(describeByte(at: p)) is not allowed in an IRI", at: p)
            }
        }
    }

    /// A string in `quote`s at `pos` (Turtle's STRING_LITERAL_QUOTE or _SINGLE_QUOTE): its
    /// decoded bytes, valid until the next read.
    private func scanQuoted(_ quote: UInt8) throws -> UnsafeBufferPointer<UInt8> {
        anchor = pos
        var p = pos + 1
        var runOffset = 1
        var decoded = false
        scratchCount = 0
        while true {
            while p < end {
                let b = buf[p]
                if b == quote || b == 0x5C || b == 0x0A || b == 0x0D || b >= 0x80 { break }
                p += 1
            }
            if p == end {
                if p - anchor > maxTermLength { throw error("literal longer than \(maxTermLength) bytes", at: anchor) }
                pos = p
                if !(try fill()) { throw endOfInputError() }
                p = pos
                continue
            }
            let b = buf[p]
            switch b {
            case quote:
                if p - anchor > maxTermLength { throw error("literal longer than \(maxTermLength) bytes", at: anchor) }
                pos = p + 1
                if !decoded { return view(anchor + 1, p) }
                appendScratch(from: anchor + runOffset, to: p)
                return scratchView
            case 0x5C:
                appendScratch(from: anchor + runOffset, to: p)
                decoded = true
                pos = p
                appendScratchScalar(try decodeEscape(allowingECHAR: true))
                p = pos
                runOffset = p - anchor
            case 0x0A, 0x0D:
                throw error("line break in a string (it must be escaped as \\n or \\r)", at: p)
            default:
                pos = p
                let n = try utf8SequenceLength()
                p = pos + n
            }
        }
    }

    /// The escape at `pos` (a backslash): UCHAR, and ECHAR when allowed; moves past it.
    private func decodeEscape(allowingECHAR: Bool) throws -> UInt32 {
        try ensure(10)
        guard end - pos >= 2 else { throw endOfInputError() }
        let e = buf[pos + 1]
        if e == UInt8(ascii: "u") || e == UInt8(ascii: "U") {
            let digits = e == UInt8(ascii: "u") ? 4 : 8
            guard end - pos >= 2 + digits else {
                throw atEOF ? endOfInputError() : error("invalid \\\(Character(Unicode.Scalar(e))) escape", at: pos)
            }
            var v: UInt32 = 0
            for i in 0..<digits {
                guard let d = UTF8Scan.hexValue(buf[pos + 2 + i]) else {
                    throw error("invalid \\\(Character(Unicode.Scalar(e))) escape: \(describeByte(at: pos + 2 + i)) is no hex digit", at: pos)
                }
                v = v << 4 | d
            }
            guard UTF8Scan.isScalarValue(v) else {
                throw error("escape \\\(Character(Unicode.Scalar(e)))\(String(v, radix: 16, uppercase: true)) is not a Unicode scalar value", at: pos)
            }
            pos += 2 + digits
            return v
        }
        if allowingECHAR {
            let value: UInt32?
            switch e {
            case UInt8(ascii: "t"): value = 0x09
            case UInt8(ascii: "b"): value = 0x08
            case UInt8(ascii: "n"): value = 0x0A
            case UInt8(ascii: "r"): value = 0x0D
            case UInt8(ascii: "f"): value = 0x0C
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): value = UInt32(e)
            default: value = nil
            }
            if let value {
                pos += 2
                return value
            }
        }
        throw error("invalid escape \\\(describeByte(at: pos + 1))", at: pos)
    }

    /// `_:label` at `pos`.
    private func scanBlankNodeLabel() throws -> String {
        try ensure(2)
        guard end - pos >= 2 else { throw endOfInputError() }
        guard buf[pos + 1] == UInt8(ascii: ":") else {
            throw error("expected '_:' to start a blank node", at: pos)
        }
        pos += 2
        while let c = try peekByte(), c != 0x09, !Self.isLineEnd(c) {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                pos += 1
            case 0x80...0xFF:
                let n = try utf8SequenceLength()
                pos += n
            default:
                throw error("\(describeByte(at: pos)) is not allowed in a blank node label", at: pos)
            }
            if pos - anchor > maxTermLength { throw error("blank node label longer than \(maxTermLength) bytes", at: anchor) }
        }
        guard pos - anchor > 2 else { throw error("empty blank node label", at: anchor) }
        return String(decoding: view(anchor + 2, pos), as: UTF8.self)
    }

    /// Turtle's bare forms: numbers (integer, decimal, double) and the booleans.
    private func scanBareword() throws -> Term {
        while let c = try peekByte(), c != 0x09, !Self.isLineEnd(c), c < 0x80 {
            pos += 1
            if pos - anchor > maxTermLength { throw error("number longer than \(maxTermLength) bytes", at: anchor) }
        }
        let word = view(anchor, pos)
        if word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) {
            return .literal(Literal(String(decoding: word, as: UTF8.self), datatype: XSD.boolean))
        }
        if let datatype = Self.numberDatatype(word) {
            return .literal(Literal(String(decoding: word, as: UTF8.self), datatype: datatype))
        }
        throw error("invalid RDF term (expected <iri>, _:label, a quoted literal, a number, true or false)", at: anchor)
    }

    /// The datatype of a Turtle INTEGER, DECIMAL or DOUBLE, or nil.
    static func numberDatatype(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        let n = v.count
        var i = 0
        if i < n && (v[i] == UInt8(ascii: "+") || v[i] == UInt8(ascii: "-")) { i += 1 }
        let integerStart = i
        while i < n && isDigit(v[i]) { i += 1 }
        let integerDigits = i - integerStart
        var fractionDigits = 0
        var hasDot = false
        if i < n && v[i] == UInt8(ascii: ".") {
            hasDot = true
            i += 1
            let fractionStart = i
            while i < n && isDigit(v[i]) { i += 1 }
            fractionDigits = i - fractionStart
        }
        if integerDigits + fractionDigits == 0 { return nil }
        if i == n {
            if !hasDot { return XSD.integer }
            // DECIMAL needs digits after the dot: `1.` is no Turtle number.
            return fractionDigits > 0 ? XSD.decimal : nil
        }
        guard v[i] == UInt8(ascii: "e") || v[i] == UInt8(ascii: "E") else { return nil }
        i += 1
        if i < n && (v[i] == UInt8(ascii: "+") || v[i] == UInt8(ascii: "-")) { i += 1 }
        let exponentStart = i
        while i < n && isDigit(v[i]) { i += 1 }
        guard i > exponentStart, i == n else { return nil }
        return XSD.double
    }
}
