/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The host lock under real-time priorities. Two SCHED_FIFO threads pinned
 * to one CPU: a holder of low priority takes the pool's lock (as a pool
 * function does) and, holding it, wakes a waiter of higher priority, which
 * preempts it at once and calls os_memblock_get() on the pool. The waiter
 * can only get through if it stops using the CPU: a waiter that spins or
 * yields keeps it forever, since the scheduler always prefers it to the
 * holder. Each round must finish; an alarm fails the test instead of
 * letting it hang.
 *
 * Setting SCHED_FIFO priorities needs a privilege (CAP_SYS_NICE or an
 * RLIMIT_RTPRIO of at least 2). Without it the test says so and counts as
 * skipped, never as passed.
 *
 * Prints "port: N passed, N failed, N skipped" (make check adds them up).
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/os_mempool.h"
#include "os_port_crit.h"

#if !OS_PORT_HOST
#error "this test is for the host port"
#endif

#define ROUNDS 200
#define BLOCKS 4
/* Seconds the whole test may take before it counts as hung. */
#define TIMEOUT 20

static os_membuf_t buf[OS_MEMPOOL_SIZE(BLOCKS, 32)];
static struct os_mempool pool;
static sem_t waiter_go;
static sem_t waiter_done;
static int cpu;
/* Rounds in which the waiter found the lock taken, and its failures. */
static int contended;
static int failures;

static void
on_alarm(int sig)
{
    static const char msg[] = "port: the waiter never got the lock (hung for "
                              "the whole timeout)\n"
                              "port: 0 passed, 1 failed, 0 skipped\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
        _exit(2);
    }
    _exit(1);
}

static void
pin_to_cpu(void)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0) {
        __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
    }
}

static void *
holder(void *arg)
{
    int round;

    (void)arg;
    pin_to_cpu();
    for (round = 0; round < ROUNDS; round++) {
        os_sr_t sr = os_crit_enter(&pool.mp_lock);

        /* The waiter runs from here, on this CPU, until it blocks. */
        sem_post(&waiter_go);
        os_crit_exit(&pool.mp_lock, sr);
        while (sem_wait(&waiter_done) != 0) {
        }
    }
    return NULL;
}

static void *
waiter(void *arg)
{
    int round;

    (void)arg;
    pin_to_cpu();
    for (round = 0; round < ROUNDS; round++) {
        void *block;

        while (sem_wait(&waiter_go) != 0) {
        }
        if (__atomic_load_n(&pool.mp_lock, __ATOMIC_RELAXED) != 0) {
            contended++;
        }
        block = os_memblock_get(&pool);
        if (block == NULL || os_memblock_put(&pool, block) != OS_OK) {
            __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
        }
        sem_post(&waiter_done);
    }
    return NULL;
}

/* Starts fn under SCHED_FIFO at prio; returns pthread_create's error. */
static int
start_fifo(pthread_t *t, void *(*fn)(void *), int prio)
{
    pthread_attr_t attr;
    struct sched_param param;
    int rc;

    memset(&param, 0, sizeof(param));
    param.sched_priority = prio;
    pthread_attr_init(&attr);
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
    pthread_attr_setschedparam(&attr, &param);
    rc = pthread_create(t, &attr, fn, NULL);
    pthread_attr_destroy(&attr);
    return rc;
}

int
main(void)
{
    int low = sched_get_priority_min(SCHED_FIFO);
    cpu_set_t set;
    pthread_t h;
    pthread_t w;
    int rc;

    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGALRM, on_alarm);
    alarm(TIMEOUT);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        perror("sched_getaffinity");
        return 1;
    }
    while (!CPU_ISSET(cpu, &set)) {
        cpu++;
    }
    if (os_mempool_init(&pool, BLOCKS, 32, buf, "rt") != OS_OK ||
        sem_init(&waiter_go, 0, 0) != 0 || sem_init(&waiter_done, 0, 0) != 0) {
        printf("port: setup failed\nport: 0 passed, 1 failed, 0 skipped\n");
        return 1;
    }
    /* The waiter first: it must be blocked on waiter_go before the holder
     * starts, so that each post preempts the holder. */
    rc = start_fifo(&w, waiter, low + 1);
    if (rc == EPERM) {
        printf("port: SCHED_FIFO waiter and holder: SKIPPED, this process "
               "may not set real-time priorities (needs CAP_SYS_NICE or "
               "RLIMIT_RTPRIO >= %d)\n"
               "port: 0 passed, 0 failed, 1 skipped\n",
               low + 1);
        return 0;
    }
    if (rc != 0 || start_fifo(&h, holder, low) != 0) {
        printf("port: pthread_create: %s\nport: 0 passed, 1 failed, 0 "
               "skipped\n",
               strerror(rc));
        return 1;
    }
    pthread_join(h, NULL);
    pthread_join(w, NULL);
    printf("port: SCHED_FIFO waiter (priority %d) and holder (priority %d) "
           "on CPU %d: %d rounds, %d with the lock taken, %d failed calls\n",
           low + 1, low, cpu, ROUNDS, contended, failures);
    /* Most rounds must have had the waiter find the lock taken, or the
     * test did not test anything. */
    if (failures == 0 && contended >= ROUNDS / 2 &&
        os_mempool_is_sane(&pool) && pool.mp_num_free == BLOCKS) {
        printf("port: 1 passed, 0 failed, 0 skipped\n");
        return 0;
    }
    printf("port: 0 passed, 1 failed, 0 skipped\n");
    return 1;
}
