import PtolemyRDF
import PtolemyRDFIO
import PtolemyCompression
import Foundation

/// Reads an RML mapping document (Turtle) into a ``MappingDocument``, checking it.
///
/// Both vocabularies are read (see ``RML``). Checks made here, before any data is
/// read, follow RML-Core section 4-9 and R2RML section 6-9: a triples map has exactly
/// one subject map; term types fit the position (no literal subjects or graph names,
/// IRI predicates); a constant agrees with its term type; language tags are well
/// formed; templates parse; a referencing object map names a triples map.
public struct MappingReader: Sendable {
    /// Directory that relative source paths resolve against (`--base-dir`; else the mapping's folder).
    public var baseDirectory: String?

    public init(baseDirectory: String? = nil) {
        self.baseDirectory = baseDirectory
    }

    /// Reads the mapping in `path`.
    /// - Throws: ``MappingError`` naming the file (a Turtle syntax error is reported
    ///   with its line and column).
    public func read(file path: String) throws -> MappingDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MappingError(.source, "cannot read the mapping file", mappingFile: path)
        }
        let text = String(decoding: data, as: UTF8.self)
        let directory = (path as NSString).deletingLastPathComponent
        return try read(turtle: text, fileName: path, mappingDirectory: directory.isEmpty ? "." : directory)
    }

    /// Reads a mapping held in a string.
    public func read(turtle: String, fileName: String? = nil, mappingDirectory: String = ".") throws -> MappingDocument {
        let documentBase = Self.declaredBase(in: turtle)
        var quads: [Quad] = []
        do {
            // Without @base, relative IRIs in the mapping resolve against a fixed IRI rather than
            // the file's location, so that output does not depend on where the mapping lies.
            let parser = RDFParser(format: .turtle, baseIRI: documentBase ?? "http://example.com/base/")
            var source = MemoryByteSource(Array(turtle.utf8))
            try parser.parse(source: &source, fileName: fileName) { quads.append($0) }
        } catch let error as RDFParseError {
            throw MappingError(.invalidMapping, "Turtle: \(error.description)", mappingFile: fileName)
        }
        var builder = Builder(graph: MappingGraph(quads: quads), fileName: fileName,
                              baseDirectory: baseDirectory ?? mappingDirectory, mappingDirectory: mappingDirectory)
        do {
            var document = try builder.build(documentBase: documentBase)
            document.origin = (turtle, self, mappingDirectory)
            return document
        } catch var error as MappingError {
            if error.mappingFile == nil { error.mappingFile = fileName }
            throw error
        }
    }

    /// The IRI of the last `@base` / `BASE` directive, if any (a plain scan: the Turtle
    /// parser resolves relative IRIs but does not report the base).
    static func declaredBase(in turtle: String) -> String? {
        var base: String?
        for line in turtle.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            let lower = trimmed.prefix(5).lowercased()
            guard lower.hasPrefix("@base") || lower == "base " || lower == "base<" else { continue }
            if let open = trimmed.firstIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
                base = String(trimmed[trimmed.index(after: open)..<close])
            }
        }
        return base
    }

    /// Where a term map stands; decides its default and allowed term types.
    enum Position {
        case subject, predicate, object, graph, datatype, language, expression
        var name: String {
            switch self {
            case .subject: "rml:subjectMap"
            case .predicate: "rml:predicateMap"
            case .object: "rml:objectMap"
            case .graph: "rml:graphMap"
            case .datatype: "rml:datatypeMap"
            case .language: "rml:languageMap"
            case .expression: "expression map"
            }
        }
    }

    private struct Builder {
        let graph: MappingGraph
        let fileName: String?
        let baseDirectory: String
        let mappingDirectory: String
        var sources: [LogicalSource] = []
        var sourceIndex: [Term: Int] = [:]
        var triplesMapIndex: [Term: Int] = [:]
        /// Logical sources being read (cycle detection for views).
        var reading: Set<Term> = []
        /// View fields being read (cycle detection).
        var readingFields: Set<Term> = []

        init(graph: MappingGraph, fileName: String?, baseDirectory: String, mappingDirectory: String) {
            self.graph = graph
            self.fileName = fileName
            self.baseDirectory = baseDirectory
            self.mappingDirectory = mappingDirectory
        }

        var dialect: MappingDialect {
            graph.usesClassicVocabulary && !graph.usesCoreVocabulary ? .classic : .core
        }

        mutating func build(documentBase: String?) throws -> MappingDocument {
            let candidates = graph.subjects.filter { s in
                graph.types(s).contains(RML.TriplesMap) || graph.has(s, RML.logicalSource)
            }
            for (i, node) in candidates.enumerated() { triplesMapIndex[node] = i }
            var maps: [TriplesMap] = []
            for node in candidates {
                let name = MappingGraph.name(node)
                do {
                    maps.append(try triplesMap(node))
                } catch let error as MappingError {
                    throw error.located(triplesMap: name)
                }
            }
            if maps.isEmpty {
                throw MappingError(.invalidMapping, "the document has no triples map (nothing with rml:logicalSource or a rml:TriplesMap type)")
            }
            return MappingDocument(triplesMaps: maps, sources: sources, dialect: dialect, documentBase: documentBase, fileName: fileName)
        }

        // MARK: Triples maps

        mutating func triplesMap(_ node: Term) throws -> TriplesMap {
            guard let sourceNode = try graph.object(node, RML.logicalSource) else {
                throw MappingError(.invalidMapping, "no rml:logicalSource")
            }
            let source = try logicalSource(sourceNode)
            let subjectNodes = graph.objects(node, RML.subjectMap)
            let subjectConstants = graph.objects(node, RML.subject)
            guard subjectNodes.count + subjectConstants.count == 1 else {
                throw MappingError(.invalidMapping, subjectNodes.count + subjectConstants.count == 0
                    ? "no subject map (rml:subjectMap or rml:subject)" : "more than one subject map", property: "rml:subjectMap")
            }
            let subjectMap: TermMap
            var classes: [String] = []
            var subjectGraphs: [TermMap] = []
            if let constant = subjectConstants.first {
                subjectMap = try constantMap(constant, position: .subject, node: MappingGraph.name(node))
            } else {
                let smNode = subjectNodes[0]
                do {
                    subjectMap = try termMap(smNode, position: .subject)
                    for c in graph.objects(smNode, RML.class) {
                        guard let iri = c.iriValue else { throw MappingError(.invalidMapping, "rml:class must be an IRI, not \(c)") }
                        classes.append(iri)
                    }
                    subjectGraphs = try graphMaps(of: smNode)
                } catch let error as MappingError {
                    throw error.located(property: "rml:subjectMap")
                }
            }
            var poms: [PredicateObjectMap] = []
            for pomNode in graph.objects(node, RML.predicateObjectMap) {
                do {
                    poms.append(try predicateObjectMap(pomNode))
                } catch let error as MappingError {
                    throw error.located(property: "rml:predicateObjectMap")
                }
            }
            var base: String?
            if let b = try graph.object(node, RML.baseIRI) {
                base = b.iriValue ?? b.literalValue?.lexicalForm
            }
            return TriplesMap(node: node, name: MappingGraph.name(node), source: source, subjectMap: subjectMap,
                              classes: classes, subjectGraphMaps: subjectGraphs, predicateObjectMaps: poms, baseIRI: base)
        }

        mutating func graphMaps(of node: Term) throws -> [TermMap] {
            var maps: [TermMap] = []
            for g in graph.objects(node, RML.graph) { maps.append(try constantMap(g, position: .graph, node: MappingGraph.name(node))) }
            for g in graph.objects(node, RML.graphMap) {
                do { maps.append(try termMap(g, position: .graph)) } catch let error as MappingError { throw error.located(property: "rml:graphMap") }
            }
            return maps
        }

        mutating func predicateObjectMap(_ node: Term) throws -> PredicateObjectMap {
            var predicates: [TermMap] = []
            for p in graph.objects(node, RML.predicate) { predicates.append(try constantMap(p, position: .predicate, node: MappingGraph.name(node))) }
            for p in graph.objects(node, RML.predicateMap) {
                do { predicates.append(try termMap(p, position: .predicate)) } catch let error as MappingError { throw error.located(property: "rml:predicateMap") }
            }
            var objects: [ObjectMap] = []
            for o in graph.objects(node, RML.object) { objects.append(.term(try constantMap(o, position: .object, node: MappingGraph.name(node)))) }
            for o in graph.objects(node, RML.objectMap) {
                do {
                    if graph.has(o, RML.parentTriplesMap) {
                        objects.append(.reference(try refObjectMap(o)))
                    } else {
                        objects.append(.term(try termMap(o, position: .object)))
                    }
                } catch let error as MappingError {
                    throw error.located(property: "rml:objectMap")
                }
            }
            if predicates.isEmpty { throw MappingError(.invalidMapping, "a predicate-object map without a predicate map") }
            if objects.isEmpty { throw MappingError(.invalidMapping, "a predicate-object map without an object map") }
            return PredicateObjectMap(predicateMaps: predicates, objectMaps: objects, graphMaps: try graphMaps(of: node),
                                      node: MappingGraph.name(node))
        }

        mutating func refObjectMap(_ node: Term) throws -> RefObjectMap {
            guard let parentNode = try graph.object(node, RML.parentTriplesMap), let parent = triplesMapIndex[parentNode] else {
                throw MappingError(.invalidMapping, "rml:parentTriplesMap does not name a triples map of the document")
            }
            var conditions: [JoinCondition] = []
            for c in graph.objects(node, RML.joinCondition) {
                conditions.append(try joinCondition(c))
            }
            return RefObjectMap(parent: parent, joinConditions: conditions, node: MappingGraph.name(node))
        }

        mutating func joinCondition(_ c: Term) throws -> JoinCondition {
            func side(_ shortcut: String, _ mapProperty: String) throws -> TermMap {
                if let value = try graph.object(c, shortcut) {
                    guard let text = value.literalValue?.lexicalForm else {
                        throw MappingError(.invalidMapping, "\(RML.short(shortcut)) must be a string reference")
                    }
                    return TermMap(expression: .reference(Reference(text)), termType: .literal, node: MappingGraph.name(c))
                }
                if let mapNode = try graph.object(c, mapProperty) {
                    return try termMap(mapNode, position: .expression)
                }
                throw MappingError(.invalidMapping, "a join condition without \(RML.short(shortcut)) or \(RML.short(mapProperty))")
            }
            return JoinCondition(child: try side(RML.child, RML.childMap), parent: try side(RML.parent, RML.parentMap))
        }

        // MARK: Term maps

        /// A term map for a constant shortcut (`rml:subject`, `rml:predicate`, `rml:object`, `rml:graph`).
        func constantMap(_ term: Term, position: Position, node: String) throws -> TermMap {
            let type: TermMap.TermType
            switch term {
            case .iri: type = .iri(.iri)
            case .blank: type = .blankNode
            case .literal: type = .literal
            }
            try check(type: type, position: position, explicit: false)
            if case .literal = term, position != .object && position != .expression && position != .language {
                throw MappingError(.invalidMapping, "a literal cannot stand in \(position.name)")
            }
            if case .literal(let l) = term, let language = l.language, !LanguageTag.isValid(language) {
                throw MappingError(.invalidMapping, "invalid language tag \"\(language)\"")
            }
            return TermMap(expression: .constant(term), termType: type, node: node)
        }

        func check(type: TermMap.TermType, position: Position, explicit: Bool) throws {
            switch (position, type) {
            case (.subject, .literal):
                throw MappingError(.invalidMapping, "a subject map cannot make literals (rml:termType rml:Literal)")
            case (.predicate, .literal), (.predicate, .blankNode):
                throw MappingError(.invalidMapping, "a predicate map must make IRIs")
            case (.graph, .literal):
                throw MappingError(.invalidMapping, "a graph map cannot make literals: graph names are IRIs")
            case (.datatype, .literal), (.datatype, .blankNode):
                throw MappingError(.invalidMapping, "a datatype map must make IRIs")
            default: break
            }
        }

        mutating func termMap(_ node: Term, position: Position) throws -> TermMap {
            // A term map given as an IRI with no description is a constant shortcut in disguise.
            let name = MappingGraph.name(node)
            let constant = try graph.object(node, RML.constant)
            let reference = try graph.object(node, RML.reference)
            let template = try graph.object(node, RML.template)
            let function = try graph.object(node, RML.functionExecution)
            let classicFunction = try graph.object(node, RML.classicFnmlNS + "functionValue")
            let gatherList = try graph.object(node, RML.gather)
            let count = [constant, reference, template, function, classicFunction].compactMap { $0 }.count
            if count > 1 {
                throw MappingError(.invalidMapping, "\(name) has more than one of rml:constant, rml:reference, rml:template, rml:functionExecution")
            }
            let blankTermType = try graph.object(node, RML.termType) == .iri(RML.BlankNode)
            if count == 0 && gatherList == nil && !blankTermType {
                throw MappingError(.invalidMapping, "\(name) has none of rml:constant, rml:reference, rml:template, rml:functionExecution")
            }
            var expression: TermMap.Expression
            if let constant {
                expression = .constant(constant)
            } else if let reference {
                guard let text = reference.literalValue?.lexicalForm else { throw MappingError(.invalidMapping, "rml:reference must be a string") }
                expression = .reference(Reference(text))
            } else if let template {
                guard let text = template.literalValue?.lexicalForm else { throw MappingError(.invalidMapping, "rml:template must be a string") }
                expression = .template(try Template(text))
            } else if let function {
                expression = .function(try functionExecution(function, termMapNode: node))
            } else if let classicFunction {
                expression = .function(try classicFunctionValue(classicFunction))
            } else if gatherList != nil {
                // A gather map without a name: blank-node collections.
                expression = .constant(.blank(""))
            } else {
                // rml:termType rml:BlankNode alone: a new blank node for every record.
                expression = .freshBlankNode
            }
            // Term type.
            let explicitType = try graph.object(node, RML.termType)
            let language = try graph.object(node, RML.language)
            let languageMap = try graph.object(node, RML.languageMap)
            let datatype = try graph.object(node, RML.datatype)
            let datatypeMap = try graph.object(node, RML.datatypeMap)
            var type: TermMap.TermType
            if let explicitType {
                switch explicitType.iriValue {
                case RML.IRI: type = .iri(.iri)
                case RML.URI: type = .iri(.uri)
                case RML.UnsafeIRI: type = .iri(.unsafeIRI)
                case RML.UnsafeURI: type = .iri(.unsafeURI)
                case RML.BlankNode: type = .blankNode
                case RML.Literal: type = .literal
                default: throw MappingError(.invalidMapping, "unknown rml:termType \(explicitType)")
                }
            } else {
                switch position {
                case .object, .expression, .language:
                    if case .constant(let c) = expression, gatherList == nil {
                        type = c.isIRI ? .iri(.iri) : c.isBlank ? .blankNode : .literal
                    } else if case .template = expression, language == nil, languageMap == nil, datatype == nil, datatypeMap == nil {
                        type = position == .object && gatherList == nil ? .iri(.iri) : .literal
                        if gatherList != nil { type = .iri(.iri) }
                    } else if gatherList != nil {
                        type = .blankNode
                    } else {
                        type = .literal
                    }
                    if gatherList != nil, case .constant(.blank) = expression { type = .blankNode }
                case .subject:
                    if case .constant(let c) = expression, c.isBlank { type = .blankNode } else if gatherList != nil, case .constant(.blank) = expression { type = .blankNode } else { type = .iri(.iri) }
                case .graph:
                    if case .constant(let c) = expression, c.isBlank { type = .blankNode } else { type = .iri(.iri) }
                case .predicate, .datatype:
                    type = .iri(.iri)
                }
            }
            try check(type: type, position: position, explicit: explicitType != nil)
            if case .constant(let c) = expression, gatherList == nil, c != .blank("") {
                switch (c, type) {
                case (.iri, .iri), (.blank, .blankNode), (.literal, .literal): break
                default:
                    throw MappingError(.invalidMapping, "\(name): rml:constant \(c) does not agree with its rml:termType")
                }
                if case .literal = c, position != .object && position != .expression && position != .language {
                    throw MappingError(.invalidMapping, "a literal cannot stand in \(position.name)")
                }
            }
            var map = TermMap(expression: expression, termType: type, node: name)
            if language != nil || languageMap != nil || datatype != nil || datatypeMap != nil {
                guard type == .literal else {
                    throw MappingError(.invalidMapping, "\(name): a language or datatype is given, but the term type is not rml:Literal")
                }
                if (language != nil || languageMap != nil) && (datatype != nil || datatypeMap != nil) {
                    throw MappingError(.invalidMapping, "\(name): both a language and a datatype")
                }
            }
            if let language {
                guard let tag = language.literalValue?.lexicalForm, LanguageTag.isValid(tag) else {
                    throw MappingError(.invalidMapping, "\(name): invalid language tag \(language)")
                }
                map.language = .constant(tag)
            } else if let languageMap {
                map.language = .map(try termMap(languageMap, position: .language))
            }
            if let datatype {
                guard let iri = datatype.iriValue else { throw MappingError(.invalidMapping, "\(name): rml:datatype must be an IRI") }
                map.datatype = .constant(iri)
            } else if let datatypeMap {
                map.datatype = .map(try termMap(datatypeMap, position: .datatype))
            }
            if let conditionNode = try graph.object(node, RML.condition) {
                guard let exec = try graph.object(conditionNode, RML.functionExecution) else {
                    throw MappingError(.invalidMapping, "\(name): rml:condition needs a rml:functionExecution")
                }
                map.condition = try functionExecution(exec, termMapNode: conditionNode)
            }
            if let gatherList {
                var maps: [TermMap] = []
                for item in try graph.list(gatherList) {
                    if graph.has(item, RML.parentTriplesMap) {
                        // A referencing object map inside a gather map: kept as a reference term map
                        // resolved by the engine through the parent.
                        let ref = try refObjectMap(item)
                        var m = TermMap(expression: .constant(.blank("")), termType: .iri(.iri), node: MappingGraph.name(item))
                        m.gatherReference = ref
                        maps.append(m)
                    } else {
                        maps.append(try termMap(item, position: .object))
                    }
                }
                guard let gatherAs = try graph.object(node, RML.gatherAs)?.iriValue else {
                    throw MappingError(.invalidMapping, "\(name): rml:gather without rml:gatherAs")
                }
                let strategy = try graph.object(node, RML.strategy)?.iriValue
                let allowEmpty = try graph.object(node, RML.allowEmptyListAndContainer)?.literalValue?.lexicalForm == "true"
                map.gather = GatherMap(maps: maps, gatherAs: gatherAs, cartesian: strategy == RML.cartesianProduct, allowEmpty: allowEmpty)
            }
            return map
        }

        mutating func functionExecution(_ node: Term, termMapNode: Term) throws -> FunctionExecution {
            var function = try graph.object(node, RML.function)?.iriValue
            if function == nil, let fm = try graph.object(node, RML.functionMap) {
                function = try graph.object(fm, RML.constant)?.iriValue ?? fm.iriValue
            }
            guard let function else {
                throw MappingError(.invalidMapping, "\(MappingGraph.name(node)): a function execution without rml:function")
            }
            var inputs: [FunctionInput] = []
            for inputNode in graph.objects(node, RML.input) {
                var parameter = try graph.object(inputNode, RML.parameter)?.iriValue
                if parameter == nil, let pm = try graph.object(inputNode, RML.parameterMap) {
                    parameter = try graph.object(pm, RML.constant)?.iriValue
                }
                guard let parameter else {
                    throw MappingError(.invalidMapping, "\(MappingGraph.name(inputNode)): an input without rml:parameter")
                }
                let value: TermMap
                if let constant = try graph.object(inputNode, RML.inputValue) {
                    value = TermMap(expression: .constant(constant), termType: constant.isIRI ? .iri(.iri) : constant.isBlank ? .blankNode : .literal,
                                    node: MappingGraph.name(inputNode))
                } else if let valueMap = try graph.object(inputNode, RML.inputValueMap) {
                    value = try termMap(valueMap, position: .expression)
                } else {
                    throw MappingError(.invalidMapping, "\(MappingGraph.name(inputNode)): an input without rml:inputValue or rml:inputValueMap")
                }
                inputs.append(FunctionInput(parameter: parameter, value: value))
            }
            var output = try graph.object(termMapNode, RML.return)?.iriValue
            if output == nil, let rm = try graph.object(termMapNode, RML.returnMap) {
                output = try graph.object(rm, RML.constant)?.iriValue
            }
            return FunctionExecution(function: function, inputs: inputs, output: output, node: MappingGraph.name(node))
        }

        /// Classic FnML: `fnml:functionValue [ rr:predicateObjectMap [ rr:predicate fno:executes; rr:objectMap [ rr:constant f ] ], … ]`.
        mutating func classicFunctionValue(_ node: Term) throws -> FunctionExecution {
            var function: String?
            var inputs: [FunctionInput] = []
            for pom in graph.objects(node, RML.predicateObjectMap) {
                let predicates = graph.objects(pom, RML.predicate).compactMap(\.iriValue)
                    + graph.objects(pom, RML.predicateMap).compactMap { try? graph.object($0, RML.constant)?.iriValue }
                var values: [TermMap] = []
                for o in graph.objects(pom, RML.object) { values.append(try constantMap(o, position: .expression, node: MappingGraph.name(pom))) }
                for o in graph.objects(pom, RML.objectMap) { values.append(try termMap(o, position: .expression)) }
                for p in predicates {
                    if p == RML.fnoNS + "executes" || p == RML.ns + "executes" {
                        if case .constant(.iri(let f))? = values.first?.expression { function = f }
                    } else if let v = values.first {
                        inputs.append(FunctionInput(parameter: p, value: v))
                    }
                }
            }
            guard let function else { throw MappingError(.invalidMapping, "\(MappingGraph.name(node)): fnml:functionValue without fno:executes") }
            return FunctionExecution(function: function, inputs: inputs, output: nil, node: MappingGraph.name(node))
        }

        // MARK: Logical sources

        mutating func logicalSource(_ node: Term) throws -> Int {
            if let index = sourceIndex[node] { return index }
            guard reading.insert(node).inserted else {
                throw MappingError(.invalidMapping, "\(MappingGraph.name(node)) is defined in terms of itself (a cycle of logical views)")
            }
            defer { reading.remove(node) }
            let source: LogicalSource
            do {
                if graph.has(node, RML.viewOn) || graph.types(node).contains(RML.LogicalView) {
                    source = try logicalView(node)
                } else {
                    source = try fileSource(node)
                }
            } catch let error as MappingError {
                throw error.located(property: "rml:logicalSource")
            }
            sources.append(source)
            sourceIndex[node] = sources.count - 1
            return sources.count - 1
        }

        func formulation(_ node: Term?, path: String?) throws -> ReferenceFormulation {
            guard let node else {
                // None given: from the file's extension.
                let lower = (path ?? "").lowercased()
                if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonPath }
                if lower.hasSuffix(".xml") { return .xpath(namespaces: [:]) }
                if lower.hasSuffix(".geojson") { return .geoJSON }
                if lower.hasSuffix(".shp") { return .shapefile }
                return .csv
            }
            if case .iri(let iri) = node {
                switch iri {
                case RML.CSV: return .csv
                case RML.JSONPath: return .jsonPath
                case RML.XPath: return .xpath(namespaces: [:])
                case PtolemyRML.GeoJSON: return .geoJSON
                case PtolemyRML.Shapefile: return .shapefile
                default: throw MappingError(.invalidMapping, "unsupported reference formulation <\(iri)>")
                }
            }
            // A described formulation: its type, with XPath namespaces.
            let types = graph.types(node)
            if types.contains(RML.ns + "XPathReferenceFormulation") || types.contains(RML.XPath) {
                var namespaces: [String: String] = [:]
                for ns in graph.objects(node, RML.namespace) {
                    guard let prefix = try graph.object(ns, RML.namespacePrefix)?.literalValue?.lexicalForm,
                          let url = try graph.object(ns, RML.namespaceURL)?.literalValue?.lexicalForm ?? graph.object(ns, RML.namespaceURL)?.iriValue else {
                        throw MappingError(.invalidMapping, "a rml:namespace needs rml:namespacePrefix and rml:namespaceURL")
                    }
                    namespaces[prefix] = url
                }
                return .xpath(namespaces: namespaces)
            }
            if types.contains(RML.ns + "JSONPathReferenceFormulation") { return .jsonPath }
            if types.contains(RML.ns + "CSVReferenceFormulation") { return .csv }
            throw MappingError(.invalidMapping, "unsupported reference formulation \(MappingGraph.name(node))")
        }

        mutating func fileSource(_ node: Term) throws -> LogicalSource {
            guard let sourceTerm = try graph.object(node, RML.source) else {
                throw MappingError(.invalidMapping, "\(MappingGraph.name(node)) has no rml:source")
            }
            var path: String
            var root = baseDirectory
            var encoding = TextEncoding.utf8
            var compression: Compression?
            var nulls: [String] = []
            var delimiter = UInt8(ascii: ",")
            switch sourceTerm {
            case .literal(let literal):
                path = literal.lexicalForm
            case .iri(let iri) where !graph.has(sourceTerm, RML.path):
                // A file IRI or a plain path.
                path = iri.hasPrefix("file://") ? String(iri.dropFirst(7)) : iri
            default:
                let csvwURL = RML.csvwNS + "url"
                if let p = try graph.object(sourceTerm, RML.path)?.literalValue?.lexicalForm {
                    path = p
                } else if let p = try graph.object(sourceTerm, csvwURL) {
                    path = p.literalValue?.lexicalForm ?? p.iriValue ?? ""
                } else if graph.types(sourceTerm).contains(where: { $0.hasPrefix("http://www.wiwiss.fu-berlin.de/suhl/bizer/D2RQ") }) {
                    throw MappingError(.invalidMapping, "database sources (D2RQ) are not supported")
                } else {
                    throw MappingError(.invalidMapping, "\(MappingGraph.name(sourceTerm)) has no rml:path")
                }
                if let r = try graph.object(sourceTerm, RML.root) {
                    switch r.iriValue {
                    case RML.MappingDirectory: root = baseDirectory
                    case RML.CurrentWorkingDirectory: root = FileManager.default.currentDirectoryPath
                    default:
                        if let text = r.literalValue?.lexicalForm { root = text } else {
                            throw MappingError(.invalidMapping, "unsupported rml:root \(r)")
                        }
                    }
                }
                if let e = try graph.object(sourceTerm, RML.encoding) {
                    switch e.iriValue?.replacingOccurrences(of: RML.ns, with: "").uppercased() ?? e.literalValue?.lexicalForm.uppercased() ?? "" {
                    case "UTF-8", "UTF8": encoding = .utf8
                    case "UTF-16", "UTF16": encoding = .utf16
                    case "UTF-16LE": encoding = .utf16LE
                    case "UTF-16BE": encoding = .utf16BE
                    case "ISO-8859-1", "LATIN1", "LATIN-1": encoding = .latin1
                    default: throw MappingError(.invalidMapping, "unsupported rml:encoding \(e)")
                    }
                }
                if let c = try graph.object(sourceTerm, RML.compression) {
                    switch c.iriValue {
                    case RML.ns + "none": compression = Compression.none
                    case RML.gzip: compression = .gzip
                    case RML.zip: compression = .zip
                    case RML.targz: compression = .tarGzip
                    case RML.tarxz: compression = .tarXz
                    default: throw MappingError(.invalidMapping, "unsupported rml:compression \(c)")
                    }
                }
                for n in graph.objects(sourceTerm, RML.null) {
                    if let text = n.literalValue?.lexicalForm { nulls.append(text) }
                }
                if let dialectNode = try graph.object(sourceTerm, RML.csvwNS + "dialect") {
                    if let d = try graph.object(dialectNode, RML.csvwNS + "delimiter")?.literalValue?.lexicalForm, let b = d.utf8.first {
                        delimiter = b
                    }
                }
                for n in graph.objects(sourceTerm, RML.csvwNS + "null") {
                    if let text = n.literalValue?.lexicalForm { nulls.append(text) }
                }
            }
            for n in graph.objects(node, RML.null) {
                if let text = n.literalValue?.lexicalForm { nulls.append(text) }
            }
            if path.lowercased().hasSuffix(".tsv") || path.lowercased().hasSuffix(".tab") { delimiter = 0x09 }
            let resolved = path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
            let formulationNode = try graph.object(node, RML.referenceFormulation)
            let formulation = try formulation(formulationNode, path: path)
            var iterator = try graph.object(node, RML.iterator)?.literalValue?.lexicalForm
            if case .csv = formulation { iterator = nil }
            if iterator == nil, case .xpath = formulation {
                throw MappingError(.invalidMapping, "an XPath logical source needs rml:iterator")
            }
            var crs = ""
            if let c = try graph.object(node, PtolemyRML.crs) ?? graph.object(sourceTerm, PtolemyRML.crs) {
                crs = c.iriValue ?? c.literalValue?.lexicalForm ?? ""
            }
            let file = SourceFile(path: path, resolvedPath: resolved, encoding: encoding, compression: compression,
                                  delimiter: delimiter, crs: crs.isEmpty ? nil : crs)
            let identity = [resolved, formulation.name, iterator ?? "", "\(encoding)", "\(String(describing: compression))",
                            nulls.joined(separator: "\u{1}"), String(delimiter), crs, "\(formulation)"].joined(separator: "\u{0}")
            return LogicalSource(kind: .file(file), formulation: formulation, iterator: iterator, nullValues: nulls,
                                 node: MappingGraph.name(node), identity: identity)
        }

        // MARK: Logical views

        mutating func logicalView(_ node: Term) throws -> LogicalSource {
            guard let onNode = try graph.object(node, RML.viewOn) else {
                throw MappingError(.invalidMapping, "\(MappingGraph.name(node)): a logical view without rml:viewOn")
            }
            let on = try logicalSource(onNode)
            let parentFormulation = sources[on].formulation
            var fields: [ViewField] = []
            var names: Set<String> = []
            for f in graph.objects(node, RML.field) {
                let field = try viewField(f, formulation: parentFormulation)
                guard names.insert(field.name).inserted else {
                    throw MappingError(.invalidMapping, "\(MappingGraph.name(node)): two fields are named \"\(field.name)\"")
                }
                fields.append(field)
            }
            var joins: [ViewJoin] = []
            for (property, inner) in [(RML.leftJoin, false), (RML.innerJoin, true)] {
                for j in graph.objects(node, property) {
                    guard let parentNode = try graph.object(j, RML.parentLogicalView) else {
                        throw MappingError(.invalidMapping, "a join without rml:parentLogicalView")
                    }
                    let parent = try logicalSource(parentNode)
                    var conditions: [JoinCondition] = []
                    for c in graph.objects(j, RML.joinCondition) { conditions.append(try joinCondition(c)) }
                    var joinFields: [ViewField] = []
                    for f in graph.objects(j, RML.field) {
                        let field = try viewField(f, formulation: .view)
                        guard names.insert(field.name).inserted else {
                            throw MappingError(.invalidMapping, "\(MappingGraph.name(node)): the joined field \"\(field.name)\" collides with another field")
                        }
                        joinFields.append(field)
                    }
                    joins.append(ViewJoin(parent: parent, inner: inner, conditions: conditions, fields: joinFields))
                }
            }
            let view = LogicalView(viewOn: on, fields: fields, joins: joins)
            return LogicalSource(kind: .view(view), formulation: .view, iterator: nil, nullValues: [],
                                 node: MappingGraph.name(node), identity: "view\u{0}" + MappingGraph.name(node))
        }

        mutating func viewField(_ node: Term, formulation: ReferenceFormulation) throws -> ViewField {
            guard readingFields.insert(node).inserted else {
                throw MappingError(.invalidMapping, "the field \(MappingGraph.name(node)) contains itself (a cycle of fields)")
            }
            defer { readingFields.remove(node) }
            guard let name = try graph.object(node, RML.fieldName)?.literalValue?.lexicalForm else {
                throw MappingError(.invalidMapping, "\(MappingGraph.name(node)): a field without rml:fieldName")
            }
            let kind: ViewField.Kind
            var childFormulation = formulation
            let iteratorText = try graph.object(node, RML.iterator)?.literalValue?.lexicalForm
            if iteratorText != nil || graph.types(node).contains(RML.IterableField) {
                let iterator = iteratorText ?? ""
                var f: ReferenceFormulation?
                if let fNode = try graph.object(node, RML.referenceFormulation) {
                    f = try self.formulation(fNode, path: nil)
                    childFormulation = f!
                }
                kind = .iterable(iterator: iterator, formulation: f)
            } else {
                let map = try termMap(node, position: .expression)
                kind = .expression(map.expression)
            }
            var children: [ViewField] = []
            var names: Set<String> = []
            for c in graph.objects(node, RML.field) {
                let child = try viewField(c, formulation: childFormulation)
                guard names.insert(child.name).inserted else {
                    throw MappingError(.invalidMapping, "two fields under \"\(name)\" are named \"\(child.name)\"")
                }
                children.append(child)
            }
            return ViewField(name: name, kind: kind, children: children)
        }
    }
}

/// BCP 47 language tags, as far as a syntax check goes (RFC 5646 section 2.1).
enum LanguageTag {
    /// Whether `tag` is well-formed: a 2-3 letter primary language (or `x`/`i` for private
    /// use and grandfathered tags), then subtags of 1-8 letters and digits.
    static func isValid(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        let lower = first.lowercased()
        guard (2...3).contains(first.count) || ((lower == "x" || lower == "i") && parts.count > 1) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
