/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * What the benchmark programs share: a clock, an optimisation barrier, a
 * calibrated repeat loop that keeps the median of several runs, and the
 * markers that cut a callgrind profile into one part per variant.
 *
 * A benchmark, not a test: nothing here fails on a slow machine.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_DUMP_STATS_AT
/* Without valgrind's header the markers do nothing; the timings still run. */
#define CALLGRIND_ZERO_STATS ((void)0)
#define CALLGRIND_DUMP_STATS_AT(name) ((void)(name))
#endif

/*
 * The compiler must believe that p is used and that any memory may have
 * been read or written: no get/put pair, malloc/free pair or list operation
 * can be folded away or hoisted out of its loop. It costs no instruction.
 */
#define BENCH_ESCAPE(p) __asm__ volatile("" : : "g"(p) : "memory")

/* Pairs per callgrind part: enough that the markers' own cost vanishes. */
#define BENCH_CG_PAIRS 10000L

/* Timed runs per figure; the median is kept. Odd, so it is one run. */
#define BENCH_RUNS 11

/* Aim of one timed run, in nanoseconds of CPU time: long against the
 * clock's cost, short enough for `make bench` to stay quick. */
#define BENCH_RUN_NS 10000000.0

typedef void bench_loop_fn(void *arg, long n);

/*
 * The CPU time of the calling thread, in nanoseconds: what single-thread
 * figures are timed with, so that time the scheduler gives to other
 * programs on a busy machine is not counted as ours.
 */
static inline double
bench_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Wall-clock time, for throughput of several threads. */
static inline double
bench_wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;

    return (x > y) - (x < y);
}

static inline double
bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Nanoseconds per iteration of one run of fn(arg, n). */
static inline double
bench_time_once(bench_loop_fn *fn, void *arg, long n)
{
    double t0 = bench_now();

    fn(arg, n);
    return (bench_now() - t0) / (double)n;
}

/* An iteration count that makes one run last about BENCH_RUN_NS. */
static inline long
bench_calibrate(bench_loop_fn *fn, void *arg)
{
    long n = 1;
    double t;

    for (;;) {
        double t0 = bench_now();

        fn(arg, n);
        t = bench_now() - t0;
        if (t > BENCH_RUN_NS / 10 || n > (1L << 40)) {
            break;
        }
        n *= 2;
    }
    n = (long)((double)n * BENCH_RUN_NS / (t > 1 ? t : 1));
    return n > 0 ? n : 1;
}

/* Median nanoseconds per iteration of fn over BENCH_RUNS runs. */
static inline double
bench_time(bench_loop_fn *fn, void *arg)
{
    double v[BENCH_RUNS];
    long n = bench_calibrate(fn, arg);
    int i;

    for (i = 0; i < BENCH_RUNS; i++) {
        v[i] = bench_time_once(fn, arg, n);
    }
    return bench_median(v, BENCH_RUNS);
}

/* The loop with nothing in it: callgrind's figures are net of it. */
static __attribute__((noinline)) void
bench_empty_loop(void *arg, long n)
{
    long i;

    for (i = 0; i < n; i++) {
        BENCH_ESCAPE(arg);
    }
}

/*
 * Counts fn's instructions under callgrind: the part dumped under NAME
 * holds BENCH_CG_PAIRS iterations, after warm untimed ones; bench_cg_empty()
 * dumps the loop alone under "empty", which tests/bench/callgrind.awk
 * subtracts.
 */
static inline void
bench_cg_part(const char *name, bench_loop_fn *fn, void *arg, long warm)
{
    char label[64];

    if (warm > 0) {
        fn(arg, warm); /* lazy binding, first-use set-up */
    }
    snprintf(label, sizeof(label), "%s n=%ld", name, BENCH_CG_PAIRS);
    CALLGRIND_ZERO_STATS;
    fn(arg, BENCH_CG_PAIRS);
    CALLGRIND_DUMP_STATS_AT(label);
}

static inline void
bench_cg_empty(void)
{
    bench_cg_part("empty", bench_empty_loop, NULL, 1000);
}

#endif /* BENCH_H */
