/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A pool whose size is known only at run time: OS_MEMPOOL_BYTES gives the
 * bytes to allocate. malloc() returns memory aligned for any type, so for
 * OS_ALIGNMENT as well.
 */
#include <stdlib.h>

#include "os/os_mempool.h"

struct conn {
    int fd;
    unsigned int flags;
    char peer[24];
};

/* [bytes] */
static struct os_mempool conn_pool;
static void *conn_mem;

static int
conn_pool_setup(int max_conns)
{
    conn_mem = malloc(OS_MEMPOOL_BYTES(max_conns,
                                       sizeof(struct conn)));
    if (conn_mem == NULL) {
        return OS_ENOMEM;
    }
    return os_mempool_init(&conn_pool, max_conns, sizeof(struct conn),
                           conn_mem, "conn_pool");
}
/* [bytes] */

int
main(void)
{
    int rc;

    rc = conn_pool_setup(5);
    /* Five blocks, no more: the buffer was sized for exactly that. */
    rc = rc == OS_OK && conn_pool.mp_num_free == 5 &&
                 OS_MEMPOOL_BYTES(5, sizeof(struct conn)) >=
                     5 * sizeof(struct conn)
             ? 0
             : 1;
    os_mempool_unregister(&conn_pool);
    free(conn_mem);
    return rc;
}
