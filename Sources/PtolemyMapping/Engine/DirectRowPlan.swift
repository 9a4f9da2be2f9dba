import PtolemyRDF

/// A triples map over CSV rows compiled to write N-Triples straight from the row's
/// bytes: no strings, terms or arrays per row.
///
/// The general path (``TriplesMapPlan``) makes a `String` per field, a `Term` per value
/// and an array per reference; for the flat maps that CSV sources nearly always have, a
/// row's statements are only its field bytes between constant text. Maps whose term maps
/// are constants, column references or templates (into IRIs, or literals with a
/// constant language or datatype), with constant predicates and without graph maps,
/// conditions, functions, collections or referencing object maps, are compiled here
/// (the initializer returns nil for any other). A row with anything out of the ordinary
/// (a value N-Triples must escape, an IRI that fails its check, invalid UTF-8) is
/// declined and goes to the general path, which skips it or reports it; so both paths
/// write the same statements in the same order.
struct DirectRowPlan: Sendable {
    enum Part: Sendable {
        case text([UInt8])
        case column(Int)
    }

    /// How one term map writes its term.
    enum TermWriter: Sendable {
        /// The same text for every row.
        case constant([UInt8])
        /// `<parts>`: an absolute IRI from a template, its column values percent-encoded.
        case iriTemplate([Part], TermMap.IRIEncoding)
        /// `<value>`: an IRI from a column (relative ones resolved against the base).
        case iriColumn(Int, TermMap.IRIEncoding)
        /// `"parts"` and a constant suffix (`@lang`, `^^<datatype>` or nothing).
        case literal([Part], suffix: [UInt8])
    }

    enum Outcome {
        case written
        /// A referenced value is null: no term (and no statement).
        case null
        /// The general path must map this row.
        case declined
    }

    let subject: TermWriter
    /// ` <rdf:type> <class> .\n` per class.
    let classStatements: [[UInt8]]
    /// Per object map, in the general path's order: its object and the predicates of its
    /// predicate-object map, each as ` <p> `.
    let objects: [(predicates: [[UInt8]], object: TermWriter)]
    let base: [UInt8]
    let nullValues: Set<String>
    let asciiNullValues: [[UInt8]]
    let emptyIsNull: Bool

    /// The compiled form of `plan` for rows of the CSV source `evaluator` reads, or nil
    /// when the map needs the general path.
    init?(_ plan: TriplesMapPlan, evaluator: ReferenceEvaluator) {
        let map = plan.map
        guard case .csv = evaluator.formulation, map.subjectGraphMaps.isEmpty, map.subjectMap.termType != .literal,
              let subject = Self.compile(map.subjectMap, plan.generator, evaluator) else { return nil }
        self.subject = subject
        func encoded(_ term: Term) -> [UInt8] {
            var bytes: [UInt8] = []
            QuadBuffer.write(term, to: &bytes)
            return bytes
        }
        let type = encoded(.iri(RDFVocabulary.type))
        classStatements = map.classes.map { [0x20] + type + [0x20] + encoded(.iri($0)) + [0x20, 0x2E, 0x0A] }
        var objects: [(predicates: [[UInt8]], object: TermWriter)] = []
        for pom in map.predicateObjectMaps {
            guard pom.graphMaps.isEmpty else { return nil }
            var predicates: [[UInt8]] = []
            for pm in pom.predicateMaps {
                guard pm.isConstant, case .constant(let term) = pm.expression, let iri = term.iriValue,
                      IRISafety.hasScheme(iri) else { return nil }
                predicates.append([0x20] + encoded(term) + [0x20])
            }
            for objectMap in pom.objectMaps {
                guard case .term(let m) = objectMap, let writer = Self.compile(m, plan.generator, evaluator) else { return nil }
                objects.append((predicates, writer))
            }
        }
        self.objects = objects
        let base = plan.generator.baseIRI
        // ASCII, so that rml:URI needs no encoding of it either.
        guard IRISafety.isValid(base), base.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        self.base = Array(base.utf8)
        nullValues = evaluator.nullValues
        asciiNullValues = evaluator.nullValues.filter { $0.utf8.allSatisfy { $0 < 0x80 } }.map { Array($0.utf8) }
        emptyIsNull = evaluator.emptyIsNull
    }

