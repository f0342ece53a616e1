/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Returning a block, and the checks a put makes: a block returned twice and
 * an address that is not a block are refused, and the pool is unchanged.
 */
#include "os/os_mempool.h"

static os_membuf_t buf_mem[OS_MEMPOOL_SIZE(4, 32)];
static struct os_mempool buf_pool;

int
main(void)
{
    unsigned char *buf;
    int rc;

    if (os_mempool_init(&buf_pool, 4, 32, buf_mem, "buf_pool") != OS_OK) {
        return 1;
    }
    buf = os_memblock_get(&buf_pool);
    if (buf == NULL) {
        return 1;
    }

    /* [put] */
    rc = os_memblock_put(&buf_pool, buf);
    if (rc != OS_OK) {
        /* Not a block of this pool, or already free: a caller's bug. */
        return 1;
    }
    buf = NULL; /* The block is the pool's again. */
    /* [put] */

    /* [put-twice] */
    unsigned char *blk = os_memblock_get(&buf_pool);

    os_memblock_put(&buf_pool, blk);
    /* Both refused with OS_INVALID_PARAM, the pool unchanged: */
    rc = os_memblock_put(&buf_pool, blk);     /* already free */
    rc = os_memblock_put(&buf_pool, blk + 1); /* not a block */
    /* [put-twice] */

    return rc == OS_INVALID_PARAM &&
                   os_memblock_put(&buf_pool, blk) == OS_INVALID_PARAM &&
                   buf_pool.mp_num_free == 4 && os_mempool_is_sane(&buf_pool)
               ? 0
               : 1;
}
