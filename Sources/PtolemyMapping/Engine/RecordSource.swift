import PtolemyCompression
import Foundation

/// A batch of work read from a source: records, or raw CSV bytes that the workers parse.
enum SourceBatch: Sendable {
    case records(RecordBatch)
    case csv(CSVChunk)
}

/// A logical source being read: a producer of batches of records, in order.
///
/// Readers run on one thread; what they hand out is decoded and mapped by the workers
/// (``decode(_:)``), so that CSV field splitting runs in parallel too.
protocol RecordSource: AnyObject {
    /// How references are evaluated on this source's records (compiled by the engine).
    var evaluator: ReferenceEvaluator { get set }
    /// The next batch, or nil at the end.
    func next() throws -> SourceBatch?
    /// Bytes read so far and in all (for progress), when known.
    var bytesRead: Int { get }
    var totalBytes: Int? { get }
}

extension RecordSource {
    /// Turns a batch into records (CSV chunks are split into fields here, on a worker).
    static func decode(_ batch: SourceBatch, evaluator: ReferenceEvaluator, delimiter: UInt8) throws -> RecordBatch {
        switch batch {
        case .records(let records): return records
        case .csv(let chunk):
            var records: [Record] = []
            var lines: [Int] = []
            records.reserveCapacity(chunk.bytes.count / 32)
            let width = evaluator.header.count
            try chunk.forEachRecord(delimiter: delimiter, fileName: evaluator.fileName) { fields, line in
                guard fields.count == width else {
                    throw MappingError(.syntax, "the row has \(fields.count) field\(fields.count == 1 ? "" : "s"), the header \(width)",
                                       sourcePosition: "\(evaluator.fileName):\(line)")
                }
                records.append(.row(fields))
                lines.append(line)
            }
            // The header is record 0 of the file: data rows are numbered from 0.
            return RecordBatch(records: records, firstIndex: chunk.firstRecord - 1, lines: lines)
        }
    }
}

/// CSV and TSV (RFC 4180): streamed in chunks of whole records; the first record is the header.
final class CSVRecordSource: RecordSource {
    var evaluator: ReferenceEvaluator
    private var chunker: CSVChunker
    private let counter = ByteCounter()
    let totalBytes: Int?
    var bytesRead: Int { counter.count }
    let delimiter: UInt8
    private let chunkBytes: Int

    init(_ source: LogicalSource, file: SourceFile, dialect: MappingDialect, chunkBytes: Int) throws {
        let input = try InputOpener.open(file, counter: counter)
        totalBytes = (try? FileManager.default.attributesOfItem(atPath: file.resolvedPath)[.size] as? Int) ?? nil
        delimiter = file.delimiter
        self.chunkBytes = chunkBytes
        chunker = CSVChunker(source: input)
        var header: [String] = []
        do {
            if let first = try chunker.nextChunk(targetBytes: 1, maximumRecords: 1) {
                try first.forEachRecord(delimiter: file.delimiter, fileName: file.path) { fields, _ in
                    if header.isEmpty { header = fields }
                }
            }
        } catch let error as MappingError {
            throw error
        } catch {
            throw MappingError(.source, "cannot read \(file.path): \(error)")
        }
        evaluator = ReferenceEvaluator(formulation: .csv, fileName: file.path, header: header, nullValues: source.nullValues,
                                       emptyIsNull: dialect == .classic)
    }

    func next() throws -> SourceBatch? {
        do {
            return try chunker.nextChunk(targetBytes: chunkBytes).map { .csv($0) }
        } catch let error as MappingError {
            throw error
        } catch {
            throw MappingError(.source, "cannot read \(evaluator.fileName): \(error)")
        }
    }
}

/// A source whose records are computed up front from a document tree (JSON, XML) and
/// handed out in batches.
final class TreeRecordSource: RecordSource {
    var evaluator: ReferenceEvaluator
    private let records: [Record]
    private var position = 0
    private let batchSize: Int
    let totalBytes: Int?
    private(set) var bytesRead: Int
    /// The document the records point into; XML nodes hold their parents weakly, so the
    /// tree must outlive the records.
    private var document: XMLNode?

    init(records: [Record], evaluator: ReferenceEvaluator, batchSize: Int, size: Int) {
        self.records = records
        self.evaluator = evaluator
        self.batchSize = batchSize
        totalBytes = size
        bytesRead = size
    }

    func next() throws -> SourceBatch? {
        guard position < records.count else { return nil }
        let end = min(position + batchSize, records.count)
        defer { position = end }
        return .records(RecordBatch(records: Array(records[position..<end]), firstIndex: position, lines: []))
    }

    /// A JSON document's records: the nodes its iterator selects (`$` by default).
    static func json(_ source: LogicalSource, file: SourceFile, batchSize: Int) throws -> TreeRecordSource {
        let bytes = try InputOpener.readAll(file)
        let iterator = try JSONPath(source.iterator ?? "$")
        let lower = file.path.lowercased()
        var nodes: [JSONNode] = []
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl.gz") || lower.hasSuffix(".ndjson.gz") {
            // JSON Lines: every line is a document; the iterator applies to each.
            var lineNumber = 0
            for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                lineNumber += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
                do {
                    nodes += iterator.evaluate(try JSONParser.parse(Array(line)))
                } catch let error {
                    throw MappingError(.syntax, "JSON: \(error.message)", sourcePosition: "\(file.path):\(lineNumber):\(error.column)")
                }
            }
        } else {
            let document: JSONNode
            do {
                document = try JSONParser.parse(bytes)
            } catch let error {
                throw MappingError(.syntax, "JSON: \(error.message)", sourcePosition: "\(file.path):\(error.line):\(error.column)")
            }
            nodes = iterator.evaluate(document)
        }
        let evaluator = ReferenceEvaluator(formulation: .jsonPath, fileName: file.path, nullValues: source.nullValues, emptyIsNull: false)
        return TreeRecordSource(records: nodes.map { .json($0) }, evaluator: evaluator, batchSize: batchSize, size: bytes.count)
    }

    /// An XML document's records: the nodes its iterator selects.
    static func xml(_ source: LogicalSource, file: SourceFile, batchSize: Int) throws -> TreeRecordSource {
        let bytes = try InputOpener.readAll(file)
        guard case .xpath(let namespaces) = source.formulation else { fatalError("not an XPath source") }
        let iterator = try XPath(source.iterator ?? "/*", namespaces: namespaces)
        let document = try XMLTreeParser.parse(bytes, fileName: file.path)
        let evaluator = ReferenceEvaluator(formulation: source.formulation, fileName: file.path, nullValues: source.nullValues,
                                           emptyIsNull: false)
        let source = TreeRecordSource(records: iterator.nodes(document).map { .xml($0) }, evaluator: evaluator, batchSize: batchSize,
                                      size: bytes.count)
        source.document = document
        return source
    }
}
