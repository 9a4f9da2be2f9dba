import PtolemyRDF
import PtolemySPARQL

/// The built-in calls of https://www.w3.org/TR/sparql11-query/#SparqlOps.
extension ExpressionEvaluator {
    func evaluateBuiltIn(_ function: BuiltInFunction, _ args: [Expression], _ solution: some SolutionView) throws -> EvalValue {
        guard function.arity.contains(args.count) else {
            throw ExpressionError("\(function.keyword) takes \(function.arity) arguments, not \(args.count)")
        }
        func arg(_ i: Int) throws -> EvalValue { try evaluate(args[i], solution) }
        func optionalArg(_ i: Int) throws -> EvalValue? { i < args.count ? try evaluate(args[i], solution) : nil }

        switch function {
        // 17.4.1 Functional forms
        case .bound:
            guard case .variable(let variable) = args[0] else { throw ExpressionError("BOUND needs a variable") }
            return .boolean(solution.value(of: variable) != nil)
        case .if:
            // Only the chosen branch is evaluated; an error in the condition is the result.
            return try evaluate(try effectiveBooleanValue(args[0], solution) ? args[1] : args[2], solution)
        case .coalesce:
            for e in args {
                if let value = try evaluateOrUnbound(e, solution) { return value }
            }
            throw ExpressionError("COALESCE: no argument has a value")
        case .sameTerm:
            return .boolean(ValueComparison.sameTerm(try arg(0).term, try arg(1).term))

        // 17.4.2 Functions on RDF terms
        case .isIRI: return TermFunctions.isIRI(try arg(0))
        case .isBlank: return TermFunctions.isBlank(try arg(0))
        case .isLiteral: return TermFunctions.isLiteral(try arg(0))
        case .isNumeric: return TermFunctions.isNumeric(try arg(0))
        case .str: return try TermFunctions.str(try arg(0))
        case .lang: return try TermFunctions.lang(try arg(0))
        case .datatype: return try TermFunctions.datatype(try arg(0))
        case .iri: return try iri(try arg(0))
        case .bnode:
            guard let label = try optionalArg(0) else { return EvalValue(context.freshBlankNode()) }
            return EvalValue(context.blankNode(label: try StringArgument.simple(label), solution: solution.solutionIndex))
        case .strDT: return try TermFunctions.strDT(try arg(0), try arg(1))
        case .strLang: return try TermFunctions.strLang(try arg(0), try arg(1))
        case .uuid: return TermFunctions.uuid()
        case .strUUID: return TermFunctions.strUUID()

        // 17.4.3 Functions on strings
        case .strlen: return try StringFunctions.strlen(try arg(0))
        case .substr: return try StringFunctions.substr(try arg(0), try arg(1), try optionalArg(2))
        case .ucase: return try StringFunctions.ucase(try arg(0))
        case .lcase: return try StringFunctions.lcase(try arg(0))
        case .strStarts: return try StringFunctions.strStarts(try arg(0), try arg(1))
        case .strEnds: return try StringFunctions.strEnds(try arg(0), try arg(1))
        case .contains: return try StringFunctions.contains(try arg(0), try arg(1))
        case .strBefore: return try StringFunctions.strBefore(try arg(0), try arg(1))
        case .strAfter: return try StringFunctions.strAfter(try arg(0), try arg(1))
        case .encodeForURI: return try StringFunctions.encodeForURI(try arg(0))
        case .concat: return try StringFunctions.concat(try args.map { e in try evaluate(e, solution) })
        case .langMatches: return try StringFunctions.langMatches(try arg(0), try arg(1))
        case .regex: return try RegexFunctions.regex(try arg(0), try arg(1), try optionalArg(2), cache: regexCache)
        case .replace:
            return try RegexFunctions.replace(try arg(0), try arg(1), try arg(2), try optionalArg(3), cache: regexCache)

        // 17.4.4 Functions on numerics
        case .abs: return try NumericFunctions.abs(try arg(0))
        case .round: return try NumericFunctions.round(try arg(0))
        case .ceil: return try NumericFunctions.ceil(try arg(0))
        case .floor: return try NumericFunctions.floor(try arg(0))
        case .rand: return NumericFunctions.rand()

        // 17.4.5 Functions on dates and times
        case .now: return now
        case .year: return try DateTimeFunctions.year(try arg(0))
        case .month: return try DateTimeFunctions.month(try arg(0))
        case .day: return try DateTimeFunctions.day(try arg(0))
        case .hours: return try DateTimeFunctions.hours(try arg(0))
        case .minutes: return try DateTimeFunctions.minutes(try arg(0))
        case .seconds: return try DateTimeFunctions.seconds(try arg(0))
        case .timezone: return try DateTimeFunctions.timezone(try arg(0))
        case .tz: return try DateTimeFunctions.tz(try arg(0))

        // 17.4.6 Hash functions
        case .md5: return try HashFunctions.hash(try arg(0), .md5)
        case .sha1: return try HashFunctions.hash(try arg(0), .sha1)
        case .sha256: return try HashFunctions.hash(try arg(0), .sha256)
        case .sha384: return try HashFunctions.hash(try arg(0), .sha384)
        case .sha512: return try HashFunctions.hash(try arg(0), .sha512)
        }
    }

    /// `IRI(x)`: an IRI is returned as it is; a simple literal or `xsd:string` is resolved
    /// against the query's base IRI and must then be an absolute IRI without characters
    /// that IRIs exclude (https://www.w3.org/TR/sparql11-query/#func-iri).
    func iri(_ value: EvalValue) throws(ExpressionError) -> EvalValue {
        if case .iri = value.term { return value }
        let reference = try StringArgument.simple(value)
        for scalar in reference.unicodeScalars {
            switch scalar {
            case "<", ">", "\"", "{", "}", "|", "\\", "^", "`": throw ExpressionError("not an IRI: \(reference)")
            default: if scalar.value <= 0x20 { throw ExpressionError("not an IRI: \(reference)") }
            }
        }
        let resolved = IRIResolver.isAbsolute(reference) ? reference : IRIResolver.resolve(reference, against: baseIRI)
        guard IRIResolver.isAbsolute(resolved) else { throw ExpressionError("no base IRI to resolve \(reference) against") }
        return EvalValue(.iri(resolved))
    }

    /// A function named by an IRI: an XSD cast, or an extension function of the context.
    func evaluateFunction(_ iri: String, _ args: [Expression], _ solution: some SolutionView) throws -> EvalValue {
        if XSDCasts.isCast(iri) {
            guard args.count == 1 else { throw ExpressionError("a cast takes one argument") }
            return try XSDCasts.cast(try evaluate(args[0], solution), to: iri)
        }
        guard let function = context.extensionFunction(iri) else { throw ExpressionError("unknown function <\(iri)>") }
        guard function.arity.contains(args.count) else {
            throw ExpressionError("<\(iri)> takes \(function.arity) arguments, not \(args.count)")
        }
        let values = try args.map { e in try evaluate(e, solution) }
        do {
            return try function.evaluate(values)
        } catch let error as ExpressionError {
            throw error
        } catch {
            // An extension function failing on its input (say, an invalid geometry) is an
            // evaluation error of the expression, not a failure of the query.
            throw ExpressionError("<\(iri)>: \(error)")
        }
    }
}
