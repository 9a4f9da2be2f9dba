internal import PtolemyCompression
internal import PtolemyRDF

/// A pull parser for the SPARQL 1.1 Query Results JSON Format
/// (https://www.w3.org/TR/sparql11-results-json/).
///
/// It is a JSON tokenizer driven by the shape of the format rather than a generic JSON
/// tree builder: the top-level members are walked until the `bindings` array opens, and
/// each `next()` then reads exactly one solution object. Members it does not know (`link`,
/// `distinct`, extensions) are skipped with full JSON syntax checking.
///
/// JSON allows the members of an object in any order. When `results` comes before `head`
/// the variables are not known yet, so the solutions are buffered until the head arrives;
/// only that rare order costs memory proportional to the document.
final class JSONResultsParser: ResultsScanner {
    private enum Stage {
        /// Inside the top-level object, before a member (`first`: no member read yet).
        case top(first: Bool)
        /// Inside the `results` object.
        case results(first: Bool)
        /// Inside the `bindings` array, streaming.
        case bindings(first: Bool)
        /// Handing out solutions buffered because `results` came before `head`.
        case buffered
        case done
    }

    private var stage = Stage.top(first: true)
    private var sawHead = false
    private var sawResults = false
    private var sawBindings = false
    private var booleanValue: Bool?
    /// Solutions read before the head: bindings by name, with the place of each name for errors.
    private var early: [[(name: String, term: Term, line: Int, column: Int)]]?
    private var buffered: [[Term?]] = []
    private var bufferedIndex = 0

    override func readHead() throws -> ResultsHead {
        try skipByteOrderMark()
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        guard b == UInt8(ascii: "{") else {
            throw error("expected a JSON object ('{') but found \(describeByte(at: pos))", at: pos)
        }
        pos += 1
        stage = .top(first: true)
        if try advance() {
            return .variables(variables)
        }
        // The document ended without a bindings array to stream.
        if let booleanValue { return .boolean(booleanValue) }
        if let early {
            buffered = try resolveEarlySolutions(early)
            self.early = nil
            stage = .buffered
        }
        return .variables(variables)
    }

    override func next() throws -> [Term?]? {
        switch stage {
        case .bindings(let first):
            guard try nextElement(first: first) else {
                stage = .results(first: false)
                // Duplicate members are errors, so the bindings array cannot open again.
                _ = try advance()
                return nil
            }
            stage = .bindings(first: false)
            return try parseSolution()
        case .buffered:
            guard bufferedIndex < buffered.count else {
                buffered = []
                stage = .done
                return nil
            }
            defer { bufferedIndex += 1 }
            // Hand the row over and release it, so that memory drains as the caller reads.
            let row = buffered[bufferedIndex]
            buffered[bufferedIndex] = []
            return row
        case .top, .results, .done:
            return nil
        }
    }

    // MARK: - Document structure

