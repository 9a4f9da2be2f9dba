/// XML Schema datatype IRIs. https://www.w3.org/TR/xmlschema11-2/
public enum XSD {
    public static let namespace = "http://www.w3.org/2001/XMLSchema#"
    public static let string = namespace + "string"
    public static let boolean = namespace + "boolean"
    public static let decimal = namespace + "decimal"
    public static let integer = namespace + "integer"
    public static let double = namespace + "double"
    public static let float = namespace + "float"
    public static let date = namespace + "date"
    public static let time = namespace + "time"
    public static let dateTime = namespace + "dateTime"
    public static let dateTimeStamp = namespace + "dateTimeStamp"
    public static let duration = namespace + "duration"
    public static let dayTimeDuration = namespace + "dayTimeDuration"
    public static let yearMonthDuration = namespace + "yearMonthDuration"
    public static let gYear = namespace + "gYear"
    public static let gYearMonth = namespace + "gYearMonth"
    public static let gMonth = namespace + "gMonth"
    public static let gMonthDay = namespace + "gMonthDay"
    public static let gDay = namespace + "gDay"
    public static let nonPositiveInteger = namespace + "nonPositiveInteger"
    public static let negativeInteger = namespace + "negativeInteger"
    public static let long = namespace + "long"
    public static let int = namespace + "int"
    public static let short = namespace + "short"
    public static let byte = namespace + "byte"
    public static let nonNegativeInteger = namespace + "nonNegativeInteger"
    public static let unsignedLong = namespace + "unsignedLong"
    public static let unsignedInt = namespace + "unsignedInt"
    public static let unsignedShort = namespace + "unsignedShort"
    public static let unsignedByte = namespace + "unsignedByte"
    public static let positiveInteger = namespace + "positiveInteger"
    public static let normalizedString = namespace + "normalizedString"
    public static let token = namespace + "token"
    public static let language = namespace + "language"
    public static let anyURI = namespace + "anyURI"
    public static let hexBinary = namespace + "hexBinary"
    public static let base64Binary = namespace + "base64Binary"

    /// Datatypes derived from `xsd:integer` (their values are integers).
    public static let integerTypes: Set<String> = [
        integer, nonPositiveInteger, negativeInteger, long, int, short, byte,
        nonNegativeInteger, unsignedLong, unsignedInt, unsignedShort, unsignedByte, positiveInteger,
    ]
}
