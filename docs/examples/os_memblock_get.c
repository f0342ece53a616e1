/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Taking blocks: each get hands out a distinct block until the pool is
 * empty, then NULL; the counters follow.
 */
#include <string.h>

#include "os/os_mempool.h"

struct packet {
    unsigned int len;
    unsigned char data[60];
};

static os_membuf_t packet_buf[OS_MEMPOOL_SIZE(2, sizeof(struct packet))];
static struct os_mempool packet_pool;

int
main(void)
{
    struct packet *first;
    struct packet *second;

    if (os_mempool_init(&packet_pool, 2, sizeof(struct packet), packet_buf,
                        "packet_pool") != OS_OK) {
        return 1;
    }

    /* [get] */
    struct packet *pkt;

    pkt = os_memblock_get(&packet_pool);
    if (pkt == NULL) {
        /* Every block is in use: drop the packet, retry later. */
        return 1;
    }
    /* The contents are whatever the block held: set every field. */
    memset(pkt, 0, sizeof(*pkt));
    /* [get] */

    first = pkt;
    second = os_memblock_get(&packet_pool);
    /* Two blocks, two distinct addresses, then none; the lowest free count
     * seen is remembered. */
    return second != NULL && second != first &&
                   os_memblock_get(&packet_pool) == NULL &&
                   packet_pool.mp_num_free == 0 && packet_pool.mp_min_free == 0
               ? 0
               : 1;
}
