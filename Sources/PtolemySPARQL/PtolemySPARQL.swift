// PtolemySPARQL: SPARQL 1.1 Query and Update syntax, the SPARQL algebra of
// section 18 of the Query specification, and a serializer back to query text.
// Layer 2 of the module DAG: imports only PtolemyRDF.
//
// Entry points: `Query(parsing:baseIRI:)`, `Update(parsing:baseIRI:)` and
// `SPARQLSerializer`. The algebra (`Algebra`, `Expression`, `PropertyPath`,
// `Variable`, `TermPattern`) is what the engine's optimizer and executor consume.
//
// Specifications:
//   https://www.w3.org/TR/sparql11-query/#grammar
//   https://www.w3.org/TR/sparql11-query/#sparqlDefinition
//   https://www.w3.org/TR/sparql11-update/#grammar
