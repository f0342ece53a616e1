/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Clearing a pool at the end of a phase of work that used it, instead of
 * returning each block.
 */
#include "os/os_mempool.h"

static os_membuf_t req_buf[OS_MEMPOOL_SIZE(6, 48)];
static struct os_mempool req_pool;

int
main(void)
{
    int i;

    if (os_mempool_init(&req_pool, 6, 48, req_buf, "req_pool") != OS_OK) {
        return 1;
    }
    for (i = 0; i < 4; i++) {
        if (os_memblock_get(&req_pool) == NULL) {
            return 1;
        }
    }

    /* [clear] */
    /* The request is over: none of its blocks is used any more. */
    if (os_mempool_clear(&req_pool) != OS_OK) {
        return 1;
    }
    /* [clear] */

    /* Every block free, and the low-water mark starts again. */
    return req_pool.mp_num_free == 6 && req_pool.mp_min_free == 6 &&
                   os_memblock_get(&req_pool) == (void *)req_buf
               ? 0
               : 1;
}
