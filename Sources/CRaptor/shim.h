#ifndef PTOLEMY_CRAPTOR_SHIM_H
#define PTOLEMY_CRAPTOR_SHIM_H
#include <raptor2/raptor2.h>
#endif