    /// Walks the members of the top-level and `results` objects until the `bindings` array
    /// opens (returns true, positioned inside it) or the document ends (returns false).
    private func advance() throws -> Bool {
        while true {
            switch stage {
            case .results(let first):
                guard let key = try nextKey(first: first) else {
                    pos += 1
                    stage = .top(first: false)
                    continue
                }
                stage = .results(first: false)
                if equals(key, "bindings") {
                    if sawBindings { throw error("duplicate member \"bindings\"", at: anchor) }
                    sawBindings = true
                    try colon()
                    guard let b = try skipWhitespace() else { throw endOfInputError() }
                    guard b == UInt8(ascii: "[") else {
                        throw error("\"bindings\" must be an array, found \(describeByte(at: pos))", at: pos)
                    }
                    pos += 1
                    stage = .bindings(first: true)
                    return true
                }
                try colon()
                try skipValue(depth: 3)
            case .top(let first):
                guard let key = try nextKey(first: first) else {
                    // At the closing brace of the document.
                    if !sawHead { throw error("missing \"head\" member", at: pos) }
                    if !sawResults && booleanValue == nil {
                        throw error("missing \"results\" or \"boolean\" member", at: pos)
                    }
                    pos += 1
                    try expectEndOfDocument()
                    stage = .done
                    return false
                }
                stage = .top(first: false)
                if equals(key, "head") {
                    if sawHead { throw error("duplicate member \"head\"", at: anchor) }
                    sawHead = true
                    try colon()
                    try parseHead()
                } else if equals(key, "results") {
                    if sawResults { throw error("duplicate member \"results\"", at: anchor) }
                    if booleanValue != nil { throw error("a document cannot have both \"boolean\" and \"results\"", at: anchor) }
                    sawResults = true
                    try colon()
                    if sawHead {
                        guard let b = try skipWhitespace() else { throw endOfInputError() }
                        guard b == UInt8(ascii: "{") else {
                            throw error("\"results\" must be an object, found \(describeByte(at: pos))", at: pos)
                        }
                        pos += 1
                        stage = .results(first: true)
                    } else {
                        try bufferEarlyResults()
                    }
                } else if equals(key, "boolean") {
                    if booleanValue != nil { throw error("duplicate member \"boolean\"", at: anchor) }
                    if sawResults { throw error("a document cannot have both \"results\" and \"boolean\"", at: anchor) }
                    try colon()
                    guard let b = try skipWhitespace() else { throw endOfInputError() }
                    if b == UInt8(ascii: "t"), try word("true") {
                        booleanValue = true
                    } else if b == UInt8(ascii: "f"), try word("false") {
                        booleanValue = false
                    } else {
                        throw error("\"boolean\" must be true or false", at: pos)
                    }
                } else {
                    try colon()
                    try skipValue(depth: 2)
                }
            case .bindings, .buffered, .done:
                return false
            }
        }
    }

    /// `{"vars": [...], "link": [...]}`; other members are skipped.
    private func parseHead() throws {
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        guard b == UInt8(ascii: "{") else { throw error("\"head\" must be an object, found \(describeByte(at: pos))", at: pos) }
        pos += 1
        var names: [String] = []
        var seen = Set<String>()
        var sawVars = false
        var first = true
        while let key = try nextKey(first: first) {
            first = false
            guard equals(key, "vars") else {
                try colon()
                try skipValue(depth: 3)
                continue
            }
            if sawVars { throw error("duplicate member \"vars\"", at: anchor) }
            sawVars = true
            try colon()
            guard let b = try skipWhitespace() else { throw endOfInputError() }
            guard b == UInt8(ascii: "[") else { throw error("\"vars\" must be an array of strings", at: pos) }
            pos += 1
            var firstName = true
            while try nextElement(first: firstName) {
                firstName = false
                guard buf[pos] == UInt8(ascii: "\"") else {
                    throw error("a variable name must be a string, found \(describeByte(at: pos))", at: pos)
                }
                let name = String(decoding: try scanString(), as: UTF8.self)
                if !seen.insert(name).inserted {
                    throw error("variable \"\(name)\" appears twice in the head", at: anchor)
                }
                names.append(name)
            }
        }
        pos += 1
        setVariables(names)
    }

    /// One solution object: `{"x": term, ...}`; the head decides which names are allowed.
    private func parseSolution() throws -> [Term?] {
        guard buf[pos] == UInt8(ascii: "{") else {
            throw error("expected a solution object ('{') but found \(describeByte(at: pos))", at: pos)
        }
        pos += 1
        var row = [Term?](repeating: nil, count: variables.count)
        var first = true
        while let key = try nextKey(first: first) {
            first = false
            guard let index = variableIndex(key) else {
                let name = String(decoding: key, as: UTF8.self)
                throw error("binding for variable \"\(name)\", which is not in the head", at: anchor)
            }
            if row[index] != nil {
                throw error("variable \"\(variables[index])\" is bound twice in one solution", at: anchor)
            }
            try colon()
            row[index] = try parseTerm(depth: 5)
        }
        pos += 1
        return row
    }

