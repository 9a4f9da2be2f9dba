import PtolemyRDF

/// Makes RDF terms from term maps for the records of one triples map.
///
/// RML-Core section 6 (https://w3id.org/rml/core/spec#term-map) and 7 (natural
/// datatypes); R2RML section 7.3 for templates into IRIs. What happens to a value
/// that cannot become a term (an IRI with a space) depends on the dialect: the classic
/// RML test cases skip it, RML-Core makes it an error.
struct TermGenerator: Sendable {
    let evaluator: ReferenceEvaluator
    let baseIRI: String
    let dialect: MappingDialect
    let functions: FunctionRegistry
    /// Notes references that matched (JSON and XML sources), or nil.
    var tracker: MatchTracker?

    /// The terms `map` makes for `record` (none when a referenced value is missing).
    /// `index` is the record's position in its source, which names the fresh blank
    /// nodes of maps without an expression.
    func terms(_ map: TermMap, _ record: Record, index: Int = 0) throws -> [Term] {
        if let condition = map.condition {
            let result = try functions.call(condition, record: record, generator: self)
            guard result.contains(where: { $0.string == "true" }) else { return [] }
        }
        switch map.expression {
        case .constant(let term):
            if case .iri(let iri) = term, !IRISafety.hasScheme(iri), map.termType != .literal {
                return [.iri(baseIRI + iri)]
            }
            return [term]
        case .reference(let reference):
            let values = try evaluator.values(reference, in: record)
            if !values.isEmpty { tracker?.matched(reference) }
            var out: [Term] = []
            out.reserveCapacity(values.count)
            for value in values {
                if value.isContainer && map.termType != .literal {
                    throw MappingError(.data, "reference \"\(reference.text)\" yields a JSON \(value.string.hasPrefix("[") ? "array" : "object"), not a value")
                }
                if value.isContainer && dialect == .core {
                    throw MappingError(.data, "reference \"\(reference.text)\" yields a JSON \(value.string.hasPrefix("[") ? "array" : "object"); select its members (for example with [*])")
                }
                if let term = try makeTerm(map, value.string, natural: value.naturalDatatype, fromTemplate: false, record: record) {
                    out.append(term)
                }
            }
            return out
        case .template(let template):
            var out: [Term] = []
            for string in try expand(template, record, encoding: { if case .iri(let e) = map.termType { return e } else { return nil } }()) {
                if let term = try makeTerm(map, string, natural: nil, fromTemplate: true, record: record) { out.append(term) }
            }
            return out
        case .freshBlankNode:
            return [.blank("g\(Self.stableHash(map.node))r\(index)")]
        case .function(let execution):
            var out: [Term] = []
            for value in try functions.call(execution, record: record, generator: self) {
                if case .iri(let iri) = map.termType, case .string(let s) = value, !IRISafety.hasScheme(s) {
                    // A function's output made into an IRI is treated as a template value.
                    if let term = try makeTerm(map, IRISafety.encode(s, iri), natural: nil, fromTemplate: true, record: record) { out.append(term) }
                    continue
                }
                if let term = try makeTerm(map, value.string, natural: value.naturalDatatype, fromTemplate: false, record: record) {
                    out.append(term)
                }
            }
            return out
        }
    }

    /// FNV-1a of a string: a label prefix that is the same in every run.
    static func stableHash(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h & 0xFFFF_FFFF, radix: 36)
    }

    /// The strings a template makes: one per combination of its references' values;
    /// none when a reference has no value. `encoding` percent-encodes values for IRIs.
    func expand(_ template: Template, _ record: Record, encoding: TermMap.IRIEncoding?) throws -> [String] {
        var results = [""]
        for part in template.parts {
            switch part {
            case .text(let text):
                for i in results.indices { results[i] += text }
            case .reference(let reference):
                let values = try evaluator.values(reference, in: record)
                if values.isEmpty { return [] }
                tracker?.matched(reference)
                if values.count == 1 {
                    let v = values[0]
                    if v.isContainer { throw MappingError(.data, "reference \"\(reference.text)\" in template \"\(template.source)\" yields a JSON array or object") }
                    let s = encoding.map { IRISafety.encode(v.string, $0) } ?? v.string
                    for i in results.indices { results[i] += s }
                } else {
                    var next: [String] = []
                    next.reserveCapacity(results.count * values.count)
                    for r in results {
                        for v in values {
                            next.append(r + (encoding.map { IRISafety.encode(v.string, $0) } ?? v.string))
                        }
                    }
                    results = next
                }
            }
        }
        return results
    }

    /// The term for one value of a term map, or nil when the value is skipped.
    func makeTerm(_ map: TermMap, _ value: String, natural: String?, fromTemplate: Bool, record: Record) throws -> Term? {
        switch map.termType {
        case .iri(let encoding):
            var iri = value
            if !IRISafety.hasScheme(iri) { iri = baseIRI + iri }
            if encoding == .unsafeIRI || encoding == .unsafeURI || IRISafety.isValid(iri) {
                if encoding == .uri && !fromTemplate && iri.utf8.contains(where: { $0 >= 0x80 }) {
                    return .iri(IRISafety.encode(iri, .unsafeURI))
                }
                return .iri(iri)
            }
            if dialect == .classic { return nil }
            throw MappingError(.data, "\"\(iri)\" is not a valid IRI")
        case .blankNode:
            return .blank(value)
        case .literal:
            if let language = map.language {
                let tag: String
                switch language {
                case .constant(let t): tag = t
                case .map(let m):
                    guard let t = try terms(m, record).first else { return .string(value) }
                    guard case .literal(let l) = t, LanguageTag.isValid(l.lexicalForm) else {
                        throw MappingError(.data, "the language map made \(t), not a valid language tag")
                    }
                    tag = l.lexicalForm
                }
                return .langString(value, tag)
            }
            if let datatype = map.datatype {
                switch datatype {
                case .constant(let iri): return .typed(value, iri)
                case .map(let m):
                    guard let t = try terms(m, record).first else { return .string(value) }
                    guard case .iri(let iri) = t else { throw MappingError(.data, "the datatype map made \(t), not an IRI") }
                    return .typed(value, iri)
                }
            }
            if dialect == .core, let natural { return .typed(value, natural) }
            return .string(value)
        }
    }
}
