/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A unit test's setup: every test starts from an empty registry, whatever
 * pools the tests before it registered, as Mynewt's own tests do.
 */
#include <string.h>

#include "os/os_mempool.h"

static os_membuf_t conn_buf[OS_MEMPOOL_SIZE(4, 32)];
static struct os_mempool conn_pool;

/* [reset] */
static int
test_setup(void)
{
    /* Forget every registered pool, then register this test's own. */
    os_mempool_module_init();
    return os_mempool_init(&conn_pool, 4, 32, conn_buf, "conn_pool");
}
/* [reset] */

int
main(void)
{
    static os_membuf_t old_buf[OS_MEMPOOL_SIZE(2, 16)];
    static struct os_mempool old_pool;
    struct os_mempool_info omi;

    /* A pool left over from an earlier test. */
    if (os_mempool_init(&old_pool, 2, 16, old_buf, "old_pool") != OS_OK ||
        test_setup() != OS_OK) {
        return 1;
    }
    /* Only this test's pool is listed; the old one still works. */
    if (os_mempool_info_get_next(NULL, &omi) != &conn_pool ||
        strcmp(omi.omi_name, "conn_pool") != 0 ||
        os_mempool_info_get_next(&conn_pool, NULL) != NULL ||
        os_mempool_get("old_pool", NULL) != NULL) {
        return 1;
    }
    return os_memblock_get(&old_pool) != NULL ? 0 : 1;
}
