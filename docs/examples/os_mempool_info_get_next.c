/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Listing every registered pool with its usage, as a shell command of a
 * device would. What it prints is in os_mempool_info_get_next.out.
 */
#include <stdio.h>

#include "os/os_mempool.h"

static os_membuf_t a_buf[OS_MEMPOOL_SIZE(10, 32)];
static os_membuf_t b_buf[OS_MEMPOOL_SIZE(3, 100)];
static struct os_mempool a_pool;
static struct os_mempool b_pool;

/* [list] */
static int
pools_list(void)
{
    struct os_mempool_info omi;
    struct os_mempool *mp = NULL;
    int count = 0;

    printf("%-16s %5s %5s %5s %5s\n", "name", "size", "total", "free",
           "min");
    while ((mp = os_mempool_info_get_next(mp, &omi)) != NULL) {
        printf("%-16s %5d %5d %5d %5d\n", omi.omi_name,
               omi.omi_block_size, omi.omi_num_blocks,
               omi.omi_num_free, omi.omi_min_free);
        count++;
    }
    return count;
}
/* [list] */

int
main(void)
{
    void *a;

    if (os_mempool_init(&a_pool, 10, 32, a_buf, "sensor_samples") != OS_OK ||
        os_mempool_init(&b_pool, 3, 100, b_buf, NULL) != OS_OK) {
        return 1;
    }
    a = os_memblock_get(&a_pool);
    os_memblock_get(&a_pool);
    os_memblock_put(&a_pool, a);
    /* Registration order; the unnamed pool is listed with an empty name. */
    return pools_list() == 2 ? 0 : 1;
}
