/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A layer of Mynewt code that reports Mynewt's system error codes
 * (SYS_EOK, SYS_EINVAL, ...) rather than os_error_t: the pool's result is
 * converted on the way out.
 */
#include "os/os_mempool.h"

static os_membuf_t msg_buf[OS_MEMPOOL_SIZE(4, 24)];
static struct os_mempool msg_pool;

/* [to-sys] */
static int
msg_free(void *msg)
{
    /* 0 (SYS_EOK) on success, a negative SYS_E... code otherwise. */
    return os_error_to_sys(os_memblock_put(&msg_pool, msg));
}
/* [to-sys] */

int
main(void)
{
    void *msg;

    if (os_mempool_init(&msg_pool, 4, 24, msg_buf, "msg_pool") != OS_OK) {
        return 1;
    }
    msg = os_memblock_get(&msg_pool);
    /* The first free succeeds; the second is refused: -2 is SYS_EINVAL. */
    return msg_free(msg) == 0 && msg_free(msg) == -2 &&
                   os_error_to_sys(OS_ENOMEM) == -1 &&
                   os_error_to_sys(OS_ERR_IN_ISR) == -13
               ? 0
               : 1;
}
