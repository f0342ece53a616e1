/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The threads table: 1, 2 and 4 threads doing get+put pairs on one pool of
 * the default build, counted only while every thread had a CPU
 * (threads.c).
 */
#ifndef BENCH_THREADS_H
#define BENCH_THREADS_H

#include "os/os_mempool.h"
#include "report.h"

/* Adds the rows threads.1, threads.2 and threads.4; MP is an initialised
 * pool of BLOCKS blocks, left as it was found. */
void bench_threads(struct os_mempool *mp, unsigned blocks);

/* Fills the threads' parameters of P, for the table's caption. */
void bench_threads_params(struct report_params *p);

#endif /* BENCH_THREADS_H */
