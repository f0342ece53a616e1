/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The high-water mark of a pool, read from one snapshot of its counters:
 * os_mempool_info_get() reads them together, so the figures agree even
 * while other threads or interrupt handlers take and return blocks. The
 * pool need not be registered.
 */
#include "os/os_mempool.h"

static os_membuf_t rx_buf[OS_MEMPOOL_SIZE(8, 48)];
static struct os_mempool rx_pool;

/* [info] */
static int
pool_peak_use(struct os_mempool *mp)
{
    struct os_mempool_info omi;

    if (os_mempool_info_get(mp, &omi) != OS_OK) {
        return -1;
    }
    /* The most blocks ever held at once, from one snapshot. */
    return omi.omi_num_blocks - omi.omi_min_free;
}
/* [info] */

int
main(void)
{
    struct os_mempool_info omi;
    void *a;

    if (os_mempool_init(&rx_pool, 8, 48, rx_buf, "rx_pool") != OS_OK) {
        return 1;
    }
    a = os_memblock_get(&rx_pool);
    os_memblock_get(&rx_pool);
    os_memblock_get(&rx_pool);
    os_memblock_put(&rx_pool, a);
    /* Three held at the peak; a pool out of the registry is described too. */
    if (pool_peak_use(&rx_pool) != 3 ||
        os_mempool_unregister(&rx_pool) != OS_OK ||
        os_mempool_info_get(&rx_pool, &omi) != OS_OK ||
        omi.omi_num_free != 6 || omi.omi_block_size != 48) {
        return 1;
    }
    return pool_peak_use(NULL) == -1 &&
                   os_mempool_info_get(&rx_pool, NULL) == OS_INVALID_PARAM
               ? 0
               : 1;
}
