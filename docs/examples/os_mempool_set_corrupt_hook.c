/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * example-cflags: -DOS_MEMPOOL_POISON=1
 *
 * A corruption hook that records the damage instead of aborting, as a test
 * suite would. Needs a debug option, here OS_MEMPOOL_POISON, in the library
 * and in this file.
 */
#include <stddef.h>
#include <string.h>

#include "os/os_mempool.h"

static os_membuf_t obj_buf[OS_MEMPOOL_SIZE(2, 32)];
static struct os_mempool obj_pool;

/* [hook] */
static unsigned int corruptions;
static void *damaged_block;

static void
record_corruption(struct os_mempool *mp, void *block,
                  const char *what)
{
    /* Runs with mp locked: record only, call no function of mp. */
    (void)mp;
    (void)what;
    corruptions++;
    damaged_block = block;
}

static void
hook_install(void)
{
    os_mempool_set_corrupt_hook(record_corruption);
}
/* [hook] */

int
main(void)
{
    unsigned char *obj;

    hook_install();
    if (os_mempool_init(&obj_pool, 2, 32, obj_buf, "obj_pool") != OS_OK) {
        return 1;
    }
    obj = os_memblock_get(&obj_pool);
    if (obj == NULL || os_memblock_put(&obj_pool, obj) != OS_OK) {
        return 1;
    }
    /* A write after the put breaks the poison pattern of the free block;
     * the next get of that block reports it to the hook. */
    memset(obj + sizeof(void *), 0, 8);
    os_memblock_get(&obj_pool);
    os_mempool_set_corrupt_hook(NULL);
    return corruptions == 1 && damaged_block == obj ? 0 : 1;
}
