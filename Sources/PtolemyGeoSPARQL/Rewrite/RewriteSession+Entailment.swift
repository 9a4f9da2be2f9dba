import PtolemyRDF
import PtolemySPARQL

/// The RDFS Entailment Extension for the GeoSPARQL vocabulary
/// (https://docs.ogc.org/is/22-047r1/22-047r1.html#_rdfs_entailment_extension):
/// `rdf:type` patterns over the class hierarchy (subclasses, and the domains and ranges
/// of GeoSPARQL properties and their sub-properties), and patterns over super-properties
/// (the data's own `rdfs:subPropertyOf` declarations included).
extension RewriteSession {
    /// `subject rdf:type class` under RDFS entailment.
    func typePattern(_ subject: TermPattern, _ type: String) -> Algebra? {
        let triple = TriplePattern(subject, .iri(RDFVocabulary.type), .iri(type))
        let classes = GeoSPARQLOntology.subclasses(of: type)
        let classSet = Set(classes)
        var branches: [Algebra] = []
        // rdfs9: instances of subclasses.
        for member in classes where rewriter.isPresent(member) {
            branches.append(.bgp([TriplePattern(subject, .iri(RDFVocabulary.type), .iri(member))]))
        }
        // rdfs2 and rdfs3: subjects of properties whose domain is the class (or a
        // subclass), objects of properties whose range is.
        for (property, domain) in GeoSPARQLOntology.domains.sorted(by: { $0.key < $1.key }) where classSet.contains(domain) {
            for sub in subproperties(of: property) where rewriter.isPresent(sub) {
                branches.append(.bgp([TriplePattern(subject, .iri(sub), .variable(fresh("o")))]))
            }
        }
        for (property, range) in GeoSPARQLOntology.ranges.sorted(by: { $0.key < $1.key }) where classSet.contains(range) {
            for sub in subproperties(of: property) where rewriter.isPresent(sub) {
                branches.append(.bgp([TriplePattern(.variable(fresh("s")), .iri(sub), subject)]))
            }
        }
        // rdfs9 with rdfs11 over the data's own hierarchy: instances of classes the data
        // declares subclasses (transitively) of the class or one of its subclasses.
        if rewriter.isPresent(RDFS.subClassOf) {
            for member in classes where rewriter.isPresent(member) {
                let declared = fresh("c")
                branches.append(.join(.bgp([TriplePattern(subject, .iri(RDFVocabulary.type), .variable(declared))]),
                                      .path(subject: .variable(declared), path: .oneOrMore(.link(RDFS.subClassOf)), object: .iri(member))))
            }
        }
        if branches.count == 1, branches[0] == .bgp([triple]) { return nil }
        return distinctUnion(branches, of: triple)
    }

    /// `subject P object` where P has sub-properties, GeoSPARQL's or the data's (rdfs7).
    func propertyPattern(_ triple: TriplePattern, _ property: String) -> Algebra? {
        var branches: [Algebra] = []
        for sub in subproperties(of: property) where rewriter.isPresent(sub) {
            var specific = triple
            specific.predicate = .iri(sub)
            branches.append(.bgp([specific]))
        }
        if branches.count == 1, branches[0] == .bgp([triple]) { return nil }
        return distinctUnion(branches, of: triple)
    }
}
