import PtolemyRDF

/// A logical view (RML-LV, https://w3id.org/rml/lv/spec) as a record source: each
/// record of the source it is a view on becomes one or more view rows, the cartesian
/// product of its fields' values; joined views add the fields of matching parent rows.
///
/// Keys of a row: each field's name (expression fields), `name.#` (the 0-based
/// position of the value among the field's values, or of the item of an iterable
/// field), `name.child` for nested fields, and `#` (the position of the source record).
/// Referencing a key a row does not have is an error. Parent views of joins are read
/// in full first (their rows are indexed by the join keys), so joins cost memory in
/// the size of the parent view.
final class ViewRecordSource: RecordSource {
    var evaluator: ReferenceEvaluator
    private let base: any RecordSource
    private let view: LogicalView
    private let baseDelimiter: UInt8
    private let functions: FunctionRegistry
    /// Per join: the parent's rows by join key.
    private var joinIndexes: [[[String]: [ViewRow]]] = []
    private var emitted = 0
    let totalBytes: Int?
    var bytesRead: Int { base.bytesRead }

    init(engine: MappingEngine, view index: Int) throws {
        let source = engine.document.sources[index]
        guard case .view(let view) = source.kind else { fatalError("not a view") }
        self.view = view
        functions = engine.functions
        base = try engine.openSource(view.viewOn)
        baseDelimiter = (base as? CSVRecordSource)?.delimiter ?? UInt8(ascii: ",")
        totalBytes = base.totalBytes
        var references: [Reference] = []
        for field in view.fields {
            if case .expression(let e) = field.kind { references += Self.references(e) }
            if case .iterable(let iterator, nil) = field.kind, !iterator.isEmpty { references.append(Reference(iterator)) }
        }
        try base.evaluator.compile(references)
        evaluator = ReferenceEvaluator(formulation: .view, fileName: source.node, nullValues: [], emptyIsNull: false)
        for join in view.joins {
            let parent = try ViewRecordSource(engine: engine, view: join.parent)
            var index: [[String]: [ViewRow]] = [:]
            while let batch = try parent.next() {
                guard case .records(let records) = batch else { continue }
                for case .view(let row) in records.records {
                    for key in try Self.keys(join.conditions.map(\.parent), row) { index[key, default: []].append(row) }
                }
            }
            joinIndexes.append(index)
        }
    }

    private static func references(_ e: TermMap.Expression) -> [Reference] {
        switch e {
        case .reference(let r): return [r]
        case .template(let t): return t.references
        case .function(let f): return f.references
        default: return []
        }
    }

    func next() throws -> SourceBatch? {
        guard let batch = try base.next() else { return nil }
        let records = try CSVRecordSource.decode(batch, evaluator: base.evaluator, delimiter: baseDelimiter)
        var rows: [Record] = []
        for (i, record) in records.records.enumerated() {
            let recordIndex = records.firstIndex + i
            var recordRows = try self.rows(view.fields, .record(record), formulation: base.evaluator.formulation, prefix: "")
            for j in recordRows.indices { recordRows[j].set("#", .typed(String(recordIndex), datatype: XSD.integer)) }
            for (j, join) in view.joins.enumerated() {
                var joined: [ViewRow] = []
                for row in recordRows {
                    var matches: [ViewRow] = []
                    for key in try Self.keys(join.conditions.map(\.child), row) { matches += joinIndexes[j][key] ?? [] }
                    if matches.isEmpty {
                        if !join.inner {
                            var r = row
                            for f in join.fields { Self.setMissing(f, prefix: "", in: &r) }
                            joined.append(r)
                        }
                        continue
                    }
                    for parentRow in matches {
                        var extended = [row]
                        for f in join.fields {
                            let fieldRows = try joinFieldRows(f, parentRow)
                            extended = extended.flatMap { r in fieldRows.map { Self.merge(r, $0) } }
                        }
                        joined += extended
                    }
                }
                recordRows = joined
            }
            rows += recordRows.map { .view($0) }
        }
        defer { emitted += rows.count }
        return .records(RecordBatch(records: rows, firstIndex: emitted, lines: []))
    }

    /// Where a field is evaluated: a record of the viewed source, or a nested value.
    private enum Context {
        case record(Record)
        case json(JSONNode)
        case xml(XMLNode)
        case csvRow(header: [String], fields: [String])
        case text(String)
    }

