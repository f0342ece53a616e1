/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Quick start: a pool of eight messages in a static buffer; one message
 * taken, filled and given back. Returns 0 when the pool's counters say
 * what the quick start says they say.
 */

#include <string.h>

/* [include] */
#include "os/os_mempool.h"
/* [include] */

/* [declare] */
struct msg {
    uint16_t id;
    char text[30];
};

#define MSG_COUNT 8

/* OS_MEMPOOL_SIZE counts os_membuf_t elements, so the array is both large
 * enough and aligned for the pool. */
static os_membuf_t msg_buf[OS_MEMPOOL_SIZE(MSG_COUNT, sizeof(struct msg))];
static struct os_mempool msg_pool;
/* [declare] */

static int
send_hello(void)
{
    struct msg *m;

    /* [use] */
    m = os_memblock_get(&msg_pool);
    if (m == NULL) {
        return -1; /* all MSG_COUNT messages are in use */
    }
    m->id = 1;
    strcpy(m->text, "hello");
    /* ... hand the message on; whoever is done with it puts it back ... */
    if (os_memblock_put(&msg_pool, m) != OS_OK) {
        return -1;
    }
    /* [use] */
    return 0;
}

int
main(void)
{
    os_error_t rc;

    /* [init] */
    rc = os_mempool_init(&msg_pool, MSG_COUNT, sizeof(struct msg), msg_buf,
                         "msg_pool");
    if (rc != OS_OK) {
        return 1;
    }
    /* [init] */
    if (msg_pool.mp_num_free != MSG_COUNT) {
        return 1;
    }
    if (send_hello() != 0) {
        return 1;
    }
    /* [counters] */
    /* Every message is back, and at most one was ever out at once. */
    if (msg_pool.mp_num_free != MSG_COUNT ||
        msg_pool.mp_min_free != MSG_COUNT - 1) {
        return 1;
    }
    /* [counters] */
    return 0;
}
