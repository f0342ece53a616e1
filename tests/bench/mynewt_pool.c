/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The plain pool of mynewt_pool.h. Its own translation unit and noinline,
 * so that the benchmark calls it the way it calls the library. The critical
 * section is the library's (src/os_port_crit.h, the same inline functions
 * the library's get and put use), so the lock costs the same on both sides
 * and follows any change of the port.
 */

#include "mynewt_pool.h"

#include <stddef.h>

#include "os_port_crit.h"

#if defined(OS_PORT_SINGLE_THREADED)
#define BENCH_MYNEWT_NAME(f) mynewt_st_##f
#else
#define BENCH_MYNEWT_NAME(f) mynewt_##f
#endif

__attribute__((noinline)) void
BENCH_MYNEWT_NAME(init)(struct mynewt_pool *mp, uint32_t blocks,
                        uint32_t block_size, void *membuf)
{
    char *base = membuf;
    uint32_t i;

    mp->block_size = block_size;
    mp->num_blocks = blocks;
    mp->num_free = blocks;
    mp->min_free = blocks;
    mp->lock = 0;
    mp->head = NULL;
    /* Block 0 first, as Mynewt links them. */
    for (i = blocks; i > 0; i--) {
        struct mynewt_block *b =
            (struct mynewt_block *)(void *)(base +
                                            (size_t)(i - 1) * block_size);

        b->next = mp->head;
        mp->head = b;
    }
}

__attribute__((noinline)) void *
BENCH_MYNEWT_NAME(get)(struct mynewt_pool *mp)
{
    struct mynewt_block *b;
    os_sr_t sr = os_crit_enter(&mp->lock);

    b = mp->head;
    if (b != NULL) {
        mp->head = b->next;
        mp->num_free--;
        if (mp->num_free < mp->min_free) {
            mp->min_free = mp->num_free;
        }
    }
    os_crit_exit(&mp->lock, sr);
    return b;
}

__attribute__((noinline)) int
BENCH_MYNEWT_NAME(put)(struct mynewt_pool *mp, void *block)
{
    struct mynewt_block *b = block;
    os_sr_t sr = os_crit_enter(&mp->lock);

    b->next = mp->head;
    mp->head = b;
    mp->num_free++;
    os_crit_exit(&mp->lock, sr);
    return 0;
}

/* The lock alone, taken and released n times: what a get and a put each
 * pay for it when nobody else wants it (a bench_loop_fn). */
__attribute__((noinline)) void
BENCH_MYNEWT_NAME(lock_loop)(void *arg, long n)
{
    struct mynewt_pool *mp = arg;
    long i;

    for (i = 0; i < n; i++) {
        os_sr_t sr = os_crit_enter(&mp->lock);

        os_crit_exit(&mp->lock, sr);
    }
}
