// PtolemyRDF: the RDF 1.1 data model shared by every other module.
// Layer 1 of the module DAG: imports only the Swift standard library.
