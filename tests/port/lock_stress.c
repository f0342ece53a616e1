/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Threads hammering shared pools through the public API only: each takes
 * blocks from two pools, marks them as its own, checks the marks after a
 * moment, and puts them back. Meanwhile one more thread checks the first
 * pool with os_mempool_is_sane() over and over: the pool is large, so each
 * check holds its lock for tens of microseconds, long enough for the
 * others to give up spinning and sleep in the kernel, and be woken. No
 * block may be handed to two threads at once, every put must be accepted
 * and the pools must end whole. The test must also end: a lost wake-up
 * leaves a thread asleep for good, and an alarm then fails the test rather
 * than letting it hang.
 *
 * tests/port.mk runs it natively, also against a library whose waiters
 * sleep at their first failed try (-DOS_PORT_HOST_YIELDS=0) and against
 * the fallback that naps instead (-DOS_PORT_HOST_NO_FUTEX), and
 * cross-built for riscv64 Linux under qemu-user, linked with what
 * mempool.pc lists.
 *
 * Usage: lock_stress [ROUNDS]. Prints "port: N passed, N failed".
 */
#define _GNU_SOURCE 1

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "os/os_mempool.h"

#define THREADS 4
/* The first pool's blocks: what a check walks, holding the lock. */
#define BIG_BLOCKS 20000
#define BLOCKS 16
#define BLOCK_SIZE 32
#define TIMEOUT 30

static os_membuf_t buf_a[OS_MEMPOOL_SIZE(BIG_BLOCKS, BLOCK_SIZE)];
static os_membuf_t buf_b[OS_MEMPOOL_SIZE(BLOCKS, BLOCK_SIZE)];
static struct os_mempool pool_a;
static struct os_mempool pool_b;
static long rounds = 100000;
static pthread_barrier_t start;
static int workers_done;
static long checks;
static long bad_checks;

struct worker {
    pthread_t thread;
    uintptr_t id;
    long got;
    long errors;
    long sleeps; /* voluntary context switches: waits in the kernel */
};

static void
on_alarm(int sig)
{
    static const char msg[] = "port: lock stress did not finish (a thread "
                              "asleep for good?)\nport: 0 passed, 1 failed\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
        _exit(2);
    }
    _exit(1);
}

/* Marks a block as the worker's: its first and last words. */
static void
mark(uintptr_t *block, uintptr_t id)
{
    block[0] = id;
    block[BLOCK_SIZE / sizeof(uintptr_t) - 1] = id;
}

static int
marked(const uintptr_t *block, uintptr_t id)
{
    return block[0] == id && block[BLOCK_SIZE / sizeof(uintptr_t) - 1] == id;
}

/* Checks the big pool until the workers are done, yielding between
 * checks: the test is about waking waiters, not about a thread that would
 * hold a lock all the time. */
static void *
check(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&start);
    while (!__atomic_load_n(&workers_done, __ATOMIC_ACQUIRE)) {
        if (!os_mempool_is_sane(&pool_a)) {
            bad_checks++;
        }
        checks++;
        sched_yield();
    }
    return NULL;
}

static void *
work(void *arg)
{
    struct worker *w = arg;
    struct rusage usage;
    long i;

    pthread_barrier_wait(&start);
    for (i = 0; i < rounds; i++) {
        uintptr_t *a = os_memblock_get(&pool_a);
        uintptr_t *b;

        if (a != NULL) {
            mark(a, w->id);
            w->got++;
        }
        b = os_memblock_get(&pool_b);
        if (b != NULL) {
            mark(b, w->id);
            w->got++;
        }
        if (a != NULL && (!marked(a, w->id) ||
                          os_memblock_put(&pool_a, a) != OS_OK)) {
            w->errors++;
        }
        if (b != NULL && (!marked(b, w->id) ||
                          os_memblock_put(&pool_b, b) != OS_OK)) {
            w->errors++;
        }
    }
    if (getrusage(RUSAGE_THREAD, &usage) == 0) {
        w->sleeps = usage.ru_nvcsw;
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    struct worker workers[THREADS];
    pthread_t checker;
    long got = 0;
    long errors = 0;
    long sleeps = 0;
    int i;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) {
        rounds = atol(argv[1]);
    }
    signal(SIGALRM, on_alarm);
    alarm(TIMEOUT);
    if (os_mempool_init(&pool_a, BIG_BLOCKS, BLOCK_SIZE, buf_a, "a") !=
            OS_OK ||
        os_mempool_init(&pool_b, BLOCKS, BLOCK_SIZE, buf_b, "b") != OS_OK ||
        pthread_barrier_init(&start, NULL, THREADS + 1) != 0 ||
        pthread_create(&checker, NULL, check, NULL) != 0) {
        printf("port: init failed\nport: 0 passed, 1 failed\n");
        return 1;
    }
    for (i = 0; i < THREADS; i++) {
        workers[i].id = (uintptr_t)(i + 1) * 0x01010101u;
        workers[i].got = 0;
        workers[i].errors = 0;
        workers[i].sleeps = 0;
        if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) != 0) {
            printf("port: pthread_create failed\nport: 0 passed, 1 failed\n");
            return 1;
        }
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(workers[i].thread, NULL);
        got += workers[i].got;
        errors += workers[i].errors;
        sleeps += workers[i].sleeps;
    }
    __atomic_store_n(&workers_done, 1, __ATOMIC_RELEASE);
    pthread_join(checker, NULL);
    printf("port: %d threads, %ld rounds each on pools of %d and %d blocks "
           "while a thread checks the first (%ld checks): %ld blocks handed "
           "out, %ld waits in the kernel, %ld errors\n",
           THREADS, rounds, BIG_BLOCKS, BLOCKS, checks, got, sleeps,
           errors + bad_checks);
    if (errors == 0 && bad_checks == 0 && got > 0 &&
        os_mempool_is_sane(&pool_a) && os_mempool_is_sane(&pool_b) &&
        pool_a.mp_num_free == BIG_BLOCKS &&
        pool_b.mp_num_free == BLOCKS) {
        printf("port: 1 passed, 0 failed\n");
        return 0;
    }
    printf("port: 0 passed, 1 failed\n");
    return 1;
}
