/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Several threads on one pool, and on the registry. Failures inside a
 * thread are recorded and asserted by the main thread (Check's assertions
 * belong to the test's own thread).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <valgrind/valgrind.h>

#include "os/os_mempool.h"
#include "suites.h"

#define THREADS 4
#define HOLD 3 /* blocks a thread holds at most */
#define NBLK 8 /* fewer than THREADS * HOLD: threads also find it empty */
#define BSIZE 24
#define STRIDE OS_ALIGN(BSIZE, OS_ALIGNMENT)

/*
 * 1 000 000 get/put pairs per thread natively. Valgrind runs threads one at
 * a time, dozens of times slower, so under it the count drops to keep the
 * valgrind run of the suite quick; the natively built and the sanitizer
 * runs keep the full count.
 */
#define PAIRS_NATIVE 1000000L
#define PAIRS_VALGRIND 20000L
#define REG_ROUNDS_NATIVE 20000L
#define REG_ROUNDS_VALGRIND 1000L

static os_membuf_t cbuf[OS_MEMPOOL_SIZE(NBLK, BSIZE)];
static struct os_mempool cpool;
/* Thread (1 to THREADS) holding each block, 0 when none. */
static int owner[NBLK];

struct worker {
    pthread_t thread;
    int id;
    long rounds;
    long empty;      /* gets that found the pool empty */
    char error[128]; /* first failure seen, "" if none */
};

static struct worker workers[THREADS];

static int
record_failure(struct worker *w, const char *what, const void *block)
{
    snprintf(w->error, sizeof(w->error), "thread %d: %s (block %p)", w->id,
             what, block);
    return -1;
}

/* Gives up a held block: checks nobody wrote into it, then puts it. */
static int
release(struct worker *w, unsigned char *b)
{
    int idx = (int)(((uintptr_t)b - (uintptr_t)cbuf) / STRIDE);
    int expected = w->id;
    int i;

    for (i = 0; i < BSIZE; i++) {
        if (b[i] != (unsigned char)w->id) {
            return record_failure(w, "another thread wrote into a held block",
                                  b);
        }
    }
    if (!__atomic_compare_exchange_n(&owner[idx], &expected, 0, 0,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        return record_failure(w, "held block owned by another thread", b);
    }
    if (os_memblock_put(&cpool, b) != OS_OK) {
        return record_failure(w, "put of a held block refused", b);
    }
    return 0;
}

/* Takes a block, claims it and writes the thread's tag all over it. */
static int
acquire(struct worker *w, unsigned char **slot)
{
    unsigned char *b = os_memblock_get(&cpool);
    uintptr_t off;
    int expected = 0;

    *slot = b;
    if (b == NULL) {
        w->empty++;
        return 0;
    }
    off = (uintptr_t)b - (uintptr_t)cbuf;
    if (off % STRIDE != 0 || off / STRIDE >= NBLK) {
        return record_failure(w, "get returned a block outside the pool", b);
    }
    if (!__atomic_compare_exchange_n(&owner[off / STRIDE], &expected, w->id, 0,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        return record_failure(
            w, "block handed out while another thread held it", b);
    }
    memset(b, w->id, BSIZE);
    return 0;
}

static void *
pool_worker(void *arg)
{
    struct worker *w = arg;
    unsigned char *held[HOLD] = {NULL};
    long i;
    int s;

    for (i = 0; i < w->rounds; i++) {
        s = (int)(i % HOLD);
        if ((held[s] != NULL && release(w, held[s]) != 0) ||
            acquire(w, &held[s]) != 0) {
            return NULL;
        }
    }
    for (s = 0; s < HOLD; s++) {
        if (held[s] != NULL && release(w, held[s]) != 0) {
            return NULL;
        }
    }
    return NULL;
}

START_TEST(test_threads_share_one_pool)
{
    long rounds = RUNNING_ON_VALGRIND ? PAIRS_VALGRIND : PAIRS_NATIVE;
    long empty = 0;
    int i;

    ck_assert_int_eq(os_mempool_init(&cpool, NBLK, BSIZE, cbuf, "threads"),
                     OS_OK);
    memset(owner, 0, sizeof(owner));
    for (i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof(workers[i]));
        workers[i].id = i + 1;
        workers[i].rounds = rounds;
        ck_assert_int_eq(
            pthread_create(&workers[i].thread, NULL, pool_worker, &workers[i]),
            0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(workers[i].thread, NULL), 0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_msg(workers[i].error[0] == '\0', "%s", workers[i].error);
        empty += workers[i].empty;
    }
    ck_assert_uint_eq(cpool.mp_num_free, NBLK);
    ck_assert_uint_eq(cpool.mp_num_blocks, NBLK);
    ck_assert(os_mempool_is_sane(&cpool));
    for (i = 0; i < NBLK; i++) {
        ck_assert_int_eq(owner[i], 0);
    }
    /* Every block came back: all NBLK can be taken, each once. */
    for (i = 0; i < NBLK; i++) {
        ck_assert_int_eq(os_memblock_from(&cpool, os_memblock_get(&cpool)), 1);
    }
    ck_assert_ptr_null(os_memblock_get(&cpool));
    printf("concurrency: %d threads x %ld get/put pairs, %ld gets found the "
           "pool empty, lowest free count %u\n",
           THREADS, rounds, empty, (unsigned)cpool.mp_min_free);
    ck_assert_int_eq(os_mempool_unregister(&cpool), OS_OK);
}
END_TEST

static os_membuf_t rbuf[THREADS][OS_MEMPOOL_SIZE(2, 8)];
static struct os_mempool rpool[THREADS];
static char *rnames[THREADS] = {"churn-1", "churn-2", "churn-3", "churn-4"};

/* Registers, looks itself up, walks the registry and unregisters, over and
 * over, while the other threads do the same. */
static void *
registry_worker(void *arg)
{
    struct worker *w = arg;
    struct os_mempool *mine = &rpool[w->id - 1];
    struct os_mempool *mp;
    long i;
    int n;
    int found;

    for (i = 0; i < w->rounds; i++) {
        if (os_mempool_init(mine, 2, 8, rbuf[w->id - 1], rnames[w->id - 1]) !=
            OS_OK) {
            record_failure(w, "init refused", mine);
            return NULL;
        }
        if (os_mempool_get(rnames[w->id - 1], NULL) != mine) {
            record_failure(w, "registered pool not found by name", mine);
            return NULL;
        }
        /* A walk can end early when the pool it stands on is unregistered
         * meanwhile, but it never lists a pool twice or runs in a loop. */
        found = 0;
        mp = NULL;
        for (n = 0; n < 64 && (mp = os_mempool_info_get_next(mp, NULL)); n++) {
            found += mp == mine;
        }
        if (found > 1 || n == 64) {
            record_failure(w, "registry walk listed a pool twice or looped",
                           mine);
            return NULL;
        }
        if (os_mempool_unregister(mine) != OS_OK) {
            record_failure(w, "unregister refused", mine);
            return NULL;
        }
    }
    return NULL;
}

START_TEST(test_threads_share_the_registry)
{
    long rounds = RUNNING_ON_VALGRIND ? REG_ROUNDS_VALGRIND : REG_ROUNDS_NATIVE;
    int before = registry_length();
    int i;

    for (i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof(workers[i]));
        workers[i].id = i + 1;
        workers[i].rounds = rounds;
        ck_assert_int_eq(pthread_create(&workers[i].thread, NULL,
                                        registry_worker, &workers[i]),
                         0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(workers[i].thread, NULL), 0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_msg(workers[i].error[0] == '\0', "%s", workers[i].error);
    }
    ck_assert_int_eq(registry_length(), before);
}
END_TEST

Suite *
concurrency_suite(void)
{
    const TTest *tests[] = {test_threads_share_one_pool,
                            test_threads_share_the_registry, NULL};

    return unit_suite("concurrency", tests, NULL, NULL, 120);
}
