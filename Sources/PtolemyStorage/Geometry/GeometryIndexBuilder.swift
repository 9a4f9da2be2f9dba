import Foundation
import Dispatch
import PtolemyGeo

/// Parses the geometry literals a load introduces and writes them as a geometry segment.
///
/// The loader hands over every new dictionary key in ascending ID order; typed literals
/// of a GeoSPARQL geometry datatype are parsed (in parallel, a few thousand at a time)
/// into WKB + bounding box and indexed by their CRS84 extent.
final class GeometryIndexBuilder {
    private let writer: GeometrySegmentWriter
    private var pending: [(UInt64, String, GeometryLiteral.Format)] = []
    /// The first few parse errors, for the load report.
    private(set) var errors: [String] = []
    private(set) var invalidCount = 0
    static let batch = 4096

    init(path: String) throws { writer = try GeometrySegmentWriter(path: path) }

    var path: String { writer.path }
    var count: Int { writer.count }

    /// The geometry format of a dictionary key, when it is a geometry literal.
    static func format(ofKey key: UnsafeRawBufferPointer) -> (GeometryLiteral.Format, Int)? {
        guard key.first == TermID.Tag.typedLiteral.rawValue, let zero = key.firstIndex(of: 0) else { return nil }
        let datatype = String(decoding: key[1..<zero], as: UTF8.self)
        guard let format = GeometryLiteral.Format(datatypeIRI: datatype) else { return nil }
        return (format, zero + 1)
    }

    /// Offers a new key (ascending IDs); geometry literals are kept for parsing.
    func offer(id: UInt64, key: UnsafeRawBufferPointer) throws {
        guard let (format, start) = Self.format(ofKey: key) else { return }
        pending.append((id, String(decoding: key[start...], as: UTF8.self), format))
        if pending.count >= Self.batch { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        let work = pending
        pending.removeAll(keepingCapacity: true)
        let results = UnsafeMutableBufferPointer<Result<(GeometryLiteral, BoundingBox?), any Error>>.allocate(capacity: work.count)
        defer { results.deallocate() }
        // Each iteration writes only its own slot, so sharing the buffer is safe.
        nonisolated(unsafe) let base = results.baseAddress!
        DispatchQueue.concurrentPerform(iterations: work.count) { i in
            let (_, lexical, format) = work[i]
            let result: Result<(GeometryLiteral, BoundingBox?), any Error> = Result {
                let literal = try GeometryLiteral(parsing: lexical, format: format)
                let box = literal.crs.isCRS84 ? literal.boundingBox : try? literal.boundingBox(in: .crs84)
                return (literal, box)
            }
            (base + i).initialize(to: result)
        }
        for i in 0..<work.count {
            switch results[i] {
            case .success(let (literal, box)):
                try writer.append(id: work[i].0, literal: literal, indexBox: box)
            case .failure(let error):
                writer.appendInvalid(id: work[i].0)
                invalidCount += 1
                if errors.count < 10 {
                    let snippet = work[i].1.count > 60 ? String(work[i].1.prefix(60)) + "…" : work[i].1
                    errors.append("\"\(snippet)\": \(error)")
                }
            }
            (base + i).deinitialize(count: 1)
        }
    }

    /// Finishes the segment; nil when the load brought no geometry literal (the file is removed).
    func finish() throws -> (size: UInt64, geometries: Int, invalid: Int)? {
        try flush()
        if writer.count == 0 && writer.invalid.isEmpty {
            writer.abandon()
            return nil
        }
        return (try writer.finish(), writer.count, writer.invalid.count)
    }

    func abandon() { writer.abandon() }
}
