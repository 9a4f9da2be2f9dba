// PtolemyGeoSPARQL — GeoSPARQL 1.1 functions, aggregates and rewrites (layer 3: PtolemyRDF,
// PtolemyGeo, PtolemySPARQL). See PtolemyGeoSPARQL.docc and DESIGN.md.
