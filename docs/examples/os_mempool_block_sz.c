/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What one block of a pool costs in its buffer, worked out at compile time
 * the way OS_MEMPOOL_SIZE does: the block, plus the guard word when
 * OS_MEMPOOL_GUARD is on, rounded up to OS_ALIGNMENT.
 */
#include <stdint.h>

#include "os/os_mempool.h"

struct sample {
    uint32_t timestamp;
    int16_t value[3];
};

/* [block-sz] */
/* Bytes one sample takes in the pool's buffer, guard and alignment
 * included: a constant, for a static assertion or a size table. */
#define SAMPLE_BLOCK_BYTES \
    OS_ALIGN(OS_MEMPOOL_BLOCK_SZ(sizeof(struct sample)), OS_ALIGNMENT)
/* [block-sz] */

static os_membuf_t sample_buf[OS_MEMPOOL_SIZE(10, sizeof(struct sample))];

int
main(void)
{
    static struct os_mempool sample_pool;
    unsigned char *first;
    unsigned char *second;

    if (os_mempool_init(&sample_pool, 10, sizeof(struct sample), sample_buf,
                        "samples") != OS_OK) {
        return 1;
    }
    /* The buffer holds ten such blocks, and blocks are that far apart. */
    first = os_memblock_get(&sample_pool);
    second = os_memblock_get(&sample_pool);
    return sizeof(sample_buf) == 10 * SAMPLE_BLOCK_BYTES &&
                   second - first == (long)SAMPLE_BLOCK_BYTES
               ? 0
               : 1;
}
