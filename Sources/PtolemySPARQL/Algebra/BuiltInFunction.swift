/// The built-in functions of SPARQL 1.1, by name, so that an evaluator can switch on them.
///
/// See https://www.w3.org/TR/sparql11-query/#SparqlOps (section 17.4). Synonyms are
/// folded: `URI` is ``iri`` and `isURI` is ``isIRI``. Operators (`&&`, `=`, `+`, `IN`,
/// `EXISTS`...) have their own ``Expression`` cases; aggregates are ``Aggregate``.
public enum BuiltInFunction: String, Hashable, Sendable, CaseIterable {
    // 17.4.1 Functional forms
    case bound = "BOUND"
    case `if` = "IF"
    case coalesce = "COALESCE"
    case sameTerm = "sameTerm"
    // 17.4.2 Functions on RDF terms
    case isIRI = "isIRI"
    case isBlank = "isBLANK"
    case isLiteral = "isLITERAL"
    case isNumeric = "isNUMERIC"
    case str = "STR"
    case lang = "LANG"
    case datatype = "DATATYPE"
    case iri = "IRI"
    case bnode = "BNODE"
    case strDT = "STRDT"
    case strLang = "STRLANG"
    case uuid = "UUID"
    case strUUID = "STRUUID"
    // 17.4.3 Functions on strings
    case strlen = "STRLEN"
    case substr = "SUBSTR"
    case ucase = "UCASE"
    case lcase = "LCASE"
    case strStarts = "STRSTARTS"
    case strEnds = "STRENDS"
    case contains = "CONTAINS"
    case strBefore = "STRBEFORE"
    case strAfter = "STRAFTER"
    case encodeForURI = "ENCODE_FOR_URI"
    case concat = "CONCAT"
    case langMatches = "LANGMATCHES"
    case regex = "REGEX"
    case replace = "REPLACE"
    // 17.4.4 Functions on numerics
    case abs = "ABS"
    case round = "ROUND"
    case ceil = "CEIL"
    case floor = "FLOOR"
    case rand = "RAND"
    // 17.4.5 Functions on dates and times
    case now = "NOW"
    case year = "YEAR"
    case month = "MONTH"
    case day = "DAY"
    case hours = "HOURS"
    case minutes = "MINUTES"
    case seconds = "SECONDS"
    case timezone = "TIMEZONE"
    case tz = "TZ"
    // 17.4.6 Hash functions
    case md5 = "MD5"
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha384 = "SHA384"
    case sha512 = "SHA512"

    /// The keyword as the grammar spells it (keywords are case-insensitive).
    @inlinable
    public var keyword: String { rawValue }

    /// The numbers of arguments the grammar accepts; `nil` upper bound means any number.
    public var arity: ClosedRange<Int> {
        switch self {
        case .rand, .now, .uuid, .strUUID: return 0...0
        case .bnode: return 0...1
        case .coalesce, .concat: return 0...Int.max
        case .sameTerm, .strDT, .strLang, .strStarts, .strEnds, .contains, .strBefore, .strAfter, .langMatches:
            return 2...2
        case .substr, .regex: return 2...3
        case .replace: return 3...4
        case .if: return 3...3
        default: return 1...1
        }
    }

    /// The function for a keyword, case-insensitively, with the grammar's synonyms.
    public static func named(_ keyword: String) -> BuiltInFunction? {
        byUppercasedName[keyword.uppercased()]
    }

    private static let byUppercasedName: [String: BuiltInFunction] = {
        var table: [String: BuiltInFunction] = [:]
        for function in allCases { table[function.rawValue.uppercased()] = function }
        table["URI"] = .iri
        table["ISURI"] = .isIRI
        return table
    }()
}