    /// Reads a `results` object that came before the head, keeping its solutions by name.
    private func bufferEarlyResults() throws {
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        guard b == UInt8(ascii: "{") else { throw error("\"results\" must be an object, found \(describeByte(at: pos))", at: pos) }
        pos += 1
        var solutions: [[(name: String, term: Term, line: Int, column: Int)]] = []
        var first = true
        while let key = try nextKey(first: first) {
            first = false
            guard equals(key, "bindings") else {
                try colon()
                try skipValue(depth: 3)
                continue
            }
            if sawBindings { throw error("duplicate member \"bindings\"", at: anchor) }
            sawBindings = true
            try colon()
            guard let b = try skipWhitespace() else { throw endOfInputError() }
            guard b == UInt8(ascii: "[") else { throw error("\"bindings\" must be an array, found \(describeByte(at: pos))", at: pos) }
            pos += 1
            var firstSolution = true
            while try nextElement(first: firstSolution) {
                firstSolution = false
                guard buf[pos] == UInt8(ascii: "{") else {
                    throw error("expected a solution object ('{') but found \(describeByte(at: pos))", at: pos)
                }
                pos += 1
                var solution: [(name: String, term: Term, line: Int, column: Int)] = []
                var firstBinding = true
                while let name = try nextKey(first: firstBinding) {
                    firstBinding = false
                    let (line, column) = location(at: anchor)
                    let nameString = String(decoding: name, as: UTF8.self)
                    try colon()
                    solution.append((nameString, try parseTerm(depth: 5), line, column))
                }
                pos += 1
                solutions.append(solution)
            }
        }
        pos += 1
        early = solutions
    }

    /// Places the early solutions' bindings by the head, now known.
    private func resolveEarlySolutions(_ solutions: [[(name: String, term: Term, line: Int, column: Int)]]) throws -> [[Term?]] {
        var index: [String: Int] = [:]
        for (i, name) in variables.enumerated() { index[name] = i }
        return try solutions.map { solution in
            var row = [Term?](repeating: nil, count: variables.count)
            for binding in solution {
                guard let i = index[binding.name] else {
                    throw ResultsParseError(origin: origin, line: binding.line, column: binding.column,
                                            message: "binding for variable \"\(binding.name)\", which is not in the head")
                }
                if row[i] != nil {
                    throw ResultsParseError(origin: origin, line: binding.line, column: binding.column,
                                            message: "variable \"\(binding.name)\" is bound twice in one solution")
                }
                row[i] = binding.term
            }
            return row
        }
    }

    /// An RDF term object: `{"type": ..., "value": ..., "xml:lang": ..., "datatype": ...}` in any order.
    private func parseTerm(depth: Int) throws -> Term {
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        guard b == UInt8(ascii: "{") else {
            throw error("expected an RDF term object ('{') but found \(describeByte(at: pos))", at: pos)
        }
        pos += 1
        // 0: no type yet, 1: uri, 2: bnode, 3: literal (or the older typed-literal).
        var kind = 0
        var value: String?
        var language: String?
        var datatype: String?
        var nonStringValue: (line: Int, column: Int)?
        var first = true
        while let key = try nextKey(first: first) {
            first = false
            let member: Int
            if equals(key, "type") {
                member = 1
            } else if equals(key, "value") {
                member = 2
            } else if equals(key, "xml:lang") {
                member = 3
            } else if equals(key, "datatype") {
                member = 4
            } else {
                member = 0
            }
            if member != 0 && memberAlreadySeen(member, kind: kind, value: value, language: language, datatype: datatype) {
                throw error("duplicate member \"\(String(decoding: key, as: UTF8.self))\" in an RDF term", at: anchor)
            }
            try colon()
            guard member != 0 else {
                try skipValue(depth: depth + 1)
                continue
            }
            guard let v = try skipWhitespace() else { throw endOfInputError() }
            if v != UInt8(ascii: "\"") {
                if member == 2 {
                    // An RDF-star triple term has an object as its value; its type says so, and is
                    // reported as such when it comes.
                    nonStringValue = location(at: pos)
                    try skipValue(depth: depth + 1)
                    continue
                }
                throw error("expected a string but found \(describeByte(at: pos))", at: pos)
            }
            let bytes = try scanString()
            switch member {
            case 1:
                if equals(bytes, "uri") {
                    kind = 1
                } else if equals(bytes, "bnode") {
                    kind = 2
                } else if equals(bytes, "literal") || equals(bytes, "typed-literal") {
                    kind = 3
                } else if equals(bytes, "triple") {
                    throw error("triple terms are not supported", at: anchor)
                } else {
                    throw error("unknown term type \"\(String(decoding: bytes, as: UTF8.self))\"", at: anchor)
                }
            case 2: value = String(decoding: bytes, as: UTF8.self)
            case 3: language = intern(bytes)
            default: datatype = intern(bytes)
            }
        }
        // At the closing brace.
        if let nonStringValue {
            throw ResultsParseError(origin: origin, line: nonStringValue.line, column: nonStringValue.column,
                                    message: "the \"value\" of an RDF term must be a string")
        }
        guard kind != 0 else { throw error("RDF term without a \"type\"", at: pos) }
        guard let value else { throw error("RDF term without a \"value\"", at: pos) }
        let term: Term
        switch kind {
        case 1: term = .iri(value)
        case 2:
            guard !value.isEmpty else { throw error("empty blank node label", at: pos) }
            term = .blank(value)
        default:
            if let language, !language.isEmpty {
                if let datatype, datatype != RDFVocabulary.langString {
                    throw error("a literal cannot have both \"xml:lang\" and the datatype <\(datatype)>", at: pos)
                }
                term = .literal(Literal(value, language: language))
            } else if let datatype {
                term = .literal(Literal(value, datatype: datatype))
            } else {
                term = .literal(Literal(value))
            }
        }
        pos += 1
        return term
    }

