#ifndef PTOLEMY_CLZMA_SHIM_H
#define PTOLEMY_CLZMA_SHIM_H
#include <lzma.h>
#endif
