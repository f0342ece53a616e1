/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Two threads truly in parallel on one pool. On a busy machine the threads
 * of an ordinary test take turns on the CPUs far more often than they run
 * side by side, so a lock that only excludes most of the time can pass.
 * Here each thread is pinned to a CPU of its own and runs under SCHED_FIFO,
 * which the rest of the machine's load cannot preempt: both run at once for
 * the whole test. Each takes blocks, writes its mark over every word, finds
 * the mark whole and puts the block back. No block may be handed to both at
 * once, every put must be taken, and the pool must end whole. The run is
 * short (a few tens of milliseconds: real-time threads keep both CPUs).
 *
 * Setting SCHED_FIFO priorities needs a privilege (CAP_SYS_NICE or an
 * RLIMIT_RTPRIO of at least 1), and the test needs two CPUs. Without them
 * it says so and counts as skipped, never as passed.
 *
 * Usage: lock_parallel [ROUNDS]. Prints "port: N passed, N failed, N
 * skipped" (make check adds them up).
 */
#define _GNU_SOURCE 1

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/os_mempool.h"

#if !OS_PORT_HOST
#error "this test is for the host port"
#endif

#define THREADS 2
#define BLOCKS 4
#define HOLD 2
#define WORDS 4
#define TIMEOUT 10

static os_membuf_t buf[OS_MEMPOOL_SIZE(BLOCKS, WORDS * sizeof(uintptr_t))];
static struct os_mempool pool;
static long rounds = 100000;
static pthread_barrier_t start;

struct worker {
    pthread_t thread;
    int cpu;
    uintptr_t mark;
    long got;
    long errors;
};

static void
on_alarm(int sig)
{
    static const char msg[] = "port: parallel threads did not finish (a "
                              "thread asleep for good?)\n"
                              "port: 0 passed, 1 failed, 0 skipped\n";

    (void)sig;
    if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0) {
        _exit(2);
    }
    _exit(1);
}

static void *
work(void *arg)
{
    struct worker *w = arg;
    uintptr_t *held[HOLD];
    cpu_set_t set;
    long i;
    int h;
    int k;

    CPU_ZERO(&set);
    CPU_SET(w->cpu, &set);
    if (pthread_setaffinity_np(pthread_self(), sizeof(set), &set) != 0) {
        w->errors++;
    }
    pthread_barrier_wait(&start);
    for (i = 0; i < rounds; i++) {
        for (h = 0; h < HOLD; h++) {
            held[h] = os_memblock_get(&pool);
            for (k = 0; held[h] != NULL && k < WORDS; k++) {
                held[h][k] = w->mark;
            }
            w->got += held[h] != NULL;
        }
        for (h = 0; h < HOLD; h++) {
            if (held[h] == NULL) {
                continue;
            }
            for (k = 0; k < WORDS; k++) {
                w->errors += held[h][k] != w->mark;
            }
            w->errors += os_memblock_put(&pool, held[h]) != OS_OK;
        }
    }
    return NULL;
}

/* Starts the worker under SCHED_FIFO; returns pthread_create's error. */
static int
start_fifo(struct worker *w)
{
    pthread_attr_t attr;
    struct sched_param param;
    int rc;

    memset(&param, 0, sizeof(param));
    param.sched_priority = sched_get_priority_min(SCHED_FIFO);
    pthread_attr_init(&attr);
    pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
    pthread_attr_setschedparam(&attr, &param);
    rc = pthread_create(&w->thread, &attr, work, w);
    pthread_attr_destroy(&attr);
    return rc;
}

int
main(int argc, char **argv)
{
    struct worker workers[THREADS];
    long got = 0;
    long errors = 0;
    cpu_set_t set;
    int cpu = 0;
    int started;
    int rc = 0;
    int i;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) {
        rounds = atol(argv[1]);
    }
    signal(SIGALRM, on_alarm);
    alarm(TIMEOUT);
    if (sched_getaffinity(0, sizeof(set), &set) != 0 ||
        CPU_COUNT(&set) < THREADS) {
        printf("port: parallel threads: SKIPPED, this process may run on "
               "fewer than %d CPUs\nport: 0 passed, 0 failed, 1 skipped\n",
               THREADS);
        return 0;
    }
    if (os_mempool_init(&pool, BLOCKS, WORDS * sizeof(uintptr_t), buf,
                        "parallel") != OS_OK ||
        pthread_barrier_init(&start, NULL, THREADS) != 0) {
        printf("port: setup failed\nport: 0 passed, 1 failed, 0 skipped\n");
        return 1;
    }
    for (started = 0; started < THREADS; started++) {
        struct worker *w = &workers[started];

        while (!CPU_ISSET(cpu, &set)) {
            cpu++;
        }
        w->cpu = cpu++;
        w->mark = (uintptr_t)(started + 1) * 0x01010101u;
        w->got = 0;
        w->errors = 0;
        rc = start_fifo(w);
        if (rc != 0) {
            break;
        }
    }
    if (rc == EPERM && started == 0) {
        printf("port: parallel threads: SKIPPED, this process may not set "
               "real-time priorities (needs CAP_SYS_NICE or RLIMIT_RTPRIO "
               ">= 1)\nport: 0 passed, 0 failed, 1 skipped\n");
        return 0;
    }
    if (rc != 0) {
        printf("port: pthread_create: %s\nport: 0 passed, 1 failed, 0 "
               "skipped\n",
               strerror(rc));
        return 1;
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(workers[i].thread, NULL);
        got += workers[i].got;
        errors += workers[i].errors;
    }
    printf("port: %d SCHED_FIFO threads on CPUs %d and %d, %ld rounds each "
           "on a pool of %d blocks: %ld blocks handed out, %ld errors\n",
           THREADS, workers[0].cpu, workers[1].cpu, rounds, BLOCKS, got,
           errors);
    if (errors == 0 && got > 0 && os_mempool_is_sane(&pool) &&
        pool.mp_num_free == BLOCKS) {
        printf("port: 1 passed, 0 failed, 0 skipped\n");
        return 0;
    }
    printf("port: 0 passed, 1 failed, 0 skipped\n");
    return 1;
}
