import PtolemyGeoSPARQL
import PtolemyRDF
import PtolemySPARQL

/// A SERVICE part of a join: one endpoint (an IRI or a variable), or several IRIs that
/// each answer the same pattern (a pattern that several federation members hold).
struct ServicePart {
    var endpoints: [TermPattern]
    /// The remote pattern, without its projection.
    var pattern: Algebra
    var silent: Bool
    /// What the requests ask for: the projection of `SERVICE e { SELECT vars { P } }` (a
    /// federation part asks only for what the rest of the query reads), or every variable
    /// the pattern binds.
    var variables: [Variable]

    /// `SERVICE e { P }`, or a union of such parts over the same pattern, none SILENT.
    init?(_ algebra: Algebra) {
        switch algebra {
        case .service(let endpoint, .project(let pattern, let variables), let silent):
            self.init(endpoints: [endpoint], pattern: pattern, silent: silent, variables: variables.filter(\.isProjectable))
        case .service(let endpoint, let pattern, let silent):
            self.init(endpoints: [endpoint], pattern: pattern, silent: silent, variables: pattern.projectableVariables)
        case .union(let a, let b):
            guard let l = ServicePart(a), let r = ServicePart(b), !l.silent, !r.silent, l.pattern == r.pattern,
                  l.variables == r.variables, (l.endpoints + r.endpoints).allSatisfy({ $0.term != nil }) else { return nil }
            self.init(endpoints: l.endpoints + r.endpoints, pattern: l.pattern, silent: false, variables: l.variables)
        default:
            return nil
        }
    }

    init(endpoints: [TermPattern], pattern: Algebra, silent: Bool, variables: [Variable]) {
        self.endpoints = endpoints
        self.pattern = pattern
        self.silent = silent
        self.variables = variables
    }

    /// The part as algebra, one endpoint at a time.
    func algebra(_ endpoint: TermPattern) -> Algebra {
        let projected = variables == pattern.projectableVariables ? pattern : .project(pattern, variables)
        return .service(endpoint: endpoint, projected, silent: silent)
    }

    /// The variable holding the endpoint, for `SERVICE ?e`.
    var endpointVariable: Variable? { endpoints.count == 1 ? endpoints[0].variable : nil }
}

extension QueryPlanner {
    // MARK: - SERVICE

    /// How this query's SERVICE operators reach endpoints.
    var requester: ServiceRequester {
        ServiceRequester(handler: services, context: context) { [unowned self] algebra in
            try self.plan(algebra, graph: .defaultGraph(self.defaultGraph), limitHint: nil)
        }
    }

    /// `SERVICE endpoint { pattern }` on its own: one request for all of the pattern.
    func planService(endpoint: TermPattern, pattern: Algebra, variables: [Variable], silent: Bool) throws -> Plan {
        guard case .term(.iri(let iri)) = endpoint else {
            if silent { return unitPlan() }
            if let v = endpoint.variable {
                throw QueryEvaluationError.service(endpoint: v.description,
                                                   message: "the endpoint variable must be bound by the patterns before the SERVICE")
            }
            throw QueryEvaluationError.service(endpoint: "\(endpoint)", message: "the endpoint is not an IRI")
        }
        let requester = self.requester
        if try !authorize(iri, silent: silent, requester) { return unitPlan() }
        let estimate = requester.estimatedRows(endpoint: iri, pattern: pattern) ?? CostFactors.serviceUnknownRows
        let op = ServiceScan(endpoint: iri, pattern: pattern, variables: variables, silent: silent, requester: requester,
                             estimatedRows: estimate)
        var distinct: [Variable: Double] = [:]
        for v in variables { distinct[v] = estimate }
        let bound = silent ? [] : pattern.certainlyBoundVariables.intersection(variables)
        return Plan(op: op, variables: variables, certainlyBound: bound, sortedOn: nil, estimatedRows: estimate, distinct: distinct)
    }