    private func rows(_ fields: [ViewField], _ context: Context, formulation: ReferenceFormulation, prefix: String) throws -> [ViewRow] {
        var result = [ViewRow()]
        for field in fields {
            let key = prefix + field.name
            var fieldRows: [ViewRow] = []
            switch field.kind {
            case .expression(let expression):
                let values = try evaluate(expression, context, formulation: formulation)
                if values.isEmpty {
                    var r = ViewRow()
                    Self.setMissing(field, prefix: prefix, in: &r)
                    fieldRows = [r]
                }
                for (j, value) in values.enumerated() {
                    var r = ViewRow()
                    r.set(key, value)
                    r.set(key + ".#", .typed(String(j), datatype: XSD.integer))
                    let children = try rows(field.children, Self.context(of: value), formulation: formulation, prefix: key + ".")
                    fieldRows += children.map { Self.merge(r, $0) }
                }
            case .iterable(let iterator, let override):
                let f = override ?? formulation
                let items = try iterate(iterator, context, formulation: f)
                if items.isEmpty {
                    var r = ViewRow()
                    Self.setMissing(field, prefix: prefix, in: &r)
                    r.values = r.values.map { _ in nil }
                    fieldRows = [r]
                }
                for (j, item) in items.enumerated() {
                    var r = ViewRow()
                    r.set(key + ".#", .typed(String(j), datatype: XSD.integer))
                    let children = try rows(field.children, item, formulation: f, prefix: key + ".")
                    fieldRows += children.map { Self.merge(r, $0) }
                }
            }
            result = result.flatMap { r in fieldRows.map { Self.merge(r, $0) } }
        }
        return result
    }

    /// Every key a field would set, set to no value (a row without that field's data).
    private static func setMissing(_ field: ViewField, prefix: String, in row: inout ViewRow) {
        let key = prefix + field.name
        if case .expression = field.kind { row.set(key, nil) }
        row.set(key + ".#", nil)
        for child in field.children { setMissing(child, prefix: key + ".", in: &row) }
    }

    private static func merge(_ a: ViewRow, _ b: ViewRow) -> ViewRow {
        var r = a
        for (k, v) in zip(b.keys, b.values) { r.set(k, v) }
        return r
    }

    private static func context(of value: DataValue) -> Context {
        switch value {
        case .json(let node): return .json(node)
        case .xml(let node): return .xml(node)
        case .string(let s), .typed(let s, _): return .text(s)
        }
    }

    private func evaluate(_ expression: TermMap.Expression, _ context: Context, formulation: ReferenceFormulation) throws -> [DataValue] {
        switch expression {
        case .constant(let term): return [.string(JoinIndex.keyString(term))]
        case .reference(let reference): return try values(reference, context, formulation: formulation)
        case .template(let template):
            var results = [""]
            for part in template.parts {
                switch part {
                case .text(let t): results = results.map { $0 + t }
                case .reference(let r):
                    let vs = try values(r, context, formulation: formulation)
                    results = results.flatMap { prefix in vs.map { prefix + $0.string } }
                }
            }
            return results.map { .string($0) }
        case .function, .freshBlankNode:
            throw MappingError(.invalidMapping, "this expression is not supported in a logical view field")
        }
    }

    private func values(_ reference: Reference, _ context: Context, formulation: ReferenceFormulation) throws -> [DataValue] {
        switch context {
        case .record(let record):
            return try base.evaluator.values(reference, in: record)
        case .json(let node):
            return try JSONPath(reference.text).evaluate(node).compactMap { $0 == .null ? nil : .json($0) }
        case .xml(let node):
            return try XPath(reference.text).strings(node).map { .string($0) }
        case .csvRow(let header, let fields):
            guard let i = header.firstIndex(of: reference.text) else {
                throw MappingError(.reference, "no column \"\(reference.text)\" in the nested CSV (columns: \(header.joined(separator: ", ")))")
            }
            return [.string(fields[i])]
        case .text(let text):
            switch formulation {
            case .jsonPath: return try values(reference, .json(try Self.parseJSON(text)), formulation: formulation)
            default: return [.string(text)]
            }
        }
    }

