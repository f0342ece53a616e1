/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Forced first (-include) into every object of the shared library, which is
 * compiled with -fvisibility=hidden: what the public header declares keeps
 * default visibility, every other function of the library stays hidden and
 * is called directly, not through the PLT. The public header itself carries
 * no visibility attributes. src/libmempool.map then lists the exports.
 */
#ifndef OS_MEMPOOL_EXPORT_H
#define OS_MEMPOOL_EXPORT_H

#pragma GCC visibility push(default)
#include "os/os_mempool.h"
#pragma GCC visibility pop

#endif /* OS_MEMPOOL_EXPORT_H */
