/// Translates an XPath regular expression (https://www.w3.org/TR/xpath-functions-31/#regex-syntax,
/// XSD regular expressions plus anchors, reluctant quantifiers, back-references and
/// non-capturing groups) into ICU syntax for `NSRegularExpression`, which SPARQL's
/// REGEX and REPLACE then run.
///
/// Where the two dialects mean different things the translation spells out XPath's meaning:
/// - `.` is any character but `\n` and `\r` (ICU also excludes other line separators);
/// - `$` without the `m` flag is the end of the string only (ICU also matches before a final newline);
/// - `\s`, `\w`, `\d`, `\i`, `\c` are XPath's classes (`\s` is only space, tab, CR and LF);
/// - `\p{IsBlock}` names a Unicode block; `[a-z-[aeiou]]` is class subtraction;
/// - with the `x` flag, whitespace outside character classes is removed (not ICU's comment mode).
///
/// Constructs XPath does not have (look-around, `\b`, inline flags, unknown escapes) are
/// errors (`err:FORX0002`), so a pattern never silently means something else.
struct XPathRegexTranslator {
    struct InvalidPattern: Error { let message: String }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private let dotAll: Bool
    private let multiline: Bool
    private var output = ""
    private var groupCount = 0

    /// The ICU pattern and the number of capturing groups.
    static func translate(_ pattern: String, dotAll: Bool, multiline: Bool, stripWhitespace: Bool) throws(InvalidPattern) -> (pattern: String, groups: Int) {
        var source = Array(pattern.unicodeScalars)
        if stripWhitespace { source = removingWhitespace(source) }
        var translator = XPathRegexTranslator(scalars: source, dotAll: dotAll, multiline: multiline)
        try translator.translateRegex()
        guard translator.index == translator.scalars.count else { throw InvalidPattern(message: "unbalanced ')'") }
        return (translator.output, translator.groupCount)
    }

    private init(scalars: [Unicode.Scalar], dotAll: Bool, multiline: Bool) {
        self.scalars = scalars
        self.dotAll = dotAll
        self.multiline = multiline
    }

