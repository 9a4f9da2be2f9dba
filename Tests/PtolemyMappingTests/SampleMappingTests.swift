import Testing
import Foundation
import PtolemyRDF
@testable import PtolemyMapping

/// Maps every sample in `mappings/` and checks what comes out against the ontologies' shapes.
@Suite struct SampleMappingTests {
    private func run(_ mapping: String) throws -> [Quad] {
        let document = try MappingReader().read(file: mappingsFolder + "/" + mapping)
        var quads: [Quad] = []
        try MappingEngine(document: document).run(.quads { quads.append($0) })
        return quads
    }

    private func objects(_ quads: [Quad], _ subject: String, _ predicate: String) -> [Term] {
        quads.filter { $0.subject == .iri(subject) && $0.predicate == .iri(predicate) }.map(\.object)
    }

    @Test func lucasSurvey() throws {
        let quads = try run("lucas/lucas.rml.ttl")
        // Per row: point 6 (2 types, label, pointID, 2 geometry links), geometry 2, observation 6 (5 without a GPS fix).
        #expect(quads.count == 12 * 14 - 1)
        let obs = "https://w3id.org/ptolemy/demo/observation/lucas-26000005"
        #expect(objects(quads, obs, "https://w3id.org/ptolemy/ont/foodsec#lucasCode") == [.iri("https://w3id.org/ptolemy/ont/foodsec/lucas#B11")])
        #expect(objects(quads, obs, "http://www.w3.org/ns/sosa/resultTime") == [.typed("2022-03-12", XSD.date)])
        #expect(objects(quads, "https://w3id.org/ptolemy/demo/geometry/lucas-26000005", "http://www.opengis.net/ont/geosparql#asWKT")
                == [.typed("POINT(10.908853 45.035016)", "http://www.opengis.net/ont/geosparql#wktLiteral")])
        // The row without a GPS fix has no precision.
        #expect(objects(quads, "https://w3id.org/ptolemy/demo/observation/lucas-26000017", "https://w3id.org/ptolemy/ont/foodsec#gpsPrecision").isEmpty)
    }

    @Test func cropMapGeoJSONAndShapefileAgree() throws {
        let geojson = try run("crop-map/parcels-geojson.rml.ttl")
        let shapefile = try run("crop-map/parcels-shapefile.rml.ttl")
        func predicates(_ quads: [Quad]) -> Set<Term> { Set(quads.map(\.predicate)) }
        // The Shapefile mapping has everything but the GeoJSON serialization.
        #expect(predicates(geojson).subtracting(predicates(shapefile)) == [.iri("http://www.opengis.net/ont/geosparql#asGeoJSON")])
        let obs = "https://w3id.org/ptolemy/demo/observation/parcel-AT-20002"
        #expect(objects(geojson, obs, "https://w3id.org/ptolemy/ont/eo#hasImageID") == [.string("S2A_MSIL2A_20200614T095031_N0214_R079_T33UWP")])
        #expect(objects(geojson, obs, "https://w3id.org/ptolemy/ont/foodsec#cropType") == [.iri("https://w3id.org/ptolemy/ont/foodsec#WinterWheat")])
        // A null confidence gives no triple.
        #expect(objects(geojson, "https://w3id.org/ptolemy/demo/observation/parcel-AT-20003", "https://w3id.org/ptolemy/ont/eo#confidence").isEmpty)
    }

    @Test func seaIceChart() throws {
        let quads = try run("sea-ice/ice-chart.rml.ttl")
        let obs = "https://w3id.org/ptolemy/demo/observation/seaice-SI-0002"
        #expect(Set(objects(quads, obs, "https://w3id.org/ptolemy/ont/polar#iceClass"))
                == [.iri("https://w3id.org/ptolemy/ont/polar#YoungIce"), .iri("https://w3id.org/ptolemy/ont/polar#Ice")])
        let wkt = objects(quads, "https://w3id.org/ptolemy/demo/geometry/seaice-SI-0002", "http://www.opengis.net/ont/geosparql#asWKT")
        #expect(wkt.first?.literalValue?.lexicalForm.hasPrefix("POLYGON ((12.5 76.6,") == true)
        #expect(objects(quads, "https://w3id.org/ptolemy/demo/feature/seaice-SI-0001", "http://www.w3.org/2000/01/rdf-schema#label") == [.string("sea-ice region SI-0001")])
    }

    @Test func imageCatalogue() throws {
        let quads = try run("catalogue/images.rml.ttl")
        let image = "https://w3id.org/ptolemy/demo/image/S1B_EW_GRDH_1SDH_20210303T081512_040137"
        #expect(objects(quads, image, "https://w3id.org/ptolemy/ont/eo#platform") == [.iri("https://w3id.org/ptolemy/ont/eo#Sentinel1B")])
        #expect(objects(quads, image, "https://w3id.org/ptolemy/ont/eo#sensingTime") == [.typed("2021-03-03T08:15:12Z", XSD.dateTime)])
        #expect(objects(quads, "https://w3id.org/ptolemy/demo/geometry/footprint-S1B_EW_GRDH_1SDH_20210303T081512_040137", "http://www.opengis.net/ont/geosparql#asWKT")
                == [.typed("POLYGON ((16 76.4, 23 76.4, 23 78.6, 16 78.6, 16 76.4))", "http://www.opengis.net/ont/geosparql#wktLiteral")])
        // Only the Sentinel-2 image has a cloud cover.
        #expect(quads.filter { $0.predicate == .iri("https://w3id.org/ptolemy/ont/eo#cloudCover") }.count == 1)
    }
}
