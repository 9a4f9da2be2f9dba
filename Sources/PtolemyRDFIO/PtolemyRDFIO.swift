// PtolemyRDFIO: RDF syntaxes in and out (layer 2 of the module DAG; see DESIGN.md).
//
// - Parsers: hand-written streaming parsers for N-Triples, N-Quads, Turtle and TriG
//   (``NTriplesParser``, ``TurtleParser``), RDF/XML over libraptor2 (``RDFXMLParser``),
//   and one entry point over all of them (``RDFParser``).
// - Writers: ``NQuadsWriter`` (N-Triples / N-Quads) and ``TurtleWriter`` (Turtle / TriG).
//
// Every syntax error is an ``RDFParseError`` naming the file, line and column.
// libraptor2 is imported `internal` and only by RDFXML/: nothing outside this module
// sees a raptor pointer.
