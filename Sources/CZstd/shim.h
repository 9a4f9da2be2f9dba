#ifndef PTOLEMY_CZSTD_SHIM_H
#define PTOLEMY_CZSTD_SHIM_H
#include <zstd.h>
#endif
