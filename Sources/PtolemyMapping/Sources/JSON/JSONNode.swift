import PtolemyRDF

/// A JSON value (RFC 8259) as the JSONPath evaluator and the engine see it.
///
/// Numbers keep their lexical form: RML copies values as written (`"01"` stays `01`),
/// and RML-Core's natural datatype of a number (`xsd:integer` or `xsd:double`) is
/// decided from it.
indirect enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object(JSONObject)

    /// The member `key` of an object.
    subscript(key: String) -> JSONNode? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The value as a string for a term: strings as they are, numbers as written,
    /// booleans `true`/`false`; nil for null. Arrays and objects are serialized as JSON.
    var stringValue: String? {
        switch self {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return s
        case .array, .object: return serialized
        }
    }

    /// RML-Core's natural RDF datatype of the value (section 7.1,
    /// https://w3id.org/rml/core/spec#natural-mapping): integer numbers are
    /// `xsd:integer`, other numbers `xsd:double`, booleans `xsd:boolean`.
    var naturalDatatype: String? {
        switch self {
        case .bool: return XSD.boolean
        case .number(let n):
            return n.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }) ? XSD.integer : XSD.double
        default: return nil
        }
    }

    /// Whether the value is an array or an object.
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    /// The value as compact JSON text.
    var serialized: String {
        var out = ""
        serialize(into: &out)
        return out
    }

    func serialize(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.serialize(into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for i in object.keys.indices {
                if i > 0 { out += "," }
                Self.quote(object.keys[i], into: &out)
                out += ":"
                object.values[i].serialize(into: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

/// A JSON object's members in document order.
struct JSONObject: Sendable, Equatable {
    var keys: [String] = []
    var values: [JSONNode] = []

    /// The value of `key` (the last one when a key repeats, as most parsers do).
    subscript(key: String) -> JSONNode? {
        var i = keys.count - 1
        while i >= 0 {
            if keys[i] == key { return values[i] }
            i -= 1
        }
        return nil
    }
}
