#ifndef PTOLEMY_CZLIB_SHIM_H
#define PTOLEMY_CZLIB_SHIM_H
#include <zlib.h>
/* inflateInit2 is a macro; expose it as a function for Swift. */
static inline int ptolemy_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
static inline int ptolemy_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