    private func iterate(_ iterator: String, _ context: Context, formulation: ReferenceFormulation) throws -> [Context] {
        switch (formulation, context) {
        case (.csv, .text(let text)), (.csv, .json(.string(let text))):
            var rows: [[String]] = []
            try CSVChunk(bytes: Array(text.utf8), firstLine: 1, firstRecord: 0).forEachRecord(delimiter: UInt8(ascii: ","), fileName: "nested CSV") { fields, _ in
                rows.append(fields)
            }
            guard let header = rows.first else { return [] }
            return rows.dropFirst().map { .csvRow(header: header, fields: $0) }
        case (.jsonPath, .text(let text)):
            return try iterate(iterator, .json(try Self.parseJSON(text)), formulation: formulation)
        case (.jsonPath, .json(let node)):
            return try JSONPath(iterator.isEmpty ? "$" : iterator).evaluate(node).map { .json($0) }
        case (.jsonPath, .record(.json(let node))):
            return try JSONPath(iterator.isEmpty ? "$" : iterator).evaluate(node).map { .json($0) }
        case (.xpath(let ns), .xml(let node)), (.xpath(let ns), .record(.xml(let node))):
            return try XPath(iterator, namespaces: ns).nodes(node).map { .xml($0) }
        default:
            throw MappingError(.invalidMapping, "an iterable field with \(formulation.name) cannot iterate over this value")
        }
    }

    private static func parseJSON(_ text: String) throws -> JSONNode {
        do { return try JSONParser.parse(text) } catch let error {
            throw MappingError(.syntax, "nested JSON: \(error)")
        }
    }

    /// A join's key values for a row (cartesian over multi-valued expressions).
    private static func keys(_ maps: [TermMap], _ row: ViewRow) throws -> [[String]] {
        var keys: [[String]] = [[]]
        for map in maps {
            let values = try rowValues(map.expression, row).map(\.string)
            keys = keys.flatMap { k in values.map { k + [$0] } }
        }
        return keys
    }

    private static func rowValues(_ expression: TermMap.Expression, _ row: ViewRow) throws -> [DataValue] {
        switch expression {
        case .constant(let term): return [.string(JoinIndex.keyString(term))]
        case .reference(let r):
            guard let value = row[r.text] else {
                throw MappingError(.reference, "the logical view has no field \"\(r.text)\" (fields: \(row.keys.joined(separator: ", ")))")
            }
            return value.map { [$0] } ?? []
        case .template(let t):
            var results = [""]
            for part in t.parts {
                switch part {
                case .text(let s): results = results.map { $0 + s }
                case .reference:
                    let vs = try rowValues(part.expression!, row)
                    results = results.flatMap { p in vs.map { p + $0.string } }
                }
            }
            return results.map { .string($0) }
        default:
            throw MappingError(.invalidMapping, "this expression is not supported in a join")
        }
    }

    /// A joined field's rows, taken from the parent row: a reference copies the parent's
    /// key and its `.#` and nested keys under the new name.
    private func joinFieldRows(_ field: ViewField, _ parent: ViewRow) throws -> [ViewRow] {
        guard case .expression(let expression) = field.kind else {
            throw MappingError(.invalidMapping, "a joined field must be an expression field")
        }
        var r = ViewRow()
        if case .reference(let ref) = expression {
            guard parent[ref.text] != nil else {
                throw MappingError(.reference, "the parent view has no field \"\(ref.text)\" (fields: \(parent.keys.joined(separator: ", ")))")
            }
            for (k, v) in zip(parent.keys, parent.values) where k == ref.text || k.hasPrefix(ref.text + ".") {
                r.set(field.name + k.dropFirst(ref.text.count), v)
            }
            return [r]
        }
        let values = try Self.rowValues(expression, parent)
        if values.isEmpty {
            r.set(field.name, nil)
            return [r]
        }
        return values.enumerated().map { j, v in
            var row = ViewRow()
            row.set(field.name, v)
            row.set(field.name + ".#", .typed(String(j), datatype: XSD.integer))
            return row
        }
    }
}

extension Template.Part {
    /// The part as an expression (a reference part), for evaluating templates over rows.
    var expression: TermMap.Expression? {
        if case .reference(let r) = self { return .reference(r) }
        return nil
    }
}
