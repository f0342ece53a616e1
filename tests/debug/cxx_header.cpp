/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The public header in a C++ program: it compiles without a warning, and
 * its declarations have C linkage, so the program links against the library
 * built by a C compiler and works. Exits 0 when it does.
 */
#include "os/os_mempool.h"

static os_membuf_t buf[OS_MEMPOOL_SIZE(4, 16)];
static char name[] = "cxx";

#if OS_MEMPOOL_DEBUG
/* The double put below is refused on purpose: with a debug option on it is
 * reported, and the default hook would abort. */
static void
ignore_report(struct os_mempool *, void *, const char *)
{
}
#endif

int
main()
{
    struct os_mempool mp;
    struct os_mempool_info info;
    void *block;

#if OS_MEMPOOL_DEBUG
    os_mempool_set_corrupt_hook(ignore_report);
#endif
    if (os_mempool_init(&mp, 4, 16, buf, name) != OS_OK) {
        return 1;
    }
    block = os_memblock_get(&mp);
    if (block != static_cast<void *>(buf) ||
        os_memblock_from(&mp, block) != 1 ||
        os_memblock_put(&mp, block) != OS_OK ||
        os_memblock_put(&mp, block) != OS_INVALID_PARM) {
        return 2;
    }
    if (os_mempool_get("cxx", &info) != &mp || info.omi_num_free != 4 ||
        !os_mempool_is_sane(&mp)) {
        return 3;
    }
    return os_mempool_unregister(&mp) == OS_OK ? 0 : 4;
}
