/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * An extended pool whose put callback counts the blocks returned and frees
 * them with os_memblock_put_from_cb().
 */
#include "os/os_mempool.h"

struct msg {
    int id;
    char text[28];
};

static os_membuf_t msg_buf[OS_MEMPOOL_SIZE(8, sizeof(struct msg))];
static struct os_mempool_ext msg_pool;

/* [callback] */
static os_error_t
msg_put(struct os_mempool_ext *ome, void *data, void *arg)
{
    unsigned int *puts = arg;

    (*puts)++;
    /* Free it for real: os_memblock_put() would call us again. */
    return os_memblock_put_from_cb(&ome->mpe_mp, data);
}
/* [callback] */

int
main(void)
{
    unsigned int puts = 0;
    struct msg *m;
    int rc;

    /* [ext-init] */
    rc = os_mempool_ext_init(&msg_pool, 8, sizeof(struct msg), msg_buf,
                             "msg_pool");
    if (rc != OS_OK) {
        return 1;
    }
    /* The callback is set after init, which leaves it NULL. */
    msg_pool.mpe_put_cb = msg_put;
    msg_pool.mpe_put_arg = &puts;

    m = os_memblock_get(&msg_pool.mpe_mp);
    rc = os_memblock_put(&msg_pool.mpe_mp, m); /* calls msg_put() */
    /* [ext-init] */

    return rc == OS_OK && puts == 1 && msg_pool.mpe_mp.mp_num_free == 8 ? 0 : 1;
}