    private static func compile(_ map: TermMap, _ generator: TermGenerator, _ evaluator: ReferenceEvaluator) -> TermWriter? {
        guard map.condition == nil, map.gather == nil, map.gatherReference == nil else { return nil }
        func parts(_ template: Template) -> [Part]? {
            var out: [Part] = []
            for part in template.parts {
                switch part {
                case .text(let text): out.append(.text(Array(text.utf8)))
                case .reference(let r):
                    guard let column = evaluator.column(of: r) else { return nil }
                    out.append(.column(column))
                }
            }
            return out
        }
        switch (map.expression, map.termType) {
        case (.constant, _):
            // The general path's own term, made once: it does not depend on the row.
            guard let terms = try? generator.terms(map, .row([])), terms.count == 1 else { return nil }
            var bytes: [UInt8] = []
            QuadBuffer.write(terms[0], to: &bytes)
            return .constant(bytes)
        case (.reference(let r), .iri(let encoding)):
            return evaluator.column(of: r).map { .iriColumn($0, encoding) }
        case (.template(let template), .iri(let encoding)):
            // Absolute whatever the values (else the base would have to be decided per row),
            // and text that needs no check per row.
            guard case .text(let first)? = template.parts.first, IRISafety.hasScheme(first),
                  template.parts.allSatisfy({ if case .text(let t) = $0 { IRISafety.isValid(t) } else { true } }),
                  let compiled = parts(template) else { return nil }
            return .iriTemplate(compiled, encoding)
        case (.reference(let r), .literal):
            guard let column = evaluator.column(of: r), let suffix = literalSuffix(map) else { return nil }
            return .literal([.column(column)], suffix: suffix)
        case (.template(let template), .literal):
            guard template.parts.allSatisfy({ if case .text(let t) = $0 { t.utf8.allSatisfy(isPlainInLiteral) } else { true } }),
                  let compiled = parts(template), let suffix = literalSuffix(map) else { return nil }
            return .literal(compiled, suffix: suffix)
        default:
            return nil
        }
    }

    /// What follows a literal's closing quote, as the general path writes it; nil when a
    /// language or datatype map makes it per row.
    private static func literalSuffix(_ map: TermMap) -> [UInt8]? {
        let sample: Term
        switch (map.language, map.datatype) {
        case (.constant(let tag)?, _): sample = .langString("", tag)
        case (.map?, _): return nil
        case (nil, .constant(let datatype)?): sample = .typed("", datatype)
        case (nil, .map?): return nil
        case (nil, nil): sample = .string("")
        }
        var bytes: [UInt8] = []
        QuadBuffer.write(sample, to: &bytes)
        return Array(bytes.dropFirst(2))
    }

    /// Whether a literal's text may hold the byte as it is (no N-Triples escape).
    @inline(__always)
    static func isPlainInLiteral(_ b: UInt8) -> Bool {
        b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F
    }

    /// Writes the row's statements to `out` and returns how many; nil when the row needs
    /// the general path (what was written must then be dropped). `scratch` holds the
    /// subject's text.
    func write(_ row: CSVRow, to out: inout [UInt8], scratch: inout [UInt8]) -> Int? {
        scratch.removeAll(keepingCapacity: true)
        switch write(subject, row, to: &scratch) {
        case .written: break
        case .null: return 0
        case .declined: return nil
        }
        var statements = 0
        for statement in classStatements {
            out.append(contentsOf: scratch)
            out.append(contentsOf: statement)
            statements += 1
        }
        for (predicates, object) in objects {
            for predicate in predicates {
                let start = out.count
                out.append(contentsOf: scratch)
                out.append(contentsOf: predicate)
                switch write(object, row, to: &out) {
                case .written:
                    out.append(0x20)
                    out.append(0x2E)
                    out.append(0x0A)
                    statements += 1
                case .null:
                    out.removeLast(out.count - start)
                case .declined:
                    return nil
                }
            }
        }
        return statements
    }