    @inline(__always)
    private func memberAlreadySeen(_ member: Int, kind: Int, value: String?, language: String?, datatype: String?) -> Bool {
        switch member {
        case 1: return kind != 0
        case 2: return value != nil
        case 3: return language != nil
        default: return datatype != nil
        }
    }

    // MARK: - JSON tokens

    /// Skips JSON whitespace; returns the next byte (not consumed), or nil at the end of the input.
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

    /// Moves to the next member of an object and scans its name (before the colon); returns
    /// nil at the closing brace, left for the caller to consume. The name's opening quote is at `anchor`.
    @inline(__always)
    private func nextKey(first: Bool) throws -> UnsafeBufferPointer<UInt8>? {
        guard var b = try skipWhitespace() else { throw endOfInputError() }
        if b == UInt8(ascii: "}") { return nil }
        if !first {
            guard b == UInt8(ascii: ",") else {
                throw error("expected ',' or '}' but found \(describeByte(at: pos))", at: pos)
            }
            pos += 1
            guard let c = try skipWhitespace() else { throw endOfInputError() }
            b = c
        }
        guard b == UInt8(ascii: "\"") else {
            throw error("expected a member name in double quotes but found \(describeByte(at: pos))", at: pos)
        }
        return try scanString()
    }

    /// Moves to the next element of an array (returns true, positioned at it) or past the
    /// closing bracket (returns false).
    @inline(__always)
    private func nextElement(first: Bool) throws -> Bool {
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        if b == UInt8(ascii: "]") {
            pos += 1
            return false
        }
        if !first {
            guard b == UInt8(ascii: ",") else {
                throw error("expected ',' or ']' but found \(describeByte(at: pos))", at: pos)
            }
            pos += 1
            guard let c = try skipWhitespace() else { throw endOfInputError() }
            if c == UInt8(ascii: "]") { throw error("expected a value after ',' but found ']'", at: pos) }
        }
        return true
    }

    @inline(__always)
    private func colon() throws {
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        guard b == UInt8(ascii: ":") else {
            throw error("expected ':' after a member name but found \(describeByte(at: pos))", at: pos)
        }
        pos += 1
    }

