/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * A plain pool in the manner of Apache Mynewt's kernel pool, written here
 * for the benchmark only: a singly linked free list under the library's own
 * critical section, and no check of any kind (no NULL test, no block test,
 * no double-put test). Its rows show what the library's checks cost over
 * the same work behind the same lock.
 *
 * tests/bench.mk compiles mynewt_pool.c twice: with the port the library
 * uses by default (BENCH_MYNEWT_NAME gives mynewt_*), and with
 * -DOS_PORT_SINGLE_THREADED (mynewt_st_*).
 */
#ifndef BENCH_MYNEWT_POOL_H
#define BENCH_MYNEWT_POOL_H

#include <stdint.h>

#include "os/os_port.h"

struct mynewt_block {
    struct mynewt_block *next;
};

struct mynewt_pool {
    uint32_t block_size;
    uint32_t num_blocks;
    uint32_t num_free;
    uint32_t min_free;
    os_port_lock_t lock;
    struct mynewt_block *head;
};

#define BENCH_MYNEWT_DECLARE(p)                                                \
    void p##init(struct mynewt_pool *mp, uint32_t blocks, uint32_t block_size, \
                 void *membuf);                                                \
    void *p##get(struct mynewt_pool *mp);                                      \
    int p##put(struct mynewt_pool *mp, void *block);                           \
    void p##lock_loop(void *arg, long n);

BENCH_MYNEWT_DECLARE(mynewt_)
BENCH_MYNEWT_DECLARE(mynewt_st_)

#endif /* BENCH_MYNEWT_POOL_H */
