/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The host port's lock: a call on a pool that another thread is inside
 * waits until that thread leaves, however long it stays (past the spinning
 * phase, into yielding), and then completes normally. One loop test per
 * function that locks the pool.
 */
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "os/os_mempool.h"
#include "suites.h"

#if OS_PORT_HOST

static os_membuf_t buf[OS_MEMPOOL_SIZE(2, 16)];
static struct os_mempool mp;
static void *held;
static int done;

enum { OP_GET, OP_PUT, OP_PUT_FROM_CB, OP_CLEAR, OP_IS_SANE, OP_COUNT };

/* The call under test, on a thread of its own; returns its result. */
static void *
caller(void *arg)
{
    intptr_t rc;

    switch ((intptr_t)arg) {
    case OP_GET:
        rc = (intptr_t)os_memblock_get(&mp);
        break;
    case OP_PUT:
        rc = os_memblock_put(&mp, held);
        break;
    case OP_PUT_FROM_CB:
        rc = os_memblock_put_from_cb(&mp, held);
        break;
    case OP_CLEAR:
        rc = os_mempool_clear(&mp);
        break;
    default:
        rc = os_mempool_is_sane(&mp);
        break;
    }
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    return (void *)rc;
}

START_TEST(test_calls_wait_for_a_locked_pool)
{
    struct timespec ms = {0, 1000000};
    pthread_t thread;
    void *result;
    int i;

    ck_assert_int_eq(os_mempool_init(&mp, 2, 16, buf, NULL), OS_OK);
    held = os_memblock_get(&mp);
    ck_assert_ptr_eq(held, buf);
    /* As if another thread were inside a call on this pool. */
    __atomic_store_n(&mp.mp_lock, 1, __ATOMIC_RELEASE);
    ck_assert_int_eq(
        pthread_create(&thread, NULL, caller, (void *)(intptr_t)_i), 0);
    for (i = 0; i < 30; i++) {
        nanosleep(&ms, NULL);
        ck_assert_int_eq(__atomic_load_n(&done, __ATOMIC_ACQUIRE), 0);
    }
    ck_assert_uint_eq(mp.mp_num_free, 1);
    __atomic_store_n(&mp.mp_lock, 0, __ATOMIC_RELEASE);
    ck_assert_int_eq(pthread_join(thread, &result), 0);
    switch (_i) {
    case OP_GET:
        /* The other block: the held one is not handed out again. */
        ck_assert_int_eq(os_memblock_from(&mp, result), 1);
        ck_assert_ptr_ne(result, held);
        ck_assert_uint_eq(mp.mp_num_free, 0);
        break;
    case OP_PUT:
    case OP_PUT_FROM_CB:
    case OP_CLEAR:
        ck_assert_int_eq((intptr_t)result, OS_OK);
        ck_assert_uint_eq(mp.mp_num_free, 2);
        break;
    default:
        ck_assert_int_eq((intptr_t)result, 1);
        break;
    }
    ck_assert_uint_eq(__atomic_load_n(&mp.mp_lock, __ATOMIC_ACQUIRE), 0);
    ck_assert(os_mempool_is_sane(&mp));
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
    tcase_add_loop_test(tc, test_calls_wait_for_a_locked_pool, OP_GET,
                        OP_COUNT);
#endif
    suite_add_tcase(s, tc);
    return s;
}
