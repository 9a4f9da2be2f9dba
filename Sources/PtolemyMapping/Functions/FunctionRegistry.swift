import PtolemyRDF

/// The functions a mapping can call through RML-FNML (https://w3id.org/rml/fnml/spec).
///
/// Each function is described by its IRI, the IRIs of its parameters and outputs, and
/// its body. Built in: the GREL and IDLab string functions the RML test cases use
/// (``StringFunctions``), and Ptolemy's geometry functions (``GeometryFunctions``,
/// namespace `https://w3id.org/ptolemy/function#`). An unknown function, parameter or
/// output is a mapping error, found when the mapping is prepared.
struct FunctionRegistry: Sendable {
    struct Function: Sendable {
        var iri: String
        /// Parameter IRIs; a call's inputs must be among them.
        var parameters: [String]
        /// Parameters that must have a value for the function to run (otherwise it returns nothing).
        var required: [String]
        /// Output IRIs; the first is the default.
        var outputs: [String]
        /// The body: parameter values by IRI → the result (nil for no value).
        var body: @Sendable (_ arguments: [String: DataValue]) throws -> DataValue?
    }

    private var functions: [String: Function] = [:]

    /// The registry with every built-in function.
    static let standard: FunctionRegistry = {
        var registry = FunctionRegistry()
        for f in StringFunctions.all + GeometryFunctions.all { registry.functions[f.iri] = f }
        return registry
    }()

    func function(_ iri: String) -> Function? { functions[iri] }

    /// Checks a function execution against the registry.
    /// - Throws: ``MappingError`` (`.function`) for an unknown function, parameter or output.
    func check(_ execution: FunctionExecution) throws {
        guard let f = functions[execution.function] else {
            throw MappingError(.function, "unknown function <\(execution.function)>")
        }
        for input in execution.inputs where !f.parameters.contains(input.parameter) {
            throw MappingError(.function, "function <\(f.iri)> has no parameter <\(input.parameter)>")
        }
        if let output = execution.output, !f.outputs.contains(output) {
            throw MappingError(.function, "function <\(f.iri)> has no output <\(output)>")
        }
        for input in execution.inputs {
            if case .function(let inner) = input.value.expression { try check(inner) }
        }
    }

    /// Runs a function execution on a record.
    func call(_ execution: FunctionExecution, record: Record, generator: TermGenerator) throws -> [DataValue] {
        guard let f = functions[execution.function] else {
            throw MappingError(.function, "unknown function <\(execution.function)>")
        }
        var arguments: [String: DataValue] = [:]
        for input in execution.inputs {
            let value: DataValue?
            switch input.value.expression {
            case .reference(let reference):
                value = try generator.evaluator.values(reference, in: record).first
                if value != nil { generator.tracker?.matched(reference) }
            case .function(let inner):
                value = try call(inner, record: record, generator: generator).first
            default:
                value = try generator.terms(input.value, record).first.map { term -> DataValue in
                    switch term {
                    case .iri(let iri): return .string(iri)
                    case .blank(let label): return .string(label)
                    case .literal(let literal):
                        return literal.datatype == XSD.string || literal.language != nil
                            ? .string(literal.lexicalForm) : .typed(literal.lexicalForm, datatype: literal.datatype)
                    }
                }
            }
            if let value { arguments[input.parameter] = value }
        }
        for r in f.required where arguments[r] == nil { return [] }
        do {
            return try f.body(arguments).map { [$0] } ?? []
        } catch let error as MappingError {
            throw error
        } catch {
            throw MappingError(.function, "<\(f.iri)> failed: \(error)")
        }
    }
}
