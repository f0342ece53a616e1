/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Looking a pool up by name, from code that does not see the pool's
 * variable (a statistics module, a debug shell).
 */
#include <string.h>

#include "os/os_mempool.h"

static os_membuf_t log_buf[OS_MEMPOOL_SIZE(12, 64)];
static struct os_mempool log_pool;

/* [get-by-name] */
static int
log_pool_in_use(void)
{
    struct os_mempool_info info;

    if (os_mempool_get("log_pool", &info) == NULL) {
        return -1; /* No pool of that name is registered. */
    }
    return info.omi_num_blocks - info.omi_num_free;
}
/* [get-by-name] */

int
main(void)
{
    if (log_pool_in_use() != -1 ||
        os_mempool_init(&log_pool, 12, 64, log_buf, "log_pool") != OS_OK) {
        return 1;
    }
    os_memblock_get(&log_pool);
    os_memblock_get(&log_pool);
    return log_pool_in_use() == 2 &&
                   os_mempool_get("log_pool", NULL) == &log_pool &&
                   os_mempool_get("no_such_pool", NULL) == NULL
               ? 0
               : 1;
}
