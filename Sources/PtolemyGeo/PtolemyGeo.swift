// PtolemyGeo — geometry for Ptolemy, the only owner of GEOS and PROJ (layer 1).
// Module overview and invariants: PtolemyGeo.docc/PtolemyGeo.md.
