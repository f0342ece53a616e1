/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * Threads sharing one pool, counted only while every thread was on a CPU.
 *
 * A figure of two threads means something only while both run at the same
 * time: when other work takes one thread's CPU, the other runs alone with
 * the lock and its cache line to itself, fast, and measures no contention.
 * So each thread samples itself about every millisecond (wall time, its
 * own CPU time and the pairs it has done), and the run is cut into
 * milliseconds: one counts when every thread's CPU time covers nine tenths
 * of it. The figure is the pairs of the counted milliseconds over their
 * time, and the table says how many milliseconds counted. A thread asleep
 * (in a lock that sleeps, say) is off its CPU like one that other work
 * pushed off, and its milliseconds do not count either: a low count on an
 * idle machine says that the lock sleeps. With more threads than CPUs the
 * threads take turns, so a millisecond counts when their CPU time covers
 * nine tenths of all the CPUs.
 */

#include "threads.h"

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "os/os_mempool.h"
#include "report.h"

/* Length of one run (wall time), the sampling period, the time counted
 * wanted per thread count, and the rounds (1, 2 and 4 threads in turn)
 * tried at most to get it. */
#define RUN_NS 50000000.0
#define SAMPLE_NS 1000000.0
#define WANT_NS 150000000.0
#define ROUNDS 24
/* Share of a millisecond each thread must have been on its CPU. */
#define ON_CPU 0.9
#define MAX_THREADS 4
#define MAX_SAMPLES 512
#define MAX_BINS 128

struct sample {
    double wall;
    double pairs;
    double cpu;
};

struct worker {
    struct os_mempool *mp;
    int cpu;
    volatile int *go;
    volatile int *stop;
    bool pinned;
    int nsamples;
    struct sample s[MAX_SAMPLES];
};

static void
take_sample(struct worker *w, double wall, long pairs)
{
    struct sample *x = &w->s[w->nsamples++];

    x->wall = wall;
    x->pairs = (double)pairs;
    x->cpu = bench_now();
}

static void *
worker_main(void *p)
{
    struct worker *w = p;
    cpu_set_t set;
    long pairs = 0;
    double last;

    CPU_ZERO(&set);
    CPU_SET(w->cpu, &set);
    /* Pinned where the system allows, so that two threads share the pool
     * from two cores instead of taking turns on one. */
    w->pinned = pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
    while (!__atomic_load_n(w->go, __ATOMIC_ACQUIRE)) {
        sched_yield();
    }
    last = bench_wall();
    take_sample(w, last, 0);
    while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
        double now;
        int i;

        for (i = 0; i < 64; i++) {
            void *b = os_memblock_get(w->mp);

            BENCH_ESCAPE(b);
            os_memblock_put(w->mp, b);
        }
        pairs += 64;
        now = bench_wall();
        if (now - last >= SAMPLE_NS && w->nsamples < MAX_SAMPLES - 1) {
            take_sample(w, now, pairs);
            last = now;
        }
    }
    take_sample(w, bench_wall(), pairs);
    return NULL;
}

/* What the runs add to a row: time cut into milliseconds, time counted
 * and the pairs done in the counted time. */
struct tally {
    double sampled_ns;
    double counted_ns;
    double counted_pairs;
    bool pinned;
};

/* Per millisecond of a run: each thread's CPU time there, and the pairs
 * of all threads (each sample interval spread evenly over the
 * milliseconds it spans). */
struct bins {
    double cpu[MAX_THREADS][MAX_BINS];
    double pairs[MAX_BINS];
};

static void
spread(struct bins *b, int thread, double t0, const struct sample *a,
       const struct sample *z)
{
    double dt = z->wall - a->wall;
    int k;

    if (dt <= 0) {
        return;
    }
    for (k = (int)((a->wall - t0) / SAMPLE_NS); k < MAX_BINS; k++) {
        double lo = t0 + k * SAMPLE_NS;
        double hi = lo + SAMPLE_NS;
        double o;

        if (lo >= z->wall) {
            break;
        }
        o = (z->wall < hi ? z->wall : hi) - (a->wall > lo ? a->wall : lo);
        if (o <= 0) {
            continue;
        }
        b->cpu[thread][k] += (z->cpu - a->cpu) * o / dt;
        b->pairs[k] += (z->pairs - a->pairs) * o / dt;
    }
}

static void
run_once(struct os_mempool *mp, int nthreads, const int *cpus, int ncpu,
         struct tally *t)
{
    static struct worker w[MAX_THREADS];
    static struct bins b;
    pthread_t th[MAX_THREADS];
    volatile int go = 0;
    volatile int stop = 0;
    struct timespec run = {0, (long)RUN_NS};
    double t0;
    int nbins;
    int i;
    int j;
    int k;

