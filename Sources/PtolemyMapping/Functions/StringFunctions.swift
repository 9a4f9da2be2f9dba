import PtolemyRDF
import Foundation

/// GREL (https://docs.openrefine.org/manual/grelfunctions) and IDLab
/// (https://w3id.org/imec/idlab/function) string functions, under the IRIs the RML
/// function descriptions give them.
enum StringFunctions {
    static let grel = "http://users.ugent.be/~bjdmeest/function/grel.ttl#"
    static let idlab = "https://w3id.org/imec/idlab/function#"

    static let valueParam = grel + "valueParam"
    static let stringOut = grel + "stringOut"

    static var all: [FunctionRegistry.Function] {
        [
            .init(iri: grel + "toUpperCase", parameters: [valueParam], required: [valueParam], outputs: [stringOut]) { a in
                .string(a[valueParam]!.string.uppercased())
            },
            .init(iri: grel + "toLowerCase", parameters: [valueParam], required: [valueParam], outputs: [stringOut]) { a in
                .string(a[valueParam]!.string.lowercased())
            },
            .init(iri: grel + "string_trim", parameters: [valueParam], required: [valueParam], outputs: [stringOut]) { a in
                .string(a[valueParam]!.string.trimmingSpaces)
            },
            .init(iri: grel + "string_length", parameters: [valueParam], required: [valueParam],
                  outputs: [grel + "output_number", grel + "output_int"]) { a in
                .typed(String(a[valueParam]!.string.count), datatype: XSD.integer)
            },
            .init(iri: grel + "string_substring", parameters: [valueParam, grel + "p_int_i_from", grel + "p_int_i_opt_to"],
                  required: [valueParam, grel + "p_int_i_from"], outputs: [stringOut]) { a in
                let chars = Array(a[valueParam]!.string)
                guard let from = Int(a[grel + "p_int_i_from"]!.string) else { return nil }
                let to = a[grel + "p_int_i_opt_to"].flatMap { Int($0.string) } ?? chars.count
                let lower = from < 0 ? max(chars.count + from, 0) : min(from, chars.count)
                let upper = to < 0 ? max(chars.count + to, 0) : min(to, chars.count)
                guard lower < upper else { return lower <= chars.count && from <= chars.count ? .string("") : nil }
                return .string(String(chars[lower..<upper]))
            },
            .init(iri: grel + "string_replace", parameters: [valueParam, grel + "param_find", grel + "param_replace"],
                  required: [valueParam, grel + "param_find", grel + "param_replace"], outputs: [stringOut]) { a in
                .string(a[valueParam]!.string.replacingOccurrences(of: a[grel + "param_find"]!.string, with: a[grel + "param_replace"]!.string))
            },
            .init(iri: grel + "string_split", parameters: [valueParam, grel + "p_string_sep"],
                  required: [valueParam, grel + "p_string_sep"], outputs: [grel + "output_array"]) { a in
                let parts = a[valueParam]!.string.components(separatedBy: a[grel + "p_string_sep"]!.string)
                return .json(.array(parts.map { .string($0) }))
            },
            .init(iri: grel + "escape", parameters: [valueParam, grel + "modeParam"], required: [valueParam, grel + "modeParam"],
                  outputs: [stringOut]) { a in
                .string(escape(a[valueParam]!.string, mode: a[grel + "modeParam"]!.string))
            },
            .init(iri: grel + "string_toString", parameters: [valueParam], required: [valueParam], outputs: [stringOut]) { a in
                .string(a[valueParam]!.string)
            },
            .init(iri: grel + "array_join", parameters: [grel + "p_array_a", grel + "p_string_sep"], required: [grel + "p_array_a"],
                  outputs: [stringOut]) { a in
                .string(a[grel + "p_array_a"]!.string)
            },
            .init(iri: idlab + "toUpperCaseURL", parameters: [idlab + "str"], required: [idlab + "str"], outputs: [idlab + "_stringOut"]) { a in
                // IDLab's behaviour: upper-case the value; prefix "http://" (in lower case) when it has no scheme.
                let s = a[idlab + "str"]!.string.uppercased()
                return .string(s.hasPrefix("HTTP://") || s.hasPrefix("HTTPS://") ? s : "http://" + s)
            },
            .init(iri: idlab + "equal", parameters: [valueParam, grel + "valueParam2"], required: [valueParam, grel + "valueParam2"],
                  outputs: [idlab + "_boolOut"]) { a in
                .typed(a[valueParam]!.string == a[grel + "valueParam2"]!.string ? "true" : "false", datatype: XSD.boolean)
            },
            .init(iri: idlab + "notEqual", parameters: [valueParam, grel + "valueParam2"], required: [valueParam, grel + "valueParam2"],
                  outputs: [idlab + "_boolOut"]) { a in
                .typed(a[valueParam]!.string != a[grel + "valueParam2"]!.string ? "true" : "false", datatype: XSD.boolean)
            },
            .init(iri: idlab + "alwaysReturnsABC", parameters: [], required: [], outputs: [idlab + "_stringOut"]) { _ in
                .string("ABC")
            },
            .init(iri: idlab + "concat", parameters: [idlab + "str", idlab + "otherStr", idlab + "delimiter"],
                  required: [idlab + "str", idlab + "otherStr"], outputs: [idlab + "_stringOut"]) { a in
                .string(a[idlab + "str"]!.string + (a[idlab + "delimiter"]?.string ?? "") + a[idlab + "otherStr"]!.string)
            },
            .init(iri: idlab + "isNull", parameters: [idlab + "str"], required: [], outputs: [idlab + "_boolOut"]) { a in
                .typed(a[idlab + "str"] == nil ? "true" : "false", datatype: XSD.boolean)
            },
        ]
    }

    /// GREL `escape(s, mode)`: html, xml, csv, url or javascript escaping.
    static func escape(_ s: String, mode: String) -> String {
        switch mode.lowercased() {
        case "html", "xml":
            var out = ""
            for c in s {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += mode.lowercased() == "xml" ? "&apos;" : "&#39;"
                default: out.append(c)
                }
            }
            return out
        case "csv":
            return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        case "url":
            return s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
        case "javascript":
            return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "'", with: "\\'").replacingOccurrences(of: "\n", with: "\\n")
        default:
            return s
        }
    }
}
