/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Several threads on one pool, and on the registry. Failures inside a
 * thread are recorded and asserted by the main thread (Check's assertions
 * belong to the test's own thread).
 */
#include <pthread.h>
#include <sched.h>
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
 * valgrind run of the suite quick. ThreadSanitizer, 5 to 15 times slower,
 * reports a race the first time two threads touch a location unordered, so
 * it needs no million pairs either: its run takes a tenth. The natively
 * built and the AddressSanitizer runs keep the full count.
 */
#define PAIRS_NATIVE 1000000L
#define PAIRS_TSAN 100000L
#define PAIRS_VALGRIND 20000L
#define REG_ROUNDS_NATIVE 20000L
#define REG_ROUNDS_VALGRIND 1000L

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

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
    long rounds = RUNNING_ON_VALGRIND ? PAIRS_VALGRIND
                  : UNDER_TSAN        ? PAIRS_TSAN
                                      : PAIRS_NATIVE;
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

/*
 * Mynewt's registry head, which the library defines and the header does not
 * declare: code that saves and restores it declares it itself.
 */
STAILQ_HEAD(mynewt_pool_list, os_mempool);
extern struct mynewt_pool_list g_os_mempool_list;

/*
 * Registers, looks itself up, walks the registry and unregisters while
 * another thread empties the registry: any of the pool's steps may find it
 * dropped meanwhile, but none fails otherwise, and every walk ends. The
 * walks ask for no description: one standing on a dropped pool follows the
 * links it kept, and could describe a pool that its owner is initialising
 * again without a lock (init takes none for a pool it finds unregistered).
 */
static void *
dropped_worker(void *arg)
{
    struct worker *w = arg;
    struct os_mempool *mine = &rpool[w->id - 1];
    struct os_mempool_info omi;
    struct os_mempool *mp;
    os_error_t rc;
    long i;
    int n;

    for (i = 0; i < w->rounds; i++) {
        if (os_mempool_init(mine, 2, 8, rbuf[w->id - 1], rnames[w->id - 1]) !=
            OS_OK) {
            record_failure(w, "init refused", mine);
            return NULL;
        }
        mp = os_mempool_get(rnames[w->id - 1], &omi);
        if (mp != NULL && (mp != mine || omi.omi_num_blocks != 2)) {
            record_failure(w, "lookup by name found another pool", mp);
            return NULL;
        }
        for (n = 0, mp = NULL;
             n < 64 && (mp = os_mempool_info_get_next(mp, NULL)) != NULL; n++) {
        }
        if (n == 64) {
            record_failure(w, "registry walk never ended", mine);
            return NULL;
        }
        rc = os_mempool_unregister(mine);
        if (rc != OS_OK && rc != OS_INVALID_PARAM) {
            record_failure(w, "unregister failed", mine);
            return NULL;
        }
    }
    return NULL;
}

/* Set once the registry workers are done. The emptier runs until then,
 * however the threads are scheduled, so that its calls overlap theirs: one
 * that finished before they started would prove nothing (ThreadSanitizer
 * then missed a lock dropped from os_mempool_module_init() now and then). */
static int emptier_stop;

static void *
emptier(void *arg)
{
    struct worker *w = arg;

    while (!__atomic_load_n(&emptier_stop, __ATOMIC_ACQUIRE)) {
        os_mempool_module_init();
        w->rounds++;
        sched_yield();
    }
    return NULL;
}

/*
 * os_mempool_module_init() from one thread while others register, look up,
 * walk and unregister (its context is any thread): nothing breaks,
 * ThreadSanitizer sees no race, and afterwards the registry lists what is
 * registered, once. The head is saved and put back around it, as Mynewt's
 * tests do.
 */
START_TEST(test_module_init_while_threads_use_the_registry)
{
    long rounds = RUNNING_ON_VALGRIND ? REG_ROUNDS_VALGRIND : REG_ROUNDS_NATIVE;
    struct mynewt_pool_list saved;
    int before = registry_length();
    int i;

    memcpy(&saved, &g_os_mempool_list, sizeof(saved));
    __atomic_store_n(&emptier_stop, 0, __ATOMIC_RELAXED);
    for (i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof(workers[i]));
        workers[i].id = i + 1;
        workers[i].rounds = i == 0 ? 0 : rounds;
        ck_assert_int_eq(pthread_create(&workers[i].thread, NULL,
                                        i == 0 ? emptier : dropped_worker,
                                        &workers[i]),
                         0);
    }
    for (i = 1; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(workers[i].thread, NULL), 0);
    }
    __atomic_store_n(&emptier_stop, 1, __ATOMIC_RELEASE);
    ck_assert_int_eq(pthread_join(workers[0].thread, NULL), 0);
    ck_assert_int_gt(workers[0].rounds, 0);
    for (i = 0; i < THREADS; i++) {
        ck_assert_msg(workers[i].error[0] == '\0', "%s", workers[i].error);
    }
    os_mempool_module_init();
    for (i = 1; i < THREADS; i++) {
        ck_assert_int_eq(os_mempool_init(&rpool[i], 2, 8, rbuf[i], rnames[i]),
                         OS_OK);
    }
    ck_assert_int_eq(registry_length(), THREADS - 1);
    for (i = 1; i < THREADS; i++) {
        ck_assert_ptr_eq(
            os_mempool_info_get_next(i > 1 ? &rpool[i - 1] : NULL, NULL),
            &rpool[i]);
    }
    for (i = 1; i < THREADS; i++) {
        ck_assert_int_eq(os_mempool_unregister(&rpool[i]), OS_OK);
    }
    memcpy(&g_os_mempool_list, &saved, sizeof(saved));
    ck_assert_int_eq(registry_length(), before);
}
END_TEST

