/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The host port's lock: a call on a pool that another thread is inside
 * waits until that thread leaves, however long it stays (past the spinning
 * phase, into yielding), and then completes normally.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "os/os_mempool.h"
#include "suites.h"

#if OS_PORT_HOST

static os_membuf_t buf[OS_MEMPOOL_SIZE(2, 16)];
static struct os_mempool mp;
static int done;

static void *
getter(void *arg)
{
    void *block = os_memblock_get(arg);

    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    return block;
}

START_TEST(test_get_waits_for_a_locked_pool)
{
    struct timespec ms = {0, 1000000};
    pthread_t thread;
    void *block;
    int i;

    ck_assert_int_eq(os_mempool_init(&mp, 2, 16, buf, NULL), OS_OK);
    /* As if another thread were inside a call on this pool. */
    __atomic_store_n(&mp.mp_lock, 1, __ATOMIC_RELEASE);
    ck_assert_int_eq(pthread_create(&thread, NULL, getter, &mp), 0);
    for (i = 0; i < 30; i++) {
        nanosleep(&ms, NULL);
        ck_assert_int_eq(__atomic_load_n(&done, __ATOMIC_ACQUIRE), 0);
    }
    ck_assert_uint_eq(mp.mp_num_free, 2);
    __atomic_store_n(&mp.mp_lock, 0, __ATOMIC_RELEASE);
    ck_assert_int_eq(pthread_join(thread, &block), 0);
    ck_assert_ptr_eq(block, buf);
    ck_assert_uint_eq(mp.mp_num_free, 1);
    ck_assert_uint_eq(__atomic_load_n(&mp.mp_lock, __ATOMIC_ACQUIRE), 0);
    ck_assert_int_eq(os_mempool_unregister(&mp), OS_OK);
}
END_TEST

#endif

Suite *
lock_suite(void)
{
    Suite *s = suite_create("lock");
    TCase *tc = tcase_create("lock");

#if OS_PORT_HOST
    tcase_add_test(tc, test_get_waits_for_a_locked_pool);
#endif
    suite_add_tcase(s, tc);
    return s;
}
