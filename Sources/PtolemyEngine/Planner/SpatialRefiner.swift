import PtolemyRDF
import PtolemyGeo
import PtolemyGeoSPARQL
import PtolemyStorage
import PtolemySPARQL

/// Exact spatial tests for the index-backed access paths (refinement after the
/// quad-tree's bounding-box filter).
///
/// The fast path reads the literal's WKB that the load stored and runs the GEOS
/// predicate against a prepared geometry; whenever the operands' CRSs differ or the
/// literal was not stored (added by an update, not parsed), it calls the GeoSPARQL
/// function itself, so the answer is always the function's answer.
final class SpatialRefiner {
    let context: QueryContext
    private var geometries: [TermID: (geometry: Geometry, crs: String)?] = [:]

    init(context: QueryContext) { self.context = context }

    /// The literal's geometry and CRS IRI from the store's geometry segments.
    func stored(_ id: TermID) throws -> (geometry: Geometry, crs: String)? {
        if let hit = geometries[id] { return hit }
        var value: (Geometry, String)?
        if let g = try context.snapshot.storedGeometry(id) { value = (try Geometry(wkb: g.wkb), g.crsIRI) }
        if geometries.count > 200_000 { geometries.removeAll(keepingCapacity: true) }
        geometries[id] = value
        return value
    }

    /// The CRS84 extent of a geometry literal (for join candidates), nil when it has none.
    func extent(_ id: TermID) throws -> BoundingBox? {
        if let g = try context.snapshot.storedGeometry(id) {
            if g.crsIRI == CRS.crs84IRI { return g.boundingBox.isEmpty ? nil : g.boundingBox }
            let literal = try GeometryLiteral(wkb: Array(g.wkb), crs: CRS(iri: g.crsIRI))
            return try? literal.boundingBox(in: .crs84)
        }
        guard case .literal(let l) = try context.decode(id), let parsed = try? GeometryCache.shared.geometry(l) else { return nil }
        let box = try? parsed.literal.boundingBox(in: .crs84)
        return box.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Calls a GeoSPARQL function on terms; an error is "false" (FILTER semantics).
    func callFunction(_ iri: String, _ arguments: [EvalValue]) -> EvalValue? {
        guard let function = context.extensionFunction(iri) else { return nil }
        return try? function.evaluate(arguments)
    }

    func isTrue(_ value: EvalValue?) -> Bool {
        guard case .literal(let l)? = value?.term else { return false }
        return l.lexicalForm == "true" || l.lexicalForm == "1"
    }

    /// `relation(first, second)` where one operand is the candidate literal `id` and the
    /// other a parsed constant.
    func test(_ relation: SpatialRelation, candidate id: TermID, candidateFirst: Bool,
              constant: ParsedGeometry, constantTerm: Term) throws -> Bool {
        if let (g, crs) = try stored(id), crs == constant.crs.iri, let prepared = constant.prepared {
            // a R b  ⇔  b R' a, with the constant (prepared) as the left operand.
            return candidateFirst ? try relation.converse.evaluate(prepared, g) : try relation.evaluate(prepared, g)
        }
        let candidate = EvalValue(try context.decode(id), id: id)
        let other = EvalValue(constantTerm)
        return isTrue(callFunction(relation.functionIRI, candidateFirst ? [candidate, other] : [other, candidate]))
    }

    /// `relation(a, b)` between two stored literals; `prepared` is `b`'s prepared geometry when
    /// it is reused across many candidates.
    func test(_ relation: SpatialRelation, _ a: TermID, _ b: TermID, preparedB: PreparedGeometry?, preparedA: PreparedGeometry?) throws -> Bool {
        if let (ga, ca) = try stored(a), let (gb, cb) = try stored(b), ca == cb {
            if let preparedA { return try relation.evaluate(preparedA, gb) }
            if let preparedB { return try relation.converse.evaluate(preparedB, ga) }
            return try relation.evaluate(ga, gb)
        }
        let x = EvalValue(try context.decode(a), id: a), y = EvalValue(try context.decode(b), id: b)
        return isTrue(callFunction(relation.functionIRI, [x, y]))
    }

    /// The distance between a candidate literal and a constant, in `unit`; nil on error.
    func distance(candidate id: TermID, constant: ParsedGeometry, constantTerm: Term, unit: UnitOfMeasure, unitIRI: String) throws -> Double? {
        if let (g, crs) = try stored(id), crs == constant.crs.iri {
            return try? MetricGeometry.distance(g, constant.geometry, crs: constant.crs, unit: unit)
        }
        let value = callFunction(GeoSPARQL.geof + "distance",
                                 [EvalValue(try context.decode(id), id: id), EvalValue(constantTerm), EvalValue(.iri(unitIRI))])
        guard case .literal(let l)? = value?.term else { return nil }
        return Double(l.lexicalForm)
    }
}
