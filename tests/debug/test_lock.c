/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The host port's lock: a call on a pool that another thread is inside
 * waits until that thread leaves, however long it stays (past the spinning
 * and yielding, asleep in the kernel), and then completes normally; the
 * waiter neither burns the CPU meanwhile nor wakes up to try again until
 * the release wakes it; several waiters asleep on one pool all get through
 * when it is released. The test holds the pool's lock
 * the way a pool function does (os_port_crit.h), so that its release is
 * the one a real holder makes.
 */
/* RUSAGE_THREAD */
#define _GNU_SOURCE 1

#include <pthread.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>
#if defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "os/os_mempool.h"
#include "os_port_crit.h"
#include "suites.h"

#if OS_PORT_HOST

#define WAITERS 3

static os_membuf_t buf[OS_MEMPOOL_SIZE(WAITERS + 1, 16)];
static struct os_mempool mp;
static void *held;
static int done;
/* CPU time of the waiting thread when it made its call, in ns. */
static int64_t call_cpu_ns;
/* How many times the waiting thread went to sleep during its call. */
static long call_sleeps;
/* Whether it can sleep until woken (waiters_sleep_until_woken()). */
static int sleeper;

enum { OP_GET, OP_PUT, OP_PUT_FROM_CB, OP_CLEAR, OP_IS_SANE, OP_COUNT };

static int64_t
cpu_ns(clockid_t clock)
{
    struct timespec ts;

    ck_assert_int_eq(clock_gettime(clock, &ts), 0);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * Whether the lock's waiters can sleep until the release wakes them: on
 * Linux, with a futex and membarrier() (4.14 and later, where a sandbox
 * does not refuse it). Elsewhere, and in a -DOS_PORT_HOST_NO_FUTEX build,
 * they nap and try again.
 */
static int
waiters_sleep_until_woken(void)
{
#if defined(__linux__) && !defined(OS_PORT_HOST_NO_FUTEX)
    long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0);

    return cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0;
#else
    return 0;
#endif
}

/* Times the calling thread has gone to sleep so far (a sched_yield() that
 * gives the CPU away is not one). */
static long
sleeps(void)
{
    struct rusage ru;

    ck_assert_int_eq(getrusage(RUSAGE_THREAD, &ru), 0);
    return ru.ru_nvcsw;
}

/* The call under test, on a thread of its own; returns its result. */
static void *
caller(void *arg)
{
    long sleeps_before = sleeps();
    intptr_t rc;

    __atomic_store_n(&call_cpu_ns, cpu_ns(CLOCK_THREAD_CPUTIME_ID),
                     __ATOMIC_RELEASE);
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
    call_sleeps = sleeps() - sleeps_before;
    __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
    return (void *)rc;
}

START_TEST(test_calls_wait_for_a_locked_pool)
{
    struct timespec ms = {0, 1000000};
    pthread_t thread;
    clockid_t clock;
    os_sr_t sr;
    void *result;
    int64_t waited_cpu;
    int i;

    sleeper = waiters_sleep_until_woken();
    ck_assert_int_eq(os_mempool_init(&mp, 2, 16, buf, NULL), OS_OK);
    held = os_memblock_get(&mp);
    ck_assert_ptr_eq(held, buf);
    __atomic_store_n(&done, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&call_cpu_ns, -1, __ATOMIC_RELEASE);
    /* As if another thread were inside a call on this pool. */
    sr = os_crit_enter(&mp.mp_lock);
    ck_assert_int_eq(
        pthread_create(&thread, NULL, caller, (void *)(intptr_t)_i), 0);
    ck_assert_int_eq(pthread_getcpuclockid(thread, &clock), 0);
    for (i = 0; i < 30; i++) {
        nanosleep(&ms, NULL);
        ck_assert_int_eq(__atomic_load_n(&done, __ATOMIC_ACQUIRE), 0);
    }
    ck_assert_uint_eq(mp.mp_num_free, 1);
    /* 30 ms held: a waiter that spun or kept yielding would have used most
     * of a CPU; one asleep in the kernel uses almost none, one that naps
     * (from 1 us up to 128 us, a system call each) some 10 %. */
    ck_assert(__atomic_load_n(&call_cpu_ns, __ATOMIC_ACQUIRE) >= 0);
    waited_cpu =
        cpu_ns(clock) - __atomic_load_n(&call_cpu_ns, __ATOMIC_ACQUIRE);
    ck_assert_msg(waited_cpu < (sleeper ? 3000000 : 10000000),
                  "the waiter used %.1f ms of CPU during a 30 ms wait",
                  (double)waited_cpu / 1e6);
    os_crit_exit(&mp.mp_lock, sr);
    ck_assert_int_eq(pthread_join(thread, &result), 0);
    /* Asleep until the release woke it, where the host allows; otherwise
     * napping, once a nap, about a hundred times, and not spinning. */
    ck_assert_msg(sleeper ? call_sleeps <= 10 : call_sleeps > 10,
                  "the waiter went to sleep %ld times during a 30 ms wait "
                  "(it %s sleep until woken)",
                  call_sleeps, sleeper ? "can" : "cannot");
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

static void *
getter(void *arg)
{
    (void)arg;
    return os_memblock_get(&mp);
}

/* Each release wakes one sleeper, which wakes the next when it leaves:
 * none of the waiters stays asleep on a free pool. */
START_TEST(test_every_sleeping_waiter_gets_through)
{
    struct timespec wait = {0, 30000000};
    pthread_t threads[WAITERS];
    void *got[WAITERS];
    os_sr_t sr;
    int i;
    int j;

    ck_assert_int_eq(os_mempool_init(&mp, WAITERS + 1, 16, buf, NULL), OS_OK);
    sr = os_crit_enter(&mp.mp_lock);
    for (i = 0; i < WAITERS; i++) {
        ck_assert_int_eq(pthread_create(&threads[i], NULL, getter, NULL), 0);
    }
    nanosleep(&wait, NULL);
    ck_assert_uint_eq(mp.mp_num_free, WAITERS + 1);
    os_crit_exit(&mp.mp_lock, sr);
    for (i = 0; i < WAITERS; i++) {
        ck_assert_int_eq(pthread_join(threads[i], &got[i]), 0);
        ck_assert_int_eq(os_memblock_from(&mp, got[i]), 1);
        for (j = 0; j < i; j++) {
            ck_assert_ptr_ne(got[i], got[j]);
        }
    }
    ck_assert_uint_eq(mp.mp_num_free, 1);
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
    tcase_add_test(tc, test_every_sleeping_waiter_gets_through);
#endif
    suite_add_tcase(s, tc);
    return s;
}
