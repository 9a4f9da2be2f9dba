/// A string template: literal text with `{reference}` parts.
///
/// RML-Core section 6.4 (https://w3id.org/rml/core/spec#template): a backslash escapes
/// `{`, `}` and `\`, inside and outside references; an unescaped `{` inside a
/// reference, an unmatched brace, an empty reference or a stray backslash make the
/// template invalid.
struct Template: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        case reference(Reference)
    }

    let parts: [Part]
    /// The template as written, for messages.
    let source: String

    var references: [Reference] {
        parts.compactMap { if case .reference(let r) = $0 { r } else { nil } }
    }

    /// Parses a template.
    /// - Throws: ``MappingError`` (`.invalidMapping`) with the character position of the fault.
    init(_ template: String) throws {
        source = template
        var parts: [Part] = []
        var current = ""
        var inReference = false
        var iterator = Array(template.unicodeScalars)
        var i = 0
        func fail(_ what: String) -> MappingError {
            MappingError(.invalidMapping, "invalid template \"\(template)\": \(what) at character \(i + 1)")
        }
        while i < iterator.count {
            let c = iterator[i]
            switch c {
            case "\\":
                guard i + 1 < iterator.count, ["{", "}", "\\"].contains(iterator[i + 1]) else {
                    throw fail("a backslash must escape '{', '}' or '\\'")
                }
                current.unicodeScalars.append(iterator[i + 1])
                i += 2
                continue
            case "{":
                if inReference { throw fail("'{' inside a reference (escape it as \\{)") }
                if !current.isEmpty { parts.append(.text(current)) }
                current = ""
                inReference = true
            case "}":
                guard inReference else { throw fail("'}' without a matching '{' (escape it as \\})") }
                if current.isEmpty { throw fail("empty reference") }
                parts.append(.reference(Reference(current)))
                current = ""
                inReference = false
            default:
                current.unicodeScalars.append(c)
            }
            i += 1
        }
        if inReference { throw fail("reference not closed with '}'") }
        if !current.isEmpty { parts.append(.text(current)) }
        iterator.removeAll()
        self.parts = parts
    }
}