    for (i = 0; i < nthreads; i++) {
        w[i].mp = mp;
        w[i].cpu = cpus[i];
        w[i].go = &go;
        w[i].stop = &stop;
        w[i].pinned = false;
        w[i].nsamples = 0;
        if (pthread_create(&th[i], NULL, worker_main, &w[i]) != 0) {
            fprintf(stderr, "bench: cannot start a thread\n");
            exit(2);
        }
    }
    usleep(1000);
    t0 = bench_wall();
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    /* One sleep: a wake-up would take a CPU from one of the threads. */
    while (nanosleep(&run, &run) != 0) {
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
    nbins = (int)((bench_wall() - t0) / SAMPLE_NS);
    nbins = nbins < MAX_BINS ? nbins : MAX_BINS;
    memset(&b, 0, sizeof(b));
    for (i = 0; i < nthreads; i++) {
        pthread_join(th[i], NULL);
        t->pinned = t->pinned && w[i].pinned;
        for (j = 1; j < w[i].nsamples; j++) {
            spread(&b, i, t0, &w[i].s[j - 1], &w[i].s[j]);
        }
    }
    for (k = 0; k < nbins; k++) {
        bool counts = true;
        double cpu = 0;

        for (i = 0; i < nthreads; i++) {
            cpu += b.cpu[i][k];
            if (nthreads <= ncpu && b.cpu[i][k] < ON_CPU * SAMPLE_NS) {
                counts = false;
            }
        }
        if (nthreads > ncpu && cpu < ON_CPU * ncpu * SAMPLE_NS) {
            counts = false;
        }
        t->sampled_ns += SAMPLE_NS;
        if (counts) {
            t->counted_ns += SAMPLE_NS;
            t->counted_pairs += b.pairs[k];
        }
    }
}

void
bench_threads(struct os_mempool *mp, unsigned blocks)
{
    static const int counts[] = {1, 2, 4};
    enum { NCOUNTS = sizeof(counts) / sizeof(counts[0]) };
    struct tally t[NCOUNTS];
    int cpus[MAX_THREADS];
    int ncpu = 0;
    cpu_set_t set;
    int r;
    int k;
    int c;

    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        for (c = 0; c < CPU_SETSIZE && ncpu < MAX_THREADS; c++) {
            if (CPU_ISSET(c, &set)) {
                cpus[ncpu++] = c;
            }
        }
    }
    if (ncpu == 0) {
        /* CPUs unknown: one is assumed, and pinning says whether it held. */
        cpus[ncpu++] = 0;
    }
    for (c = ncpu; c < MAX_THREADS; c++) {
        cpus[c] = cpus[c % ncpu];
    }
    for (k = 0; k < NCOUNTS; k++) {
        t[k] = (struct tally){0, 0, 0, true};
    }
    /* Rounds of 1, 2 and 4 threads in turn, so that load from the rest of
     * the machine falls on all of them alike, until each has the time it
     * wants counted or the rounds run out. */
    for (r = 0; r < ROUNDS; r++) {
        bool done = true;

        for (k = 0; k < NCOUNTS; k++) {
            if (t[k].counted_ns < WANT_NS) {
                done = false;
                run_once(mp, counts[k], cpus, ncpu, &t[k]);
            }
        }
        if (done) {
            break;
        }
    }
    for (k = 0; k < NCOUNTS; k++) {
        char id[32];
        double rate =
            t[k].counted_ns > 0 ? t[k].counted_pairs / t[k].counted_ns : -1;
        struct bench_row *row;

        snprintf(id, sizeof(id), "threads.%d", counts[k]);
        row = report_add(id, TABLE_THREADS, rate > 0 ? 1 / rate : -1,
                         "%d thread%s on one pool%s", counts[k],
                         counts[k] > 1 ? "s" : "",
                         t[k].pinned ? "" : " (not pinned)");
        row->count = counts[k];
        row->counted_ms = t[k].counted_ns / 1e6;
        row->sampled_ms = t[k].sampled_ns / 1e6;
    }
    if (!os_mempool_is_sane(mp) || mp->mp_num_free != blocks) {
        fprintf(stderr, "bench: the threaded pool is damaged\n");
        exit(2);
    }
}

void
bench_threads_params(struct report_params *p)
{
    p->thread_run_ms = RUN_NS / 1e6;
    p->thread_sample_ms = SAMPLE_NS / 1e6;
    p->thread_want_ms = WANT_NS / 1e6;
    p->on_cpu_share = ON_CPU;
}
