/// The RDF and RDFS vocabularies. https://www.w3.org/TR/rdf11-schema/
public enum RDFVocabulary {
    public static let namespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let type = namespace + "type"
    public static let first = namespace + "first"
    public static let rest = namespace + "rest"
    public static let `nil` = namespace + "nil"
    public static let langString = namespace + "langString"
    public static let dirLangString = namespace + "dirLangString"
    public static let xmlLiteral = namespace + "XMLLiteral"
    public static let htmlLiteral = namespace + "HTML"
    public static let statement = namespace + "Statement"
    public static let subject = namespace + "subject"
    public static let predicate = namespace + "predicate"
    public static let object = namespace + "object"
    public static let value = namespace + "value"
    public static let bag = namespace + "Bag"
    public static let seq = namespace + "Seq"
    public static let alt = namespace + "Alt"
    public static let list = namespace + "List"
    public static let property = namespace + "Property"

    /// `rdf:_n`, the n-th container membership property.
    public static func member(_ n: Int) -> String { namespace + "_\(n)" }
}

/// RDF Schema. https://www.w3.org/TR/rdf11-schema/
public enum RDFS {
    public static let namespace = "http://www.w3.org/2000/01/rdf-schema#"
    public static let subClassOf = namespace + "subClassOf"
    public static let subPropertyOf = namespace + "subPropertyOf"
    public static let label = namespace + "label"
    public static let comment = namespace + "comment"
    public static let domain = namespace + "domain"
    public static let range = namespace + "range"
    public static let `class` = namespace + "Class"
    public static let resource = namespace + "Resource"
    public static let literal = namespace + "Literal"
    public static let member = namespace + "member"
}
