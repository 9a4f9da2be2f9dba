import PtolemyRDF

/// Terms, variables and property paths.
extension SPARQLSerializer {
    func triple(_ triple: TriplePattern, blankNodesAsLabels: Bool) -> String {
        let predicate: String
        if case .term(.iri(RDFVocabulary.type)) = triple.predicate {
            predicate = "a"
        } else {
            predicate = termPattern(triple.predicate)
        }
        return termPattern(triple.subject) + " " + predicate + " " + termPattern(triple.object)
    }

    func termPattern(_ pattern: TermPattern) -> String {
        switch pattern {
        case .term(let term): return self.term(term)
        case .variable(let variable):
            // Blank-node variables are written as blank nodes, which read back as the same variables.
            if variable.kind == .blankNode { return "_:" + variable.name }
            return self.variable(variable)
        }
    }

    /// A variable in an expression or a projection.
    func variable(_ variable: Variable) -> String {
        switch variable.kind {
        case .named: return "?" + variable.name
        // Outside patterns these cannot come from the parser; keep them distinct from user names.
        case .blankNode: return "?_bnode_" + variable.name
        case .internal: return "?_internal_" + variable.name
        }
    }

    func term(_ term: Term) -> String {
        switch term {
        case .iri(let value): return iri(value)
        case .blank(let label): return "_:" + label
        case .literal(let literal): return self.literal(literal)
        }
    }

    /// An IRI, abbreviated with a declared prefix when the local part is a plain name.
    func iri(_ value: String) -> String {
        if !abbreviations.isEmpty {
            for (prefix, namespace) in abbreviations where value.hasPrefix(namespace) {
                let local = value.dropFirst(namespace.count)
                if Self.isPlainLocalName(local) { return prefix + ":" + local }
            }
        }
        return iriReference(value)
    }

    /// `<iri>` with the characters IRIREF excludes written as codepoint escapes.
    func iriReference(_ value: String) -> String {
        var out = "<"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\u{00}"..."\u{20}", "<", ">", "\"", "{", "}", "|", "^", "`", "\\":
                out += String(format4: scalar.value)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + ">"
    }

    /// Letters, digits, `_` and `-`, starting with a letter or `_` (always a valid PN_LOCAL).
    static func isPlainLocalName(_ local: Substring) -> Bool {
        guard let first = local.utf8.first, first == UInt8(ascii: "_") || CharacterClasses.isASCIILetter(UInt32(first)) else {
            return false
        }
        return local.utf8.allSatisfy { byte in
            CharacterClasses.isASCIILetter(UInt32(byte)) || CharacterClasses.isDigit(UInt32(byte))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    func literal(_ literal: Literal) -> String {
        if let language = literal.language { return quotedString(literal.lexicalForm) + "@" + language }
        switch literal.datatype {
        case XSD.string:
            return quotedString(literal.lexicalForm)
        case XSD.integer, XSD.decimal, XSD.double:
            // A bare number reads back as the same lexical form and datatype.
            if Self.numberKind(literal.lexicalForm) == literal.datatype { return literal.lexicalForm }
        case XSD.boolean:
            if literal.lexicalForm == "true" || literal.lexicalForm == "false" { return literal.lexicalForm }
        default:
            break
        }
        return quotedString(literal.lexicalForm) + "^^" + iri(literal.datatype)
    }

    /// The datatype the lexer gives `text` as a bare number, or `nil` if it is not one.
    static func numberKind(_ text: String) -> String? {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { CharacterClasses.isDigit(UInt32($0)) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        let integerDigits = digits()
        var fractionDigits = 0
        var hasDot = false
        if bytes.first == UInt8(ascii: ".") {
            hasDot = true
            bytes = bytes.dropFirst()
            fractionDigits = digits()
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if bytes.isEmpty {
            if !hasDot { return XSD.integer }
            return fractionDigits > 0 ? XSD.decimal : nil
        }
        guard bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") else { return nil }
        bytes = bytes.dropFirst()
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard digits() > 0, bytes.isEmpty else { return nil }
        // `.e1` is no number; `1.e1` and `.5e1` are doubles.
        return XSD.double
    }

    /// A double-quoted string with escapes for quotes, backslashes and control characters.
    func quotedString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}", "\u{7F}": out += String(format4: scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: Property paths

    /// A path, parenthesized where the grammar's precedence needs it:
    /// alternative < sequence < inverse < modifiers < primary.
    func path(_ path: PropertyPath) -> String {
        switch path {
        case .alternative(let left, let right):
            return self.path(left) + "|" + pathSequenceLevel(right)
        default:
            return pathSequenceLevel(path)
        }
    }

    private func pathSequenceLevel(_ path: PropertyPath) -> String {
        switch path {
        case .sequence(let left, let right):
            return pathSequenceLevel(left) + "/" + pathInverseLevel(right)
        case .alternative:
            return "(" + self.path(path) + ")"
        default:
            return pathInverseLevel(path)
        }
    }

    /// PathEltOrInverse: `^` applies to a PathElt (a primary with its modifier).
    private func pathInverseLevel(_ path: PropertyPath) -> String {
        switch path {
        case .inverse(let inner):
            switch inner {
            case .link, .negatedPropertySet, .zeroOrMore, .oneOrMore, .zeroOrOne:
                return "^" + pathEltLevel(inner)
            default:
                return "^(" + self.path(inner) + ")"
            }
        case .alternative, .sequence:
            return "(" + self.path(path) + ")"
        default:
            return pathEltLevel(path)
        }
    }

    private func pathEltLevel(_ path: PropertyPath) -> String {
        switch path {
        case .zeroOrMore(let inner): return pathPrimary(inner) + "*"
        case .oneOrMore(let inner): return pathPrimary(inner) + "+"
        case .zeroOrOne(let inner): return pathPrimary(inner) + "?"
        default: return pathPrimary(path)
        }
    }

    private func pathPrimary(_ path: PropertyPath) -> String {
        switch path {
        case .link(let iri):
            return iri == RDFVocabulary.type ? "a" : self.iri(iri)
        case .negatedPropertySet(let iris):
            if iris.count == 1 { return "!" + (iris[0] == RDFVocabulary.type ? "a" : iri(iris[0])) }
            return "!(" + iris.map { $0 == RDFVocabulary.type ? "a" : iri($0) }.joined(separator: "|") + ")"
        default:
            return "(" + self.path(path) + ")"
        }
    }
}

extension String {
    /// `\uXXXX` (or `\UXXXXXXXX` beyond the BMP).
    init(format4 value: UInt32) {
        if value > 0xFFFF {
            let hex = String(value, radix: 16, uppercase: true)
            self = "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        } else {
            let hex = String(value, radix: 16, uppercase: true)
            self = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
