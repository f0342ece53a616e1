/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The puts that Mynewt accepts and this library refuses: a block put back
 * twice, a block of another pool, and a pointer inside a block. Each is
 * refused with OS_INVALID_PARAM and leaves the pool as it was. Returns 0
 * when all three are refused and the pool stays sane.
 */

#include "os/os_mempool.h"

#define BLOCKS 4
#define BLOCK_SIZE 24

static os_membuf_t a_buf[OS_MEMPOOL_SIZE(BLOCKS, BLOCK_SIZE)];
static os_membuf_t b_buf[OS_MEMPOOL_SIZE(BLOCKS, BLOCK_SIZE)];
static struct os_mempool pool_a;
static struct os_mempool pool_b;

int
main(void)
{
    char *block;
    char *other;

    if (os_mempool_init(&pool_a, BLOCKS, BLOCK_SIZE, a_buf, "a") != OS_OK ||
        os_mempool_init(&pool_b, BLOCKS, BLOCK_SIZE, b_buf, "b") != OS_OK) {
        return 1;
    }
    block = os_memblock_get(&pool_a);
    other = os_memblock_get(&pool_b);
    if (block == NULL || other == NULL) {
        return 1;
    }

    /* [double-put] */
    if (os_memblock_put(&pool_a, block) != OS_OK) {
        return 1;
    }
    /* The block is free now: a second put is refused, and the free list
     * does not get the same block twice. */
    if (os_memblock_put(&pool_a, block) != OS_INVALID_PARAM) {
        return 1;
    }
    /* [double-put] */

    /* [foreign-put] */
    /* A block of pool_b is not a block of pool_a. */
    if (os_memblock_put(&pool_a, other) != OS_INVALID_PARAM) {
        return 1;
    }
    /* Neither is an address inside one of pool_b's blocks. */
    if (os_memblock_put(&pool_b, other + 8) != OS_INVALID_PARAM) {
        return 1;
    }
    /* [foreign-put] */

    /* [after] */
    /* The refused puts changed nothing. */
    if (pool_a.mp_num_free != BLOCKS || !os_mempool_is_sane(&pool_a) ||
        pool_b.mp_num_free != BLOCKS - 1 || !os_mempool_is_sane(&pool_b)) {
        return 1;
    }
    /* [after] */
    return os_memblock_put(&pool_b, other) == OS_OK ? 0 : 1;
}