    /// Skips any JSON value; `depth` is the nesting level an object or array here would have.
    private func skipValue(depth: Int) throws {
        guard let b = try skipWhitespace() else { throw endOfInputError() }
        switch b {
        case UInt8(ascii: "{"):
            guard depth <= Self.maxDepth else { throw error("JSON nested deeper than \(Self.maxDepth) levels", at: pos) }
            pos += 1
            var first = true
            while try nextKey(first: first) != nil {
                first = false
                try colon()
                try skipValue(depth: depth + 1)
            }
            pos += 1
        case UInt8(ascii: "["):
            guard depth <= Self.maxDepth else { throw error("JSON nested deeper than \(Self.maxDepth) levels", at: pos) }
            pos += 1
            var first = true
            while try nextElement(first: first) {
                first = false
                try skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "t"):
            guard try word("true") else { throw error("invalid literal (expected true)", at: pos) }
        case UInt8(ascii: "f"):
            guard try word("false") else { throw error("invalid literal (expected false)", at: pos) }
        case UInt8(ascii: "n"):
            guard try word("null") else { throw error("invalid literal (expected null)", at: pos) }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
        default:
            throw error("expected a JSON value but found \(describeByte(at: pos))", at: pos)
        }
    }

    /// Consumes `literal` (true, false, null) when it is next; false otherwise.
    private func word(_ literal: StaticString) throws -> Bool {
        anchor = pos
        try ensure(literal.utf8CodeUnitCount)
        if end - pos < literal.utf8CodeUnitCount {
            // Truncated in the middle of the word: an end-of-input error, not a bad literal.
            if matchesPrefix(literal) { throw endOfInputError() }
            return false
        }
        guard matches(literal, at: pos) else { return false }
        pos += literal.utf8CodeUnitCount
        return true
    }

    private func matchesPrefix(_ literal: StaticString) -> Bool {
        let n = end - pos
        guard n < literal.utf8CodeUnitCount else { return false }
        for i in 0..<n where buf[pos + i] != literal.utf8Start[i] { return false }
        return true
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private func skipNumber() throws {
        @inline(__always) func peek() throws -> UInt8? {
            anchor = pos
            return try peekByte()
        }
        @inline(__always) func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        func digits() throws {
            guard try isDigit(peek()) else {
                if pos >= end { throw endOfInputError() }
                throw error("invalid number: expected a digit but found \(describeByte(at: pos))", at: pos)
            }
            while try isDigit(peek()) { pos += 1 }
        }
        if try peek() == UInt8(ascii: "-") { pos += 1 }
        if try peek() == UInt8(ascii: "0") {
            pos += 1
        } else {
            try digits()
        }
        if try peek() == UInt8(ascii: ".") {
            pos += 1
            try digits()
        }
        if let b = try peek(), b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            pos += 1
            if let s = try peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { pos += 1 }
            try digits()
        }
    }

    /// After the top-level object: only whitespace may follow.
    private func expectEndOfDocument() throws {
        if try skipWhitespace() != nil {
            throw error("unexpected \(describeByte(at: pos)) after the end of the JSON document", at: pos)
        }
    }

