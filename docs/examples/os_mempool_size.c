/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A pool whose buffer is a static array sized at compile time with
 * OS_MEMPOOL_SIZE: no heap at all, the usual way on a microcontroller.
 */
#include <stdint.h>

#include "os/os_mempool.h"

/* [size] */
#define EVENT_COUNT 16

struct event {
    uint16_t type;
    uint16_t len;
    uint8_t data[12];
};

/* An array of os_membuf_t is aligned for any pool. */
static os_membuf_t ev_buf[OS_MEMPOOL_SIZE(EVENT_COUNT,
                                          sizeof(struct event))];
static struct os_mempool event_pool;

static int
event_pool_setup(void)
{
    return os_mempool_init(&event_pool, EVENT_COUNT,
                           sizeof(struct event), ev_buf,
                           "event_pool");
}
/* [size] */

int
main(void)
{
    int taken = 0;

    if (event_pool_setup() != OS_OK) {
        return 1;
    }
    /* The array holds exactly EVENT_COUNT blocks. */
    while (os_memblock_get(&event_pool) != NULL) {
        taken++;
    }
    return taken == EVENT_COUNT ? 0 : 1;
}
