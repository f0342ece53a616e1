/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A periodic health check of a pool: a block written after it was put back
 * damages the free list, and os_mempool_is_sane() notices.
 */
#include <string.h>

#include "os/os_mempool.h"

static os_membuf_t rec_buf[OS_MEMPOOL_SIZE(4, 24)];
static struct os_mempool rec_pool;

/* [sane] */
static int
pools_check(void)
{
    if (!os_mempool_is_sane(&rec_pool)) {
        /* Report it, reset the device: the pool cannot be trusted. */
        return -1;
    }
    return 0;
}
/* [sane] */

int
main(void)
{
    char *rec;
    int healthy;

    if (os_mempool_init(&rec_pool, 4, 24, rec_buf, "rec_pool") != OS_OK) {
        return 1;
    }
    rec = os_memblock_get(&rec_pool);
    if (rec == NULL || os_memblock_put(&rec_pool, rec) != OS_OK) {
        return 1;
    }
    healthy = pools_check() == 0;
    /* A use after put: the bug the check is there to catch. */
    memset(rec, 0x5a, 24);
    return healthy && pools_check() == -1 ? 0 : 1;
}
