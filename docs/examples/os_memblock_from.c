/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Finding which of two pools a block came from, the way a generic free
 * function returns blocks of several sizes.
 */
#include "os/os_mempool.h"

static os_membuf_t small_buf[OS_MEMPOOL_SIZE(8, 16)];
static os_membuf_t large_buf[OS_MEMPOOL_SIZE(4, 128)];
static struct os_mempool small_pool;
static struct os_mempool large_pool;

/* [from] */
static int
buf_free(void *buf)
{
    if (os_memblock_from(&small_pool, buf)) {
        return os_memblock_put(&small_pool, buf);
    }
    if (os_memblock_from(&large_pool, buf)) {
        return os_memblock_put(&large_pool, buf);
    }
    return OS_INVALID_PARAM; /* Not a block of either pool. */
}
/* [from] */

int
main(void)
{
    int local;
    void *big;

    if (os_mempool_init(&small_pool, 8, 16, small_buf, "small") != OS_OK ||
        os_mempool_init(&large_pool, 4, 128, large_buf, "large") != OS_OK) {
        return 1;
    }
    big = os_memblock_get(&large_pool);
    /* The large block goes back to its own pool; a stack address to none. */
    return big != NULL && !os_memblock_from(&small_pool, big) &&
                   buf_free(big) == OS_OK && large_pool.mp_num_free == 4 &&
                   buf_free(&local) == OS_INVALID_PARAM
               ? 0
               : 1;
}
