import PtolemyRDF

/// A logical source: where records come from and how references are read in them.
///
/// RML-IO (https://w3id.org/rml/io/spec#logical-source) for files; RML-LV
/// (https://w3id.org/rml/lv/spec) for logical views, which are logical sources made
/// of fields over another logical source.
struct LogicalSource: Sendable {
    enum Kind: Sendable {
        case file(SourceFile)
        case view(LogicalView)
    }

    var kind: Kind
    var formulation: ReferenceFormulation
    /// The iterator expression (JSONPath, XPath; the GeoJSON/Shapefile formulations take none).
    var iterator: String?
    /// Values that stand for "no value" (RML-IO `rml:null`); CSV's empty string is not
    /// one of them unless listed, as RML-IO section 5 says.
    var nullValues: [String]
    /// The mapping node, for messages.
    var node: String
    /// Identifies sources that read the same records, so they are read once.
    var identity: String
}

/// A file (or a member of an archive) that a logical source reads.
struct SourceFile: Sendable {
    /// The path as written in the mapping.
    var path: String
    /// The path resolved against the base directory or the working directory.
    var resolvedPath: String
    /// RML-IO `rml:encoding` (UTF-8 unless stated).
    var encoding: TextEncoding
    /// RML-IO `rml:compression`, or detected from the content when nil.
    var compression: Compression?
    /// A CSV dialect's delimiter (`,` for CSV, tab for `.tsv` files).
    var delimiter: UInt8
    /// `ptm:crs`: the CRS IRI of the coordinates when the data does not say.
    var crs: String?
}

/// Text encodings RML-IO names.
enum TextEncoding: Sendable, Equatable {
    case utf8, utf16, utf16LE, utf16BE, latin1
}

/// Compressions RML-IO names (https://w3id.org/rml/io/spec#compression).
enum Compression: Sendable, Equatable {
    case none, gzip, zip, tarGzip, tarXz
}

/// How references are written and evaluated.
enum ReferenceFormulation: Sendable, Equatable {
    case csv
    case jsonPath
    /// XPath with the namespaces the mapping declares (prefix → URI).
    case xpath(namespaces: [String: String])
    /// GeoJSON feature collections: one record per feature (Ptolemy's own formulation).
    case geoJSON
    /// ESRI Shapefiles: one record per shape with its dBASE attributes (Ptolemy's own).
    case shapefile
    /// The fields of a logical view.
    case view

    var name: String {
        switch self {
        case .csv: "CSV"
        case .jsonPath: "JSONPath"
        case .xpath: "XPath"
        case .geoJSON: "GeoJSON"
        case .shapefile: "Shapefile"
        case .view: "logical view"
        }
    }
}