/*
 * Readers of a pool (the registry walk and os_mempool_get() with a
 * description, os_mempool_info_get()) while other threads get, put, clear
 * and initialise it again, and while its put callback is swapped: every
 * description is consistent (no counter above the count of blocks, the low
 * mark never above the free count, the name whole), ThreadSanitizer sees no
 * race, and the pool is whole at the end.
 */
#define CHURN_NBLK 6
#define CHURN_SIZE 40

static os_membuf_t churn_buf[OS_MEMPOOL_SIZE(CHURN_NBLK, CHURN_SIZE)];
static struct os_mempool_ext churn_pool;
static char churn_name[] = "churn-pool";
/* Callback calls with the pool's argument, and with any other. */
static long cb_calls[2];
static int churn_stop;
/* Set once the reader has described the pool: the changer starts then, so
 * every run reads while the pool changes. */
static int churn_read;

/*
 * Where the callback counts its calls: written by the thread that installs
 * the callback, before it installs it, and read by the callback with no
 * other synchronisation. The library's read of the callback pointer must
 * see what was written before the atomic store that published it
 * (ThreadSanitizer checks it).
 */
static long *churn_cb_counter;

static os_error_t
churn_cb(struct os_mempool_ext *mpe, void *block, void *arg)
{
    __atomic_fetch_add(arg == &cb_calls[0] ? churn_cb_counter : &cb_calls[1], 1,
                       __ATOMIC_RELAXED);
    return os_memblock_put_from_cb(&mpe->mpe_mp, block);
}

static int
description_ok(const struct os_mempool_info *omi)
{
    return omi->omi_num_blocks == CHURN_NBLK &&
           omi->omi_block_size == CHURN_SIZE && omi->omi_num_free >= 0 &&
           omi->omi_num_free <= omi->omi_num_blocks &&
           omi->omi_min_free <= omi->omi_num_free &&
           strcmp(omi->omi_name, churn_name) == 0;
}

