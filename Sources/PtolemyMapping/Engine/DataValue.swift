import PtolemyRDF
import Synchronization

/// One value a reference yields: the text that goes into a term, with what the engine
/// needs beside it (RML-Core's natural datatype; the JSON or XML node under it, for
/// nested iteration in logical views and for functions).
enum DataValue: Sendable {
    case string(String)
    /// A JSON value other than null.
    case json(JSONNode)
    case xml(XMLNode)
    /// A value with a natural datatype of its own (a view's `#` index: `xsd:integer`).
    case typed(String, datatype: String)

    /// The text of the value.
    var string: String {
        switch self {
        case .string(let s): return s
        case .json(let node): return node.stringValue ?? ""
        case .xml(let node): return node.stringValue
        case .typed(let s, _): return s
        }
    }

    /// RML-Core's natural datatype, when the value has one other than `xsd:string`.
    var naturalDatatype: String? {
        switch self {
        case .json(let node): return node.naturalDatatype
        case .typed(_, let datatype): return datatype
        default: return nil
        }
    }

    /// True for JSON arrays and objects, which cannot become a term as they are.
    var isContainer: Bool {
        if case .json(let node) = self { return node.isContainer }
        return false
    }
}

/// One record of a logical source (a CSV row, a JSON or XML node, a view row, a feature).
enum Record: Sendable {
    case row([String])
    case json(JSONNode)
    case xml(XMLNode)
    case view(ViewRow)
    case feature(Feature)
}

/// A record of a logical view: field keys (`name`, `item.type`, `item.#`, `#`) and values.
struct ViewRow: Sendable {
    var keys: [String]
    var values: [DataValue?]

    init() {
        keys = []
        values = []
    }

    subscript(key: String) -> DataValue?? {
        guard let i = keys.firstIndex(of: key) else { return nil }
        return .some(values[i])
    }

    mutating func set(_ key: String, _ value: DataValue?) {
        if let i = keys.firstIndex(of: key) { values[i] = value } else {
            keys.append(key)
            values.append(value)
        }
    }
}

/// Records read together, with where they came from.
struct RecordBatch: Sendable {
    var records: [Record]
    /// Index of the first record in the source (records are numbered from 0).
    var firstIndex: Int
    /// 1-based line of each record (CSV), empty when lines do not apply.
    var lines: [Int]
}

/// Interned reference expressions: every distinct reference text gets a small number, so
/// compiled references live in arrays rather than dictionaries on the hot path.
enum ReferenceTable {
    private static let table = Mutex<[String: Int]>([:])

    static func id(_ text: String) -> Int {
        table.withLock { table in
            if let id = table[text] { return id }
            let id = table.count
            table[text] = id
            return id
        }
    }

    static var count: Int { table.withLock { $0.count } }
}

/// A reference expression of a mapping (`Name`, `$.name`, `@id`, a view field), interned.
struct Reference: Sendable, Equatable, Hashable, CustomStringConvertible {
    let text: String
    let id: Int

    init(_ text: String) {
        self.text = text
        id = ReferenceTable.id(text)
    }

    var description: String { text }
}
