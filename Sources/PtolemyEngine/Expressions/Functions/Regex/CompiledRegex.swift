import Foundation

/// An XPath regular expression with its flags, compiled once for `NSRegularExpression`
/// (https://www.w3.org/TR/xpath-functions-31/#flags).
final class CompiledRegex {
    let regex: NSRegularExpression
    /// The `q` flag: the replacement string of REPLACE is literal too.
    let literal: Bool
    /// The number of capturing groups.
    let groups: Int
    /// Whether the pattern matches the empty string (REPLACE refuses such patterns, `err:FORX0003`).
    private(set) lazy var matchesEmptyString: Bool = {
        regex.firstMatch(in: "", options: [], range: NSRange(location: 0, length: 0)) != nil
    }()

    /// Compiles `pattern` with XPath `flags` (`s`, `m`, `i`, `x`, `q`); invalid flags or
    /// patterns are errors (`err:FORX0001`, `err:FORX0002`).
    init(pattern: String, flags: String) throws(ExpressionError) {
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        var dotAll = false, multiline = false, stripWhitespace = false, literal = false
        for flag in flags.unicodeScalars {
            switch flag {
            case "s": dotAll = true
            case "m": multiline = true
            case "i": options.insert(.caseInsensitive)
            case "x": stripWhitespace = true
            case "q": literal = true
            default: throw ExpressionError("invalid regular expression flag '\(flag)'")
            }
        }
        let icuPattern: String
        var groups = 0
        if literal {
            icuPattern = NSRegularExpression.escapedPattern(for: pattern)
        } else {
            do {
                (icuPattern, groups) = try XPathRegexTranslator.translate(pattern, dotAll: dotAll, multiline: multiline,
                                                                           stripWhitespace: stripWhitespace)
            } catch {
                throw ExpressionError("invalid regular expression \"\(pattern)\": \(error.message)")
            }
        }
        do {
            regex = try NSRegularExpression(pattern: icuPattern, options: options)
        } catch {
            throw ExpressionError("invalid regular expression \"\(pattern)\"")
        }
        self.literal = literal
        self.groups = groups
    }

    /// Whether the pattern matches somewhere in `text` (`fn:matches`).
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `fn:replace`: every non-overlapping match replaced by `replacement`, in which `$N`
    /// refers to the N-th group and `\$`, `\\` are literal (unless the `q` flag is set).
    func replace(in text: String, with replacement: String) throws(ExpressionError) -> String {
        if matchesEmptyString { throw ExpressionError("REPLACE pattern matches the empty string") }
        let template = try literal ? [.text(replacement)] : ReplacementTemplate.parse(replacement, groups: groups)
        let whole = NSRange(text.startIndex..., in: text)
        let ns = text as NSString
        var out = ""
        var last = 0
        for match in regex.matches(in: text, options: [], range: whole) {
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            for part in template {
                switch part {
                case .text(let s): out += s
                case .group(let n):
                    let range = match.range(at: n)
                    if range.location != NSNotFound { out += ns.substring(with: range) }
                }
            }
            last = match.range.location + match.range.length
        }
        out += ns.substring(from: last)
        return out
    }
}

/// The parts of a REPLACE replacement string.
enum ReplacementTemplate {
    case text(String)
    case group(Int)

    /// Parses `$N` references (the longest digit sequence naming a group, per `fn:replace`;
    /// `$N` beyond the groups but at most 9 is empty) and the escapes `\$`, `\\`.
    static func parse(_ replacement: String, groups: Int) throws(ExpressionError) -> [ReplacementTemplate] {
        var parts: [ReplacementTemplate] = []
        var text = ""
        let scalars = Array(replacement.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                guard i + 1 < scalars.count, scalars[i + 1] == "\\" || scalars[i + 1] == "$" else {
                    throw ExpressionError("invalid replacement string (a '\\' must escape '\\' or '$')")
                }
                text.unicodeScalars.append(scalars[i + 1])
                i += 2
            } else if c == "$" {
                var j = i + 1
                var digits: [Int] = []
                while j < scalars.count, let d = Int(String(scalars[j])), ("0"..."9").contains(scalars[j]) { digits.append(d); j += 1 }
                guard !digits.isEmpty else { throw ExpressionError("invalid replacement string ('$' must be followed by a digit)") }
                // Drop trailing digits (they are literal) while the number names no group and exceeds 9.
                var count = digits.count
                func number(_ k: Int) -> Int { digits[0..<k].reduce(0) { $0 * 10 + $1 } }
                while count > 1 && number(count) > groups && number(count) > 9 { count -= 1 }
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                let n = number(count)
                if n <= groups { parts.append(.group(n)) }
                for d in digits[count...] { text += String(d) }
                i = j
            } else {
                text.unicodeScalars.append(c)
                i += 1
            }
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }
}
