/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The debug checks under concurrent use: threads that get, fill and put
 * blocks of one pool, as correct programs do, never trip the poison, guard
 * or full check (each runs under the pool's lock, so no thread sees
 * another's half-done block). Only with a debug option: that threads
 * sharing a pool never get a block another thread holds is
 * tests/unit/test_concurrency.c's, run in more builds. Also run under
 * ThreadSanitizer by make check.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "os/os_mempool.h"
#include "suites.h"

#if OS_PORT_HOST && OS_MEMPOOL_DEBUG

#define THREADS 4
#define ROUNDS 20000
#define NBLOCKS 8
#define BSIZE 24
#define HOLD 2

static os_membuf_t buf[OS_MEMPOOL_SIZE(NBLOCKS, BSIZE)];
static struct os_mempool mp;

static int reports;

static void
count_report(struct os_mempool *pool, void *block, const char *what)
{
    (void)pool;
    (void)block;
    (void)what;
    __atomic_add_fetch(&reports, 1, __ATOMIC_RELAXED);
}

/* Returns the number of puts refused. */
static void *
worker(void *arg)
{
    unsigned char mark = (unsigned char)(uintptr_t)arg;
    unsigned char *held[HOLD];
    uintptr_t errors = 0;
    int round;
    int h;

    for (round = 0; round < ROUNDS; round++) {
        for (h = 0; h < HOLD; h++) {
            held[h] = os_memblock_get(&mp);
            if (held[h] != NULL) {
                /* Every byte the block has, the rounding included. */
                memset(held[h], mark, OS_ALIGN(BSIZE, OS_ALIGNMENT));
            }
        }
        for (h = 0; h < HOLD; h++) {
            if (held[h] != NULL) {
                errors += os_memblock_put(&mp, held[h]) != OS_OK;
            }
        }
    }
    return (void *)errors;
}

START_TEST(test_threads_never_trip_the_checks)
{
    pthread_t threads[THREADS];
    void *errors;
    int i;

    os_mempool_set_corrupt_hook(count_report);
    ck_assert_int_eq(os_mempool_init(&mp, NBLOCKS, BSIZE, buf, "threads"),
                     OS_OK);
    for (i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_create(&threads[i], NULL, worker,
                                        (void *)(uintptr_t)(0x10 + i)),
                         0);
    }
    for (i = 0; i < THREADS; i++) {
        ck_assert_int_eq(pthread_join(threads[i], &errors), 0);
        ck_assert_ptr_null(errors);
    }
    ck_assert_int_eq(__atomic_load_n(&reports, __ATOMIC_RELAXED), 0);
    os_mempool_set_corrupt_hook(NULL);
    ck_assert_uint_eq(mp.mp_num_free, NBLOCKS);
    ck_assert(os_mempool_is_sane(&mp));
    ck_assert_int_eq(os_mempool_unregister(&mp), OS_OK);
}
END_TEST

#endif

Suite *
threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");

#if OS_PORT_HOST && OS_MEMPOOL_DEBUG
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_threads_never_trip_the_checks);
#endif
    suite_add_tcase(s, tc);
    return s;
}
