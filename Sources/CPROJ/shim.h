#ifndef PTOLEMY_CPROJ_SHIM_H
#define PTOLEMY_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
