import Foundation
import PtolemyRDF
import PtolemyRDFIO
@testable import PtolemyMapping

/// A scratch folder with files, removed when the value is dropped.
final class Scratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "ptolemy-mapping-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func write(_ name: String, bytes: [UInt8]) throws {
        FileManager.default.createFile(atPath: (path as NSString).appendingPathComponent(name), contents: Data(bytes))
    }
}

/// Maps `mapping` (Turtle) with sources in `scratch` and returns the quads as N-Quads lines, sorted.
func mapLines(_ mapping: String, in scratch: Scratch, baseIRI: String? = "http://example.com/base/", workers: Int = 2) throws -> [String] {
    let document = try MappingReader(baseDirectory: scratch.path).read(turtle: mapping, fileName: "mapping.ttl", mappingDirectory: scratch.path)
    var options = MappingEngine.Options()
    options.baseIRI = baseIRI
    options.workers = workers
    var lines: [String] = []
    try MappingEngine(document: document, options: options).run(.quads { lines.append($0.description) })
    return lines.sorted()
}

/// The error a mapping run throws, or nil.
func mappingError(_ mapping: String, in scratch: Scratch) -> MappingError? {
    do {
        _ = try mapLines(mapping, in: scratch)
        return nil
    } catch let error as MappingError {
        return error
    } catch {
        return MappingError(.output, "unexpected error type: \(error)")
    }
}

let prefixes = """
@prefix rml: <http://w3id.org/rml/> .
@prefix rr: <http://www.w3.org/ns/r2rml#> .
@prefix ql: <http://semweb.mmlab.be/ns/ql#> .
@prefix crml: <http://semweb.mmlab.be/ns/rml#> .
@prefix ex: <http://example.com/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix ptm: <https://w3id.org/ptolemy/rml#> .
@prefix ptf: <https://w3id.org/ptolemy/function#> .

"""
