/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Two threads on one pool, each pinned to a CPU of its own, doing get+put
 * pairs for 60 ms at a time: the pairs per second of both together, the
 * median of the runs in which both threads were on their CPU for at least
 * 90 % of the run (their CPU time against the wall clock), and how often
 * they slept in the kernel (voluntary context switches). On a busy machine
 * few runs qualify; where the process may, the threads run under
 * SCHED_FIFO so that they keep their CPUs whatever else runs (60 ms at a
 * time, a few seconds in all).
 *
 * `make port-lock-cost` links it with the library as shipped and with
 * builds whose waiters sleep sooner or never, or that take the lock by
 * exchange, which is how those were chosen (src/os_port.c). With "pairs
 * N" it only makes N get+put pairs in one thread, for callgrind to count
 * their instructions. A benchmark, not a test: it fails on nothing.
 *
 * Usage: lock_threads NAME [RUNS]
 *        lock_threads NAME pairs N
 */
#define _GNU_SOURCE 1

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "os/os_mempool.h"

#define RUN_NS 60e6
#define RUNS_MAX 99

static os_membuf_t buf[OS_MEMPOOL_SIZE(64, 64)];
static struct os_mempool pool;
static int go;
static int stop;
static int fifo;

struct worker {
    pthread_t thread;
    int cpu;
    long pairs;
    double cpu_ns;
    long sleeps;
};

static double
clock_ns(clockid_t clock)
{
    struct timespec ts;

    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void *
work(void *arg)
{
    struct worker *w = arg;
    struct rusage before;
    struct rusage after;
    cpu_set_t set;
    double start;
    long pairs = 0;

    CPU_ZERO(&set);
    CPU_SET(w->cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
    while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE)) {
        sched_yield();
    }
    getrusage(RUSAGE_THREAD, &before);
    start = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
        int i;

        for (i = 0; i < 256; i++) {
            void *block = os_memblock_get(&pool);

            __asm__ volatile("" : : "g"(block) : "memory");
            os_memblock_put(&pool, block);
        }
        pairs += 256;
    }
    w->cpu_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID) - start;
    getrusage(RUSAGE_THREAD, &after);
    w->sleeps = after.ru_nvcsw - before.ru_nvcsw;
    w->pairs = pairs;
    return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    struct timespec ms = {0, 1000000};
    struct sched_param param;
    double rates[RUNS_MAX];
    int cpus[2] = {0, 0};
    long sleeps = 0;
    int runs = argc > 2 ? atoi(argv[2]) : 9;
    int valid = 0;
    int ncpu = 0;
    cpu_set_t set;
    int c;
    int r;

    if (argc == 4 && strcmp(argv[2], "pairs") == 0) {
        long n = atol(argv[3]);
        long i;

        if (os_mempool_init(&pool, 64, 64, buf, "t") != OS_OK) {
            return 2;
        }
        for (i = 0; i < n; i++) {
            void *block = os_memblock_get(&pool);

            __asm__ volatile("" : : "g"(block) : "memory");
            os_memblock_put(&pool, block);
        }
        return 0;
    }
    if (argc < 2 || runs < 1 || runs > RUNS_MAX) {
        fprintf(stderr, "usage: lock_threads NAME [RUNS]\n"
                        "       lock_threads NAME pairs N\n");
        return 2;
    }
    sched_getaffinity(0, sizeof(set), &set);
    for (c = 0; c < CPU_SETSIZE && ncpu < 2; c++) {
        if (CPU_ISSET(c, &set)) {
            cpus[ncpu++] = c;
        }
    }
    if (ncpu < 2 || os_mempool_init(&pool, 64, 64, buf, "t") != OS_OK) {
        printf("%-36s needs 2 CPUs\n", argv[1]);
        return 0;
    }
    /* The clock thread above the workers, the workers above the rest. */
    memset(&param, 0, sizeof(param));
    param.sched_priority = 2;
    fifo = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    for (r = 0; r < runs; r++) {
        struct worker w[2];
        double t0;
        double t1;
        int i;
        int ok = 1;

        __atomic_store_n(&go, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
        for (i = 0; i < 2; i++) {
            pthread_attr_t attr;

            memset(&w[i], 0, sizeof(w[i]));
            w[i].cpu = cpus[i];
            pthread_attr_init(&attr);
            if (fifo) {
                param.sched_priority = 1;
                pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
                pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
                pthread_attr_setschedparam(&attr, &param);
            }
            if (pthread_create(&w[i].thread, &attr, work, &w[i]) != 0) {
                perror("pthread_create");
                return 2;
            }
            pthread_attr_destroy(&attr);
        }
        nanosleep(&ms, NULL);
        t0 = clock_ns(CLOCK_MONOTONIC);
        __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
        while (clock_ns(CLOCK_MONOTONIC) - t0 < RUN_NS) {
            nanosleep(&ms, NULL);
        }
        __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
        t1 = clock_ns(CLOCK_MONOTONIC);
        for (i = 0; i < 2; i++) {
            pthread_join(w[i].thread, NULL);
            ok = ok && w[i].cpu_ns >= 0.9 * (t1 - t0);
        }
        if (ok) {
            rates[valid++] =
                (double)(w[0].pairs + w[1].pairs) / ((t1 - t0) * 1e-9);
            sleeps += w[0].sleeps + w[1].sleeps;
        }
    }
    qsort(rates, (size_t)valid, sizeof(rates[0]), cmp_double);
    if (valid == 0) {
        printf("%-36s no run had both threads on a CPU (%d runs%s)\n",
               argv[1], runs, fifo ? ", SCHED_FIFO" : "");
    } else {
        printf("%-36s %6.1f M pairs/s  %4ld sleeps  (%d of %d runs%s)\n",
               argv[1], rates[valid / 2] / 1e6, sleeps, valid, runs,
               fifo ? ", SCHED_FIFO" : "");
    }
    return os_mempool_is_sane(&pool) && pool.mp_num_free == 64 ? 0 : 1;
}
