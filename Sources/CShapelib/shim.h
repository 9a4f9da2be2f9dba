#ifndef PTOLEMY_CSHAPELIB_SHIM_H
#define PTOLEMY_CSHAPELIB_SHIM_H
/* shapelib (Debian libshp-dev): ESRI Shapefile (.shp/.shx) and dBASE (.dbf) reading.
   Owned by PtolemyMapping's ShapefileReader; nothing else imports it. */
#include <shapefil.h>
#endif
