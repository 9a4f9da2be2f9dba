import PtolemyRDF
import PtolemySPARQL

/// The requests sent to SERVICE endpoints, as algebra and as SELECT text.
enum ServiceQueryText {
    /// The pattern joined with a block of bindings: `VALUES (?index ?x …) { (0 <a> …) … }
    /// { pattern }`. The index column numbers the bindings, so each answer row names the
    /// binding it extends, whatever the endpoint does to the values' lexical forms and
    /// wherever UNDEF let the pattern bind a variable itself.
    /// - Parameter insideFilters: put the block under the pattern's top-level FILTERs (in
    ///   each branch of a union), so that they read the bindings as EXISTS's substitution
    ///   would put them there.
    static func withBindings(_ pattern: Algebra, index: Variable, bindingVariables: [Variable],
                             rows: [(index: Int, values: [Term?])], insideFilters: Bool = false) -> Algebra {
        let table: [[Term?]] = rows.map { [Term.literal(Literal(String($0.index), datatype: XSD.integer))] + $0.values }
        let values = Algebra.values(variables: [index] + bindingVariables, rows: table)
        func place(_ p: Algebra) -> Algebra {
            guard insideFilters else { return .join(values, p) }
            switch p {
            case .filter(let e, let inner): return .filter(e, place(inner))
            case .union(let a, let b): return .union(place(a), place(b))
            default: return .join(values, p)
            }
        }
        return place(pattern)
    }

    /// `SELECT variables WHERE { pattern }`.
    static func text(_ pattern: Algebra, variables: [Variable]) -> String {
        SPARQLSerializer().selectQuery(pattern, variables: variables)
    }

    /// A variable name the pattern does not use, for the binding index.
    static func indexVariable(avoiding pattern: Algebra) -> Variable {
        let used = Set(pattern.inScopeVariables.map(\.name))
        var name = "ptolemyBinding"
        var n = 0
        while used.contains(name) { n += 1; name = "ptolemyBinding\(n)" }
        return Variable(name)
    }
}
