/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Code written for Mynewt, unchanged: its spelling OS_INVALID_PARM, the
 * "rc != 0" test for failure, and the counters read from the pool. Returns
 * 0 when both spellings name the same code and the counters behave as
 * Mynewt's do.
 */

#include "os/os_mempool.h"

#define EVENTS 3

struct event {
    int type;
    void *arg;
};

static os_membuf_t event_buf[OS_MEMPOOL_SIZE(EVENTS, sizeof(struct event))];
static struct os_mempool event_pool;

int
main(void)
{
    struct event *ev;
    int rc;

    /* [mynewt-style] */
    rc = os_mempool_init(&event_pool, EVENTS, sizeof(struct event),
                         event_buf, "events");
    if (rc != 0) {
        return 1;
    }
    /* Mynewt's sources spell the code OS_INVALID_PARM; so may yours. */
    if (os_memblock_put(&event_pool, NULL) != OS_INVALID_PARM) {
        return 1;
    }
    ev = os_memblock_get(&event_pool);
    if (ev == NULL || event_pool.mp_num_free != EVENTS - 1) {
        return 1;
    }
    /* [mynewt-style] */
    if (OS_INVALID_PARM != OS_INVALID_PARAM) {
        return 1;
    }
    rc = os_memblock_put(&event_pool, ev);
    return rc == 0 && event_pool.mp_min_free == EVENTS - 1 ? 0 : 1;
}