    private func write(_ writer: TermWriter, _ row: CSVRow, to out: inout [UInt8]) -> Outcome {
        switch writer {
        case .constant(let bytes):
            out.append(contentsOf: bytes)
            return .written
        case .iriTemplate(let parts, let encoding):
            out.append(0x3C)
            let outcome = appendParts(parts, row, to: &out) { value, out in appendIRIValue(value, encoding, to: &out) }
            if outcome == .written { out.append(0x3E) }
            return outcome
        case .iriColumn(let i, let encoding):
            let value = row.field(i)
            if isNull(value) { return .null }
            guard isValidUTF8(value), !value.contains(where: IRISafety.isExcluded) else { return .declined }
            // A reference's IRI is not percent-encoded, only (for rml:URI) made ASCII.
            if encoding == .uri && value.contains(where: { $0 >= 0x80 }) { return .declined }
            out.append(0x3C)
            if !IRISafety.hasScheme(bytes: value) { out.append(contentsOf: base) }
            out.append(contentsOf: value)
            out.append(0x3E)
            return .written
        case .literal(let parts, let suffix):
            out.append(0x22)
            let outcome = appendParts(parts, row, to: &out) { value, out in
                guard value.allSatisfy(Self.isPlainInLiteral), isValidUTF8(value) else { return false }
                out.append(contentsOf: value)
                return true
            }
            if outcome == .written {
                out.append(0x22)
                out.append(contentsOf: suffix)
            }
            return outcome
        }
    }

    /// Appends a template's text and column values (each through `appendValue`, which
    /// returns false to decline the row); `.null` as soon as a value is null.
    @inline(__always)
    private func appendParts(_ parts: [Part], _ row: CSVRow, to out: inout [UInt8],
                             _ appendValue: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Bool) -> Outcome {
        for part in parts {
            switch part {
            case .text(let text): out.append(contentsOf: text)
            case .column(let i):
                let value = row.field(i)
                if isNull(value) { return .null }
                guard appendValue(value, &out) else { return .declined }
            }
        }
        return .written
    }

    /// Appends a template value the way ``IRISafety/encode(_:_:)`` makes it; false when
    /// the result would need the general path's checks (unsafe encodings let through
    /// characters an IRI may not hold).
    @inline(__always)
    private func appendIRIValue(_ value: UnsafeBufferPointer<UInt8>, _ encoding: TermMap.IRIEncoding, to out: inout [UInt8]) -> Bool {
        guard isValidUTF8(value) else { return false }
        switch encoding {
        case .iri:
            IRISafety.appendPercentEncoded(value, keep: { IRISafety.isUnreserved($0) || $0 >= 0x80 }, to: &out)
        case .uri:
            IRISafety.appendPercentEncoded(value, keep: IRISafety.isUnreserved, to: &out)
        case .unsafeIRI:
            guard !value.contains(where: IRISafety.isExcluded) else { return false }
            out.append(contentsOf: value)
        case .unsafeURI:
            guard !value.contains(where: IRISafety.isExcluded) else { return false }
            IRISafety.appendPercentEncoded(value, keep: { $0 < 0x80 }, to: &out)
        }
        return true
    }

    /// Whether a field is no value (as ``ReferenceEvaluator/values(_:in:)`` decides).
    @inline(__always)
    private func isNull(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if value.isEmpty { return emptyIsNull || nullValues.contains("") }
        if nullValues.isEmpty { return false }
        if value.allSatisfy({ $0 < 0x80 }) {
            // An ASCII string equals (canonically) only the same ASCII bytes.
            return asciiNullValues.contains { $0.elementsEqual(value) }
        }
        return nullValues.contains(String(decoding: value, as: UTF8.self))
    }

    /// Whether the bytes are UTF-8 as they are (the general path replaces faults, so a
    /// faulty value must take it to be written the same).
    @inline(__always)
    private func isValidUTF8(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.allSatisfy { $0 < 0x80 } || String(validating: value, as: UTF8.self) != nil
    }
}
