/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A pool whose buffer lives on the stack of a function: it must leave the
 * registry before the function returns, or the registry would point at a
 * dead stack frame.
 */
#include "os/os_mempool.h"

static int
scratch_work(void)
{
    /* [unregister] */
    os_membuf_t scratch_buf[OS_MEMPOOL_SIZE(4, 16)];
    struct os_mempool scratch_pool;
    int rc;

    rc = os_mempool_init(&scratch_pool, 4, 16, scratch_buf, "scratch");
    if (rc != OS_OK) {
        return rc;
    }
    /* ... use the pool ... */
    rc = os_mempool_unregister(&scratch_pool);
    /* [unregister] */

    /* Gone from the registry; a second removal finds nothing to remove. */
    if (rc == OS_OK &&
        (os_mempool_get("scratch", NULL) != NULL ||
         os_mempool_unregister(&scratch_pool) != OS_INVALID_PARAM)) {
        rc = OS_ERROR;
    }
    return rc;
}

int
main(void)
{
    return scratch_work() == OS_OK &&
                   os_mempool_info_get_next(NULL, NULL) == NULL
               ? 0
               : 1;
}