    @inline(__always)
    private func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount
            && (bytes.count == 0 || memcmpBytes(bytes.baseAddress!, literal.utf8Start, bytes.count))
    }

    /// Scans the string whose opening quote is at `pos`; returns its decoded UTF-8 bytes,
    /// valid until the next read of input. Afterwards `anchor` is the opening quote.
    ///
    /// Without escapes the bytes are a view into the input buffer; with escapes they are
    /// decoded into the scratch buffer, a plain run at a time.
    private func scanString() throws -> UnsafeBufferPointer<UInt8> {
        anchor = pos
        var p = pos + 1
        // Offset from `anchor` of the plain run not yet copied to the scratch buffer.
        var runOffset = 1
        var decoded = false
        scratchCount = 0
        while true {
            // The hot loop: printable ASCII other than the quote and the backslash.
            while p < end {
                let b = buf[p]
                if b < 0x20 || b >= 0x80 || b == 0x22 || b == 0x5C { break }
                p += 1
            }
            if p == end {
                if p - anchor > maxTermLength {
                    throw error("string longer than \(maxTermLength) bytes", at: anchor)
                }
                pos = p
                if !(try fill()) { throw endOfInputError() }
                p = pos
                continue
            }
            let b = buf[p]
            if b == 0x22 {
                if p - anchor > maxTermLength {
                    throw error("string longer than \(maxTermLength) bytes", at: anchor)
                }
                pos = p + 1
                if !decoded { return view(anchor + 1, p) }
                appendScratch(from: anchor + runOffset, to: p)
                return scratchView
            }
            if b == 0x5C {
                appendScratch(from: anchor + runOffset, to: p)
                decoded = true
                pos = p
                try decodeEscape()
                p = pos
                runOffset = p - anchor
                continue
            }
            if b < 0x20 {
                throw error("control character \(UTF8Scan.describe(UInt32(b))) must be escaped in a JSON string", at: p)
            }
            pos = p
            let n = try utf8SequenceLength()
            p = pos + n
        }
    }

    /// Decodes the escape at `pos` (a backslash) into the scratch buffer and moves past it.
    private func decodeEscape() throws {
        try ensure(12)
        guard end - pos >= 2 else { throw endOfInputError() }
        let e = buf[pos + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): appendScratch(e)
        case UInt8(ascii: "b"): appendScratch(0x08)
        case UInt8(ascii: "f"): appendScratch(0x0C)
        case UInt8(ascii: "n"): appendScratch(0x0A)
        case UInt8(ascii: "r"): appendScratch(0x0D)
        case UInt8(ascii: "t"): appendScratch(0x09)
        case UInt8(ascii: "u"):
            let high = try hex4(at: pos + 2)
            switch high {
            case 0xD800...0xDBFF:
                // A UTF-16 surrogate pair encodes one scalar above U+FFFF: the low half must follow.
                guard end - pos >= 12, buf[pos + 6] == 0x5C, buf[pos + 7] == UInt8(ascii: "u") else {
                    if end - pos < 12 && atEOF && matchesEscapePrefix() { throw endOfInputError() }
                    throw error("unpaired UTF-16 surrogate \\u\(String(high, radix: 16, uppercase: true)) in a JSON string", at: pos)
                }
                let low = try hex4(at: pos + 8)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("unpaired UTF-16 surrogate \\u\(String(high, radix: 16, uppercase: true)) in a JSON string", at: pos)
                }
                appendScratchScalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                pos += 12
                return
            case 0xDC00...0xDFFF:
                throw error("unpaired UTF-16 surrogate \\u\(String(high, radix: 16, uppercase: true)) in a JSON string", at: pos)
            default:
                appendScratchScalar(high)
                pos += 6
                return
            }
        default:
            throw error("invalid escape \\\(describeByteBare(e)) in a JSON string", at: pos)
        }
        pos += 2
    }

    /// Whether the bytes from `pos` to the end could be the start of a surrogate pair (truncated input).
    private func matchesEscapePrefix() -> Bool {
        let tail: [UInt8] = Array(#"\u"#.utf8)
        var i = pos + 6
        var k = 0
        while i < end && k < 2 {
            if buf[i] != tail[k] { return false }
            i += 1
            k += 1
        }
        if k < 2 { return true }
        while i < end {
            if UTF8Scan.hexValue(buf[i]) == nil { return false }
            i += 1
        }
        return true
    }

    /// The value of the four hex digits at `index` (the backslash is at `pos`).
    private func hex4(at index: Int) throws -> UInt32 {
        var v: UInt32 = 0
        for i in index..<index + 4 {
            guard i < end else {
                if atEOF { throw endOfInputError() }
                throw error("invalid \\u escape in a JSON string", at: pos)
            }
            guard let d = UTF8Scan.hexValue(buf[i]) else {
                throw error("invalid \\u escape in a JSON string: \(describeByte(at: i)) is no hex digit", at: pos)
            }
            v = v << 4 | d
        }
        return v
    }

    private func describeByteBare(_ b: UInt8) -> String {
        (0x21...0x7E).contains(b) ? String(Character(Unicode.Scalar(b))) : UTF8Scan.describe(UInt32(b))
    }
}

/// `memcmp` on byte pointers, as a Bool.
@inline(__always)
func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
