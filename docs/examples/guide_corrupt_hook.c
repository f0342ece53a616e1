/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The corruption hook: with the library and this file compiled with
 * -DOS_MEMPOOL_POISON=1, a write into a block after it was put back is
 * reported to the hook when the block is handed out again. Without a debug
 * option the hook does not exist and nothing notices the write: the program
 * checks that too. Returns 0 when what happened is what the guide says for
 * the build it was compiled in.
 */

#include <string.h>

#include "os/os_mempool.h"

#define BLOCKS 2
#define BLOCK_SIZE 32

static os_membuf_t buf[OS_MEMPOOL_SIZE(BLOCKS, BLOCK_SIZE)];
static struct os_mempool pool;

#if OS_MEMPOOL_POISON
/* [hook] */
static int corruptions;
static void *damaged_block;

/* Runs with the pool locked: it records, and calls no function of the
 * pool. Returning lets the call that found the damage go on. */
static void
count_corruption(struct os_mempool *mp, void *block, const char *what)
{
    (void)mp;
    (void)what;
    corruptions++;
    damaged_block = block;
}
/* [hook] */
#endif

int
main(void)
{
    char *block;

#if OS_MEMPOOL_POISON
    /* [install] */
    os_mempool_set_corrupt_hook(count_corruption);
    /* [install] */
#endif
    if (os_mempool_init(&pool, BLOCKS, BLOCK_SIZE, buf, "hooked") != OS_OK) {
        return 1;
    }
    block = os_memblock_get(&pool);
    if (block == NULL || os_memblock_put(&pool, block) != OS_OK) {
        return 1;
    }
    /* [use-after-put] */
    /* A bug: the block is written after it went back to the pool. */
    memset(block + 16, 0, 8);
    /* The same block comes out again (the free list is last in, first
     * out); with OS_MEMPOOL_POISON the hook hears of the damage here. */
    block = os_memblock_get(&pool);
    /* [use-after-put] */
#if OS_MEMPOOL_POISON
    return corruptions == 1 && damaged_block == block ? 0 : 1;
#else
    /* Without the option the write goes unnoticed. */
    return block != NULL && os_mempool_is_sane(&pool) ? 0 : 1;
#endif
}