    /// `left` joined (or left-joined, with `filter`) into a SERVICE by sending the
    /// bindings of the shared variables along with the requests; nil when plain requests
    /// and a local join are the better plan (nothing shared, or the remote side known to
    /// be small next to the left side).
    func planServiceJoin(_ left: Plan, _ part: ServicePart, mode: ServiceJoin.Mode, filter: Expression?) throws -> Plan? {
        let semi = mode == .semi || mode == .anti
        // A semi-join sends the left side's values of every variable the pattern mentions
        // (EXISTS substitutes them all, filters included) and asks only for those back.
        let variables = semi ? part.pattern.mentionedVariables.filter(\.isProjectable) : part.variables
        let shared = variables.filter { left.variableSet.contains($0) }
        let requester = self.requester
        let target: ServiceJoin.Endpoint
        if let v = part.endpointVariable {
            guard let c = left.column(of: v) else { return nil }
            target = .column(c, v)
        } else {
            guard !shared.isEmpty else { return nil }
            var iris: [String] = []
            for endpoint in part.endpoints {
                guard case .term(.iri(let iri)) = endpoint else { return nil }
                // A SILENT service that may not be called is the empty solution: the left side as it is.
                if try !authorize(iri, silent: part.silent, requester) { return left }
                iris.append(iri)
            }
            if let remote = iris.map({ requester.estimatedRows(endpoint: $0, pattern: part.pattern) }).reduce(Optional(0.0), {
                guard let a = $0, let b = $1 else { return nil }
                return a + b
            }) {
                let perRequest = Double(requester.limits(for: iris[0]).bindingsPerRequest)
                let requests = (left.estimatedRows / perRequest).rounded(.up) * Double(iris.count)
                let bindCost = requests * CostFactors.serviceRequest + left.estimatedRows * CostFactors.serviceRow
                let scanCost = Double(iris.count) * CostFactors.serviceRequest + remote * CostFactors.serviceRow
                if scanCost < bindCost { return nil }
            }
            target = .fixed(iris)
        }
        let maybeUnbound = Set(shared.filter { !left.certainlyBound.contains($0) })
        var layout = Self.layout(left: left.variables, right: variables, leftMaybeUnbound: maybeUnbound)
        if semi {
            // The left rows pass as they are.
            layout.layout.outputs = left.variables.indices.map { .left($0) }
            layout.variables = left.variables
        }
        let predicate = filter.map { compilePredicate($0, variables: layout.variables) }
        let op = ServiceJoin(left: left.op, endpoint: target, pattern: part.pattern, patternVariables: variables,
                             bindingColumns: shared.map { left.column(of: $0)! }, bindingVariables: shared,
                             silent: part.silent, mode: mode, filter: predicate, layout: layout.layout,
                             requester: requester, estimatedRows: left.estimatedRows)
        var distinct = left.distinct
        for v in variables where distinct[v] == nil && !semi { distinct[v] = left.estimatedRows }
        var bound = left.certainlyBound
        if mode == .inner && !part.silent { bound.formUnion(part.pattern.certainlyBoundVariables.intersection(variables)) }
        return Plan(op: op, variables: layout.variables, certainlyBound: bound, sortedOn: nil,
                    estimatedRows: max(left.estimatedRows * (semi ? CostFactors.filterSelectivity : 1), 1), distinct: distinct)
    }

    /// Whether `iri` may be called; false when it may not but the SERVICE is SILENT (it is
    /// then the empty solution). Throws the refusal otherwise.
    private func authorize(_ iri: String, silent: Bool, _ requester: ServiceRequester) throws -> Bool {
        do {
            try requester.authorize(iri)
            return true
        } catch let error as QueryEvaluationError where silent && error.isSilenceable {
            return false
        }
    }

    /// `FILTER EXISTS { SERVICE e { P } }` (or NOT EXISTS) over `left` as a semi-join (an
    /// anti-join): each window's distinct values of the variables P mentions go out as
    /// VALUES blocks placed under P's filters, which is what substituting them would do;
    /// nil for other EXISTS patterns (evaluated row by row) or when P has a shape whose
    /// substitution differs from a join (OPTIONAL, MINUS, sub-queries, nested groups).
    func planExistsService(_ left: Plan, _ expression: Expression) -> Plan? {
        let (pattern, mode): (Algebra, ServiceJoin.Mode)
        switch expression {
        case .exists(let p): (pattern, mode) = (p, .semi)
        case .notExists(let p): (pattern, mode) = (p, .anti)
        default: return nil
        }
        guard let part = ServicePart(pattern), part.endpointVariable == nil, Self.isFilteredBGP(part.pattern),
              !Set(part.pattern.mentionedVariables).isDisjoint(with: left.variableSet) else { return nil }
        // A spatial function of an outer value is a constant geometry per row, which the
        // endpoint answers from its spatial index; a block of values would be a join instead.
        if Self.filters(of: part.pattern).contains(where: { f in
            f.functionIRIs.contains { $0.hasPrefix(GeoSPARQL.geof) } && !f.referencedVariables.isDisjoint(with: left.variableSet)
        }) { return nil }
        return try? planServiceJoin(left, part, mode: mode, filter: nil)
    }

    /// The conjuncts of a pattern's top-level FILTERs (in each branch of a union).
    static func filters(of pattern: Algebra) -> [Expression] {
        switch pattern {
        case .filter(let e, let inner): return e.conjuncts + filters(of: inner)
        case .union(let a, let b): return filters(of: a) + filters(of: b)
        default: return []
        }
    }

    /// Whether a pattern is FILTERs over one basic graph pattern, or a union of such.
    static func isFilteredBGP(_ pattern: Algebra) -> Bool {
        switch pattern {
        case .bgp: return true
        case .filter(let e, let inner): return !e.containsExists && isFilteredBGP(inner)
        case .union(let a, let b): return isFilteredBGP(a) && isFilteredBGP(b)
        default: return false
        }
    }

    /// A SERVICE part on its own (one request per endpoint, united).
    func planServicePart(_ part: ServicePart) throws -> Plan {
        if part.endpoints.count == 1 {
            return try planService(endpoint: part.endpoints[0], pattern: part.pattern, variables: part.variables, silent: part.silent)
        }
        let algebra = part.endpoints.dropFirst().reduce(part.algebra(part.endpoints[0])) { .union($0, part.algebra($1)) }
        return try plan(algebra, graph: .defaultGraph(defaultGraph), limitHint: nil)
    }
}