static void *
churn_reader(void *arg)
{
    struct worker *w = arg;
    struct os_mempool_info omi;
    struct os_mempool *mp;
    int n;

    while (!__atomic_load_n(&churn_stop, __ATOMIC_ACQUIRE)) {
        for (mp = NULL, n = 0;
             n < 64 && (mp = os_mempool_info_get_next(mp, &omi)) != NULL;
             n++) {
            if (mp == &churn_pool.mpe_mp && !description_ok(&omi)) {
                record_failure(w, "inconsistent description in a walk", mp);
                goto out;
            }
        }
        if (os_mempool_get(churn_name, &omi) == &churn_pool.mpe_mp &&
            !description_ok(&omi)) {
            record_failure(w, "inconsistent description by name", mp);
            goto out;
        }
        if (os_mempool_info_get(&churn_pool.mpe_mp, &omi) != OS_OK ||
            !description_ok(&omi)) {
            record_failure(w, "inconsistent snapshot", mp);
            goto out;
        }
        w->rounds++;
        __atomic_store_n(&churn_read, 1, __ATOMIC_RELEASE);
    }
out:
    /* On a failure too: the changer waits for a first read, and ends the
     * run. */
    __atomic_store_n(&churn_read, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* 1 while the pool is cleared and initialised again: a block in use is
 * then free again at any moment, so the users must not write into it (the
 * contract of os_mempool_clear()). */
static int churn_reinit;

/* Gets and puts; a put may be refused when a clear or an init made the
 * block free again meanwhile. */
static void *
churn_user(void *arg)
{
    struct worker *w = arg;

    while (!__atomic_load_n(&churn_stop, __ATOMIC_ACQUIRE)) {
        void *b = os_memblock_get(&churn_pool.mpe_mp);

        if (b == NULL) {
            w->empty++;
            continue;
        }
        if (!churn_reinit) {
            memset(b, w->id, CHURN_SIZE);
        }
        (void)os_memblock_put(&churn_pool.mpe_mp, b);
        w->rounds++;
    }
    return NULL;
}

/* Clears and initialises the pool again, or swaps its callback with an
 * atomic store (the way the header says to change it while others put). */
static void *
churn_changer(void *arg)
{
    struct worker *w = arg;
    long i;

    while (!__atomic_load_n(&churn_read, __ATOMIC_ACQUIRE)) {
        sched_yield();
    }
    if (w->id != 1) {
        churn_cb_counter = &cb_calls[0];
    }
    for (i = 0; i < w->rounds; i++) {
        if (w->id == 1) {
            if (i % 2 == 0) {
                (void)os_mempool_clear(&churn_pool.mpe_mp);
            } else if (os_mempool_ext_init(&churn_pool, CHURN_NBLK,
                                           CHURN_SIZE, churn_buf,
                                           churn_name) != OS_OK) {
                record_failure(w, "init refused", &churn_pool);
                break;
            }
        } else {
            __atomic_store_n(&churn_pool.mpe_put_cb,
                             i % 3 == 2 ? NULL : churn_cb, __ATOMIC_RELEASE);
        }
    }
    /* The swaps may all come before the users run (a busy machine): the
     * callback then stays until a user's put has called it, or for a
     * while at most. */
    for (i = 0; w->id != 1 && i < 10000 &&
                __atomic_load_n(&cb_calls[0], __ATOMIC_RELAXED) == 0;
         i++) {
        __atomic_store_n(&churn_pool.mpe_put_cb, churn_cb, __ATOMIC_RELEASE);
        sched_yield();
    }
    __atomic_store_n(&churn_stop, 1, __ATOMIC_RELEASE);
    return NULL;
}

static void
run_churn(int changer)
{
    long changes = RUNNING_ON_VALGRIND ? 200 : 20000;
    int i;

    churn_stop = 0;
    churn_read = 0;
    for (i = 0; i < THREADS; i++) {
        memset(&workers[i], 0, sizeof(workers[i]));
        workers[i].id = i == 3 ? changer : i + 1;
        workers[i].rounds = i == 3 ? changes : 0;
        ck_assert_int_eq(
            pthread_create(&workers[i].thread, NULL,
                           i == 3 ? churn_changer
                                  : i == 0 ? churn_reader : churn_user,
                           &workers[i]),
            0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(workers[i].thread, NULL), 0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_msg(workers[i].error[0] == '\0', "%s", workers[i].error);
    }
    ck_assert_int_gt(workers[0].rounds, 0);
}

START_TEST(test_readers_during_reinit_and_callback_swaps)
{
    int i;

    ck_assert_int_eq(os_mempool_ext_init(&churn_pool, CHURN_NBLK, CHURN_SIZE,
                                         churn_buf, churn_name),
                     OS_OK);
    churn_pool.mpe_put_arg = &cb_calls[0];
    /* Re-initialisation and clearing under readers and users. */
    churn_reinit = 1;
    run_churn(1);
    ck_assert(os_mempool_is_sane(&churn_pool.mpe_mp));
    /* Callback swaps under readers and users, who write their blocks. */
    churn_reinit = 0;
    churn_pool.mpe_put_arg = &cb_calls[0];
    run_churn(2);
    ck_assert(os_mempool_is_sane(&churn_pool.mpe_mp));
    ck_assert_int_gt(__atomic_load_n(&cb_calls[0], __ATOMIC_RELAXED), 0);
    ck_assert_int_eq(__atomic_load_n(&cb_calls[1], __ATOMIC_RELAXED), 0);
    /* Whole: cleared, every block comes out once. */
    ck_assert_int_eq(os_mempool_clear(&churn_pool.mpe_mp), OS_OK);
    for (i = 0; i < CHURN_NBLK; i++) {
        ck_assert_int_eq(os_memblock_from(&churn_pool.mpe_mp,
                                          os_memblock_get(&churn_pool.mpe_mp)),
                         1);
    }
    ck_assert_ptr_null(os_memblock_get(&churn_pool.mpe_mp));
    ck_assert_int_eq(os_mempool_unregister(&churn_pool.mpe_mp), OS_OK);
}
END_TEST

Suite *
concurrency_suite(void)
{
    const TTest *tests[] = {test_threads_share_one_pool,
                            test_threads_share_the_registry,
                            test_module_init_while_threads_use_the_registry,
                            test_readers_during_reinit_and_callback_swaps,
                            NULL};

    return unit_suite("concurrency", tests, NULL, NULL, 120);
}