    /// The `x` flag: drop whitespace outside character class expressions.
    static func removingWhitespace(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var depth = 0
        var escaped = false
        for c in s {
            if escaped { out.append(c); escaped = false; continue }
            if c == "\\" { out.append(c); escaped = true; continue }
            if c == "[" { depth += 1 } else if c == "]" && depth > 0 { depth -= 1 }
            if depth == 0 && (c == " " || c == "\t" || c == "\n" || c == "\r") { continue }
            out.append(c)
        }
        return out
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    // MARK: - regex, branches, pieces

    private mutating func translateRegex() throws(InvalidPattern) {
        try translateBranch()
        while current == "|" {
            output += "|"
            index += 1
            try translateBranch()
        }
    }

    private mutating func translateBranch() throws(InvalidPattern) {
        while let c = current, c != "|", c != ")" {
            try translateAtom()
            try translateQuantifier()
        }
    }

    private mutating func translateQuantifier() throws(InvalidPattern) {
        guard let c = current else { return }
        switch c {
        case "?", "*", "+":
            output.unicodeScalars.append(c)
            index += 1
        case "{":
            index += 1
            var text = "{"
            var sawDigit = false
            var sawComma = false
            while let d = current, d != "}" {
                if d == "," {
                    guard !sawComma, sawDigit else { throw InvalidPattern(message: "invalid quantifier") }
                    sawComma = true
                } else if ("0"..."9").contains(d) {
                    if !sawComma { sawDigit = true }
                } else {
                    throw InvalidPattern(message: "invalid quantifier")
                }
                text.unicodeScalars.append(d)
                index += 1
            }
            guard current == "}", sawDigit else { throw InvalidPattern(message: "invalid quantifier") }
            index += 1
            output += text + "}"
        default:
            return
        }
        // A reluctant quantifier (XPath extension).
        if current == "?" { output += "?"; index += 1 }
        if let next = current, next == "?" || next == "*" || next == "+" || next == "{" {
            throw InvalidPattern(message: "quantifier follows a quantifier")
        }
    }

    private mutating func translateAtom() throws(InvalidPattern) {
        guard let c = current else { return }
        switch c {
        case "(":
            index += 1
            if current == "?" {
                guard peek(1) == ":" else { throw InvalidPattern(message: "unsupported group construct (?") }
                index += 2
                output += "(?:"
            } else {
                groupCount += 1
                output += "("
            }
            try translateRegex()
            guard current == ")" else { throw InvalidPattern(message: "missing ')'") }
            index += 1
            output += ")"
        case "[":
            index += 1
            output += try translateCharClass()
        case ".":
            index += 1
            output += dotAll ? "(?s:.)" : "[^\\n\\r]"
        case "^":
            index += 1
            output += multiline ? "(?m:^)" : "^"
        case "$":
            index += 1
            output += multiline ? "(?m:$)" : "\\z"
        case "\\":
            index += 1
            output += try translateEscape(inClass: false)
        case "?", "*", "+", "{":
            throw InvalidPattern(message: "quantifier without an atom")
        case "]", "}":
            throw InvalidPattern(message: "unescaped '\(c)'")
        default:
            index += 1
            output += Self.literal(c)
        }
    }

    /// A literal character in ICU syntax (escaped when ICU could read it as syntax).
    static func literal(_ c: Unicode.Scalar) -> String {
        if c.isASCII && !(("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)) && c.value > 0x20 {
            return "\\" + String(c)
        }
        switch c {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case " ": return "\\x{20}"
        default: return String(c)
        }
    }

    // MARK: - escapes

    /// The escape after a backslash; in a class, multi-character escapes become set items.
    private mutating func translateEscape(inClass: Bool) throws(InvalidPattern) -> String {
        guard let c = current else { throw InvalidPattern(message: "trailing backslash") }
        index += 1
        switch c {
        case "n": return "\\n"
        case "r": return "\\r"
        case "t": return "\\t"
        case "\\", "|", ".", "?", "*", "+", "(", ")", "{", "}", "-", "[", "]", "^", "$":
            return "\\" + String(c)
        case "s": return inClass ? "\\x{20}\\t\\n\\r" : "[\\x{20}\\t\\n\\r]"
        case "S": return "[^\\x{20}\\t\\n\\r]"
        case "d": return "\\p{Nd}"
        case "D": return "\\P{Nd}"
        case "w": return "[^\\p{P}\\p{Z}\\p{C}]"
        case "W": return "[\\p{P}\\p{Z}\\p{C}]"
        case "i": return "[\\p{L}\\p{Nl}_:]"
        case "I": return "[^\\p{L}\\p{Nl}_:]"
        case "c": return "[\\p{L}\\p{Nl}\\p{Nd}\\p{Mn}\\p{Mc}\\p{Lm}._:\\-\\x{B7}]"
        case "C": return "[^\\p{L}\\p{Nl}\\p{Nd}\\p{Mn}\\p{Mc}\\p{Lm}._:\\-\\x{B7}]"
        case "p", "P":
            return try translateProperty(negated: c == "P")
        case "1"..."9":
            guard !inClass else { throw InvalidPattern(message: "back-reference in a character class") }
            var digits = String(c)
            while let d = current, ("0"..."9").contains(d) { digits.unicodeScalars.append(d); index += 1 }
            return "\\" + digits
        default:
            throw InvalidPattern(message: "invalid escape \\\(c)")
        }
    }

    /// `\p{Name}`: a general category passes through; `IsBlock` becomes ICU's `Block=` property.
    private mutating func translateProperty(negated: Bool) throws(InvalidPattern) -> String {
        guard current == "{" else { throw InvalidPattern(message: "expected '{' after \\p") }
        index += 1
        var name = ""
        while let c = current, c != "}" { name.unicodeScalars.append(c); index += 1 }
        guard current == "}", !name.isEmpty else { throw InvalidPattern(message: "unterminated \\p{") }
        index += 1
        let prefix = negated ? "\\P{" : "\\p{"
        if name.hasPrefix("Is") {
            let block = name.dropFirst(2)
            guard !block.isEmpty, block.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
            else { throw InvalidPattern(message: "invalid block name \(name)") }
            return prefix + "Block=" + block + "}"
        }
        let categories: Set<String> = ["L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No",
                                       "P", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp",
                                       "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn"]
        guard categories.contains(name) else { throw InvalidPattern(message: "unknown category \(name)") }
        return prefix + name + "}"
    }

    // MARK: - character classes

    /// A class after its `[`: `^`? items (`-[` subtracted class)? `]`, as an ICU set.
    private mutating func translateCharClass() throws(InvalidPattern) -> String {
        var negated = false
        if current == "^" { negated = true; index += 1 }
        var items = ""
        var first = true
        var subtraction: String?
        loop: while true {
            guard let c = current else { throw InvalidPattern(message: "unterminated character class") }
            switch c {
            case "]" where !first:
                index += 1
                break loop
            case "-" where peek(1) == "[" && !first:
                index += 2
                subtraction = try translateCharClass()
                guard current == "]" else { throw InvalidPattern(message: "subtraction must end the class") }
                index += 1
                break loop
            case "[":
                throw InvalidPattern(message: "unescaped '[' in a character class")
            default:
                let start = try classCharacter(first: first)
                // A range `start-end`, unless the '-' ends the group or starts a subtraction.
                if current == "-", let next = peek(1), next != "]", next != "[" {
                    guard case .single(let low, let lowText) = start else { throw InvalidPattern(message: "range from a class escape") }
                    index += 1
                    guard case .single(let high, let highText) = try classCharacter(first: false) else {
                        throw InvalidPattern(message: "range to a class escape")
                    }
                    guard low.value <= high.value else { throw InvalidPattern(message: "reversed range") }
                    items += lowText + "-" + highText
                } else {
                    switch start {
                    case .single(_, let text): items += text
                    case .set(let text): items += text
                    }
                }
            }
            first = false
        }
        guard !items.isEmpty else { throw InvalidPattern(message: "empty character class") }
        var set = "[" + (negated ? "^" : "") + items + "]"
        if let subtraction { set = "[" + set + "--" + subtraction + "]" }
        return set
    }

    private enum ClassItem {
        case single(Unicode.Scalar, String)
        case set(String)
    }

    /// One character (or class escape) inside a class.
    private mutating func classCharacter(first: Bool) throws(InvalidPattern) -> ClassItem {
        guard let c = current else { throw InvalidPattern(message: "unterminated character class") }
        index += 1
        if c == "\\" {
            guard let e = current else { throw InvalidPattern(message: "trailing backslash") }
            let single: Unicode.Scalar?
            switch e {
            case "n": single = "\n"
            case "r": single = "\r"
            case "t": single = "\t"
            case "\\", "|", ".", "?", "*", "+", "(", ")", "{", "}", "-", "[", "]", "^", "$": single = e
            default: single = nil
            }
            if let single {
                index += 1
                return .single(single, Self.literal(single))
            }
            return .set(try translateEscape(inClass: true))
        }
        return .single(c, Self.literal(c))
    }
}
